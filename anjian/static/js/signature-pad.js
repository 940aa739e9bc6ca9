// 现场签名 (inspections/_signatures.html): a signature pad on a canvas — finger, pen or mouse — whose drawing is
// sent as a PNG file in the form's "image" field, with the device's time of signing and, when the officer allows
// it, the position. Shows the fields that fit the chosen role (an officer from the team; a refusal with its
// witness). Without JavaScript the form still works: a PNG file can be chosen and the server's time is used.
(function () {
  var form = document.getElementById("signature-form");
  if (!form || !window.HTMLCanvasElement) return;
  var MAX_BYTES = 300 * 1024, MAX_W = 2400, MAX_H = 1200;
  var $ = function (selector) { return form.querySelector(selector); };
  var all = function (selector) { return Array.prototype.slice.call(form.querySelectorAll(selector)); };
  var role = form.elements.role, refused = form.elements.refused;
  var pad = $(".signature-pad"), canvas = $(".signature-canvas"), status = $("[data-pad-status]");
  var fileRow = $("[data-file-input]"), fileInput = form.elements.image;
  var ctx = canvas.getContext("2d");
  var inked = false, signedAt = null, drawing = false, last = null;

  function party() { return role.value === "enterprise_head" || role.value === "site_head"; }
  function show(elements, visible) { elements.forEach(function (el) { el.hidden = !visible; }); }
  function sync() {
    if (!party()) refused.checked = false;
    show(all("[data-when-role=officer]"), role.value === "officer");
    show(all("[data-unless-role=officer]"), role.value !== "officer");
    show(all("[data-party-only]"), party());
    show(all("[data-when-refused]"), refused.checked);
    pad.hidden = refused.checked;
    fileRow.hidden = true;  // the pad replaces the file field
    form.querySelector("button[type=submit]").textContent = refused.checked ? "登记拒绝签字" : "保存签名";
    size();
  }

  // The canvas holds device pixels (sharp on high-density screens), at most 2400 × 1200 as the server accepts.
  function size() {
    var box = canvas.getBoundingClientRect(), ratio = window.devicePixelRatio || 1;
    var width = Math.min(Math.round(box.width * ratio), MAX_W), height = Math.min(Math.round(box.height * ratio), MAX_H);
    if (!width || !height || (canvas.width === width && canvas.height === height)) return;
    var kept = inked ? canvas.toDataURL("image/png") : null;
    canvas.width = width;
    canvas.height = height;
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.strokeStyle = "#111827";
    ctx.lineWidth = Math.max(2, 2.5 * ratio);
    if (kept) {
      var image = new Image();
      image.onload = function () { ctx.drawImage(image, 0, 0, width, height); };
      image.src = kept;
    }
  }
  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: (event.clientX - box.left) * canvas.width / box.width, y: (event.clientY - box.top) * canvas.height / box.height };
  }
  function start(event) {
    drawing = true;
    last = point(event);
    ctx.beginPath();
    ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fill();
    inked = true;
    status.textContent = "";
  }
  function move(event) {
    if (!drawing) return;
    var next = point(event);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(next.x, next.y);
    ctx.stroke();
    last = next;
  }
  function end() {
    if (drawing) signedAt = new Date();
    drawing = false;
  }

  if (window.PointerEvent) {
    canvas.addEventListener("pointerdown", function (e) { e.preventDefault(); canvas.setPointerCapture(e.pointerId); start(e); });
    canvas.addEventListener("pointermove", function (e) { e.preventDefault(); move(e); });
    ["pointerup", "pointercancel", "lostpointercapture"].forEach(function (type) { canvas.addEventListener(type, end); });
  } else {  // older browsers: mouse and touch apart
    canvas.addEventListener("mousedown", function (e) { start(e); });
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", end);
    canvas.addEventListener("touchstart", function (e) { e.preventDefault(); start(e.touches[0]); }, { passive: false });
    canvas.addEventListener("touchmove", function (e) { e.preventDefault(); move(e.touches[0]); }, { passive: false });
    canvas.addEventListener("touchend", end);
  }
  $("[data-pad-clear]").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    inked = false;
    signedAt = null;
  });

  // The position: asked for only when the officer ticks the box.
  var geo = $("[data-geo]"), geoToggle = $("[data-geo-toggle]"), geoStatus = $("[data-geo-status]");
  function place(latitude, longitude, accuracy) {
    form.elements.latitude.value = latitude;
    form.elements.longitude.value = longitude;
    form.elements.accuracy_m.value = accuracy;
  }
  if (navigator.geolocation) {
    geo.hidden = false;
    geoToggle.addEventListener("change", function () {
      place("", "", "");
      geoStatus.textContent = "";
      if (!geoToggle.checked) return;
      geoStatus.textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(function (p) {
        place(p.coords.latitude.toFixed(6), p.coords.longitude.toFixed(6), Math.min(Math.round(p.coords.accuracy), 100000));
        geoStatus.textContent = "已定位（±" + Math.round(p.coords.accuracy) + " 米）";
      }, function () {
        geoToggle.checked = false;
        geoStatus.textContent = "无法获取位置，签名不附位置";
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  function send() {
    form.querySelector("button[type=submit]").disabled = true;
    form.submit();
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (refused.checked) {
      form.elements.device_time.value = new Date().toISOString();
      fileInput.value = "";
      return send();
    }
    if (!inked) {
      status.textContent = "请先在框内签名";
      return;
    }
    form.elements.device_time.value = (signedAt || new Date()).toISOString();
    canvas.toBlob(function (blob) {
      if (!blob || blob.size > MAX_BYTES) {
        status.textContent = "签名图像过大，请清除后重签";
        return;
      }
      var file = new File([blob], "signature.png", { type: "image/png" });
      try {
        var list = new DataTransfer();
        list.items.add(file);
        fileInput.files = list.files;
        send();
      } catch (e) {  // no DataTransfer: post the same fields with fetch, then show the page again
        var data = new FormData(form);
        data.set("image", file);
        fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
          .then(function () { window.location.reload(); });
      }
    }, "image/png");
  });

  role.addEventListener("change", sync);
  refused.addEventListener("change", sync);
  window.addEventListener("resize", size);
  sync();
})();
