// A form marked data-busy="正在签发…" says so on its submit button while the server works, shows its
// [data-busy-note], and is not sent twice. Without JavaScript the form still works (the page states the wait).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-busy]")) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  form.setAttribute("aria-busy", "true");
  form.querySelectorAll("button[type=submit]").forEach(function (button) {
    button.disabled = true;
    button.textContent = form.dataset.busy;
  });
  form.querySelectorAll("[data-busy-note]").forEach(function (note) { note.hidden = false; });
});
