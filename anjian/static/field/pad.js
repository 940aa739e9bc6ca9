"use strict";
// A signature pad: a canvas drawn with a finger, a pen or a mouse (pointer events); exported as a PNG data URL.
window.SignaturePad = function (canvas) {
  const ctx = canvas.getContext("2d");
  let drawing = false, strokes = 0;
  function size() {
    const r = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, Math.round(r.width));
    canvas.height = Math.max(1, Math.round(r.height));
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.strokeStyle = "#10204a";
    strokes = 0;
  }
  function at(e) { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
  canvas.addEventListener("pointerdown", function (e) {
    drawing = true; canvas.setPointerCapture(e.pointerId);
    const p = at(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]);
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!drawing) return;
    const p = at(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); strokes += 1;
  });
  ["pointerup", "pointercancel"].forEach(function (n) { canvas.addEventListener(n, function () { drawing = false; }); });
  size();
  return {
    clear: size,
    empty: function () { return strokes < 3; },
    png: function () { return canvas.toDataURL("image/png"); },
  };
};
