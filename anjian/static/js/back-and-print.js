"use strict";
// 取消 on a form (templates/form.html): back to the page the user came from when the browser has one, else the
// link's own address (the CSP forbids javascript: links).
document.addEventListener("click", function (event) {
  const link = event.target.closest("a[data-back]");
  if (!link || window.history.length < 2 || !document.referrer.startsWith(window.location.origin)) return;
  event.preventDefault();
  window.history.back();
});

// 打印 on a printable page (supervision/handover_print.html).
document.addEventListener("click", function (event) {
  if (!event.target.closest("a[data-print]")) return;
  event.preventDefault();
  window.print();
});
