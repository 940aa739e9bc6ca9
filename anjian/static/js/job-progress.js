// The job page (#job[data-api]) asks GET /api/v1/jobs/<id> every 2 s while the job is queued or running and
// updates the bar, the counts, the failure words and the result link. Without JavaScript the page's 刷新 link
// does the same.
(function () {
  var box = document.getElementById("job");
  if (!box || !window.fetch) return;
  var field = function (name) { return box.querySelector('[data-job="' + name + '"]'); };
  var running = function (state) { return state === "queued" || state === "running"; };
  function show(job) {
    field("state_label").textContent = job.state_label;
    var bar = field("percent");
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    field("counts").textContent = job.progress_total ? job.progress_done + " / " + job.progress_total : "";
    field("message").textContent = job.message;
    field("error_text").textContent = job.error;
    field("error").hidden = !job.error;
    field("result_message").textContent = job.result_message;
    field("result_message").hidden = !job.result_message;
    if (job.result_url) field("result_link").href = job.result_url;
    field("result").hidden = !job.result_url;
    field("refresh").hidden = !running(job.state);
    box.dataset.state = job.state;
  }
  function poll() {
    if (!running(box.dataset.state)) return;
    fetch(box.dataset.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (job) show(job);
        if (job && running(job.state)) setTimeout(poll, 2000);
        else if (job && job.state !== "cancelled") window.location.reload();  // the page shows the final buttons
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
