// The job page (#job[data-api]) asks GET /api/v1/jobs/<id> every 2 s while the job is queued or running and
// updates the bar, the counts, the failure words and the result link (retrying failures, see poll). Without JavaScript the page's 刷新 link
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
  // Any failure (a 502/503 while the server reloads, a 400, the network) is retried with a growing pause,
  // 2 s doubling up to 30 s; polling stops only at a final state or a 404 (the job is gone or out of reach).
  var pause = 2000;
  function retry() {
    pause = Math.min(pause * 2, 30000);
    setTimeout(poll, pause);
  }
  function poll() {
    if (!running(box.dataset.state)) return;
    fetch(box.dataset.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 404) return "gone";
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (job) {
        if (job === "gone") return;
        show(job);
        pause = 2000;
        if (running(job.state)) setTimeout(poll, pause);
        else if (job.state !== "cancelled") window.location.reload();  // the page shows the final buttons
      })
      .catch(retry);
  }
  setTimeout(poll, pause);
})();
