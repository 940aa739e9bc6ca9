"use strict";
// The officer's phone app (issue 14, ADR 0040). Before leaving: take the coming inspections onto the phone. On site,
// with or without network: start, record checklist results, hazards, photos and signatures, end. Back in coverage:
// upload in the order made; each record carries a client-made id, so a retried upload never duplicates anything.
(function () {
  const body = document.body, API = body.dataset.api, S = window.FieldStore;
  S.use(body.dataset.user);
  const state = { pack: null, outbox: [], photos: [], conflicts: [], open: null, syncing: false };
  const $ = function (id) { return document.getElementById(id); };

  function h(tag, attrs) {  // a DOM element; text children are text nodes (never parsed as HTML)
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function (kv) {
      if (kv[1] === null || kv[1] === undefined || kv[1] === false) return;
      if (kv[0].startsWith("on")) el.addEventListener(kv[0].slice(2), kv[1]);
      else el.setAttribute(kv[0], kv[1] === true ? "" : kv[1]);
    });
    Array.prototype.slice.call(arguments, 2).flat().forEach(function (c) {
      if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    });
    return el;
  }
  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const x = Array.from(b, function (v) { return v.toString(16).padStart(2, "0"); }).join("");
    return x.slice(0, 8) + "-" + x.slice(8, 12) + "-" + x.slice(12, 16) + "-" + x.slice(16, 20) + "-" + x.slice(20);
  }
  function say(text, kind) { const m = $("message"); m.textContent = text; m.className = "message " + (kind || ""); }
  function where() {  // the position, when the officer allows it (never waits more than 4 s)
    return new Promise(function (resolve) {
      if (!navigator.geolocation) return resolve(null);
      const t = setTimeout(function () { resolve(null); }, 4000);
      navigator.geolocation.getCurrentPosition(function (p) {
        clearTimeout(t);
        resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy_m: p.coords.accuracy });
      }, function () { clearTimeout(t); resolve(null); }, { enableHighAccuracy: true, timeout: 3500, maximumAge: 60000 });
    });
  }
  async function record(kind, inspectionId, fields) {  // a record made now, kept on the phone until uploaded
    const rec = Object.assign({ client_id: uuid(), kind: kind, inspection_id: inspectionId,
                                device_time: new Date().toISOString(), position: await where() }, fields);
    if (!rec.position) delete rec.position;
    await S.add(rec);
    await load();
    if (navigator.onLine) sync();
    return rec;
  }
  async function device() {
    let d = await S.get("device");
    if (!d) { d = "phone-" + uuid().slice(0, 8); await S.set("device", d); }
    return d;
  }
  async function load(quiet) {  // quiet: after an upload, only the counters and notes (forms being filled stay)
    state.pack = (await S.get("pack")) || null;
    state.outbox = await S.outbox();
    state.photos = await S.photos();
    if (quiet && state.open && state.touched) { renderHead(); return; }
    render();
  }
  // Something typed, chosen or drawn in the open inspection that a redraw would lose: after an upload the page
  // then only updates its counters.
  ["input", "change", "pointerdown"].forEach(function (n) {
    $("detail").addEventListener(n, function (e) { if (e.target.matches("input, textarea, select, canvas")) state.touched = true; });
  });

  // ---- network
  async function call(path, options) {
    const csrf = await S.get("csrf");
    const o = Object.assign({ credentials: "same-origin", headers: {} }, options || {});
    if (o.method && o.method !== "GET") o.headers["X-CSRFToken"] = csrf || "";
    const r = await fetch(API + path, o);
    if (r.status === 401 || r.status === 403) {
      throw Object.assign(new Error("登录已过期或无权限，请联网后重新登录（手机上的记录不会丢失）"), { status: r.status });
    }
    const data = await r.json();
    if (!r.ok) throw Object.assign(new Error(data.message || ("服务器返回 " + r.status)), { status: r.status });
    return data;
  }
  async function fetchPack() {
    try {
      const pack = await call("pack?days=" + encodeURIComponent($("days").value));
      if (pack.username !== body.dataset.user) {  // signed in as someone else since this page was opened
        say("当前登录的账号与本页不同：请重新打开“现场执法”（本页记录仍保存在手机上）", "error");
        return;
      }
      await S.set("csrf", pack.csrf_token);
      delete pack.csrf_token;
      pack.fetched_at = new Date().toISOString();
      await S.set("pack", pack);
      await load(state.syncing);
      say("已取回 " + pack.inspections.length + " 项检查任务", "ok");
    } catch (e) { say(navigator.onLine ? e.message : "没有网络：使用手机上已有的任务", "error"); }
  }
  async function sync() {
    try { await upload(); } catch (e) {
      if (e.status !== 403 || !navigator.onLine) return;
      await S.set("csrf", "");  // signed in again since: a fresh token, then once more
      await upload();
    }
  }
  async function upload() {
    if (state.syncing) return;
    if (!navigator.onLine) { say("没有网络：记录保存在手机上，联网后上传", "error"); return; }
    state.syncing = true;
    try {
      if (!(await S.get("csrf"))) await fetchPack();
      const dev = await device();
      const waiting = (await S.outbox()).sort(function (a, b) { return a.seq - b.seq; });
      let batch = [];
      const post = function (sent) {
        const records = sent.map(function (r) { const c = Object.assign({}, r); delete c.seq; delete c.problem; return c; });
        return call("sync", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ username: body.dataset.user, device: dev, sent_at: new Date().toISOString(),
                                 records: records }) });
      };
      const flush = async function () {
        if (!batch.length) return;
        const sent = batch; batch = [];
        let out;
        try { out = await post(sent); } catch (e) {
          if (e.status !== 422) throw e;
          if (sent.length === 1) {  // this record itself is refused: kept with the reason, the rest go on
            sent[0].problem = e.message; await S.put(sent[0]); return;
          }
          for (const r of sent) { batch = [r]; await flush(); }  // find which one, one by one
          return;
        }
        for (let i = 0; i < out.length; i++) {
          const o = out[i], r = sent[i];
          if (o.outcome === "rejected") { r.problem = o.message; await S.put(r); }
          else await S.drop(r.seq);
        }
      };
      for (const r of waiting) {
        if (r.kind === "signature") { await flush(); batch.push(r); await flush(); } else { batch.push(r); }
        if (batch.length >= 20) await flush();
      }
      await flush();
      const pendingHazards = new Set((await S.outbox()).filter(function (r) { return r.kind === "hazard"; })
        .map(function (r) { return r.client_id; }));
      for (const p of await S.photos()) {
        if (p.hazard_client_id && pendingHazards.has(p.hazard_client_id)) continue;  // its hazard goes first
        const f = new FormData();
        f.append("file", p.blob, p.name);
        ["client_id", "inspection_id", "device_time", "hazard_client_id", "caption"].forEach(function (k) {
          if (p[k]) f.append(k, p[k]);
        });
        if (p.hazard_id) f.append("hazard_id", p.hazard_id);
        if (p.position) ["latitude", "longitude", "accuracy_m"].forEach(function (k) {
          if (p.position[k] !== null && p.position[k] !== undefined) f.append(k, p.position[k]);
        });
        f.append("sent_at", new Date().toISOString());
        f.append("device", dev);
        f.append("username", body.dataset.user);
        let o;
        try { o = await call("photos", { method: "POST", body: f }); } catch (e) {
          if (e.status !== 422) throw e;
          o = { outcome: "rejected", message: e.message };
        }
        if (o.outcome === "rejected") { p.problem = o.message; await S.addPhoto(p); } else await S.dropPhoto(p.client_id);
      }
      state.conflicts = await call("conflicts");
      await fetchPack();
      const left = (await S.outbox()).length + (await S.photos()).length;
      say(left ? "已上传；" + left + " 项未能上传，见下方原因" : "已全部上传", left ? "error" : "ok");
    } catch (e) {
      say((navigator.onLine ? "" : "网络中断：") + e.message + "（未上传的记录仍在手机上，可再次上传）", "error");
      throw e;
    } finally {
      await load(true);
      state.syncing = false;
    }
  }
  async function settle(c, resolution) {
    try {
      await call("conflicts/" + c.id + "/settle", { method: "POST", headers: { "Content-Type": "application/json" },
                                                     body: JSON.stringify({ resolution: resolution }) });
      state.conflicts = await call("conflicts");
      await fetchPack();
    } catch (e) { say(e.message, "error"); }
  }

  // ---- views
  function local(inspectionId, kind) {
    return state.outbox.filter(function (r) { return r.inspection_id === inspectionId && (!kind || r.kind === kind); });
  }
  function status(i) {
    if (local(i.id, "end").length) return "已结束（待上传）";
    if (local(i.id, "start").length) return "实施中（待上传）";
    return { approved: "待实施", in_progress: "实施中" }[i.status] || i.status;
  }
  function renderHead() {
    const pack = state.pack, waiting = state.outbox.length + state.photos.length;
    $("pending").textContent = waiting;
    $("summary").textContent = pack ? "手机上有 " + pack.inspections.length + " 项检查（取回于 " +
      new Date(pack.fetched_at).toLocaleString("zh-CN") + "），待上传 " + waiting + " 项" : "手机上还没有检查任务：联网时点“取回检查任务”";
    renderConflicts(); renderProblems();
  }
  function render() {
    state.touched = false;
    renderHead();
    const pack = state.pack;
    const list = $("list"), detail = $("detail");
    list.replaceChildren(); detail.replaceChildren();
    if (!pack) return;
    const open = state.open && pack.inspections.find(function (i) { return i.id === state.open; });
    list.hidden = !!open; detail.hidden = !open;
    if (open) return renderDetail(open);
    pack.inspections.forEach(function (i) {
      list.append(h("div", { class: "card" },
        h("h3", {}, i.enterprise.name), h("p", { class: "muted" }, i.planned_date + " · " + status(i) + " · " + i.enterprise.address),
        h("button", { type: "button", onclick: function () { state.open = i.id; render(); window.scrollTo(0, 0); } }, "打开")));
    });
  }
  function renderConflicts() {
    const box = $("conflicts");
    box.replaceChildren();
    box.hidden = !state.conflicts.length;
    if (!state.conflicts.length) return;
    box.append(h("h2", {}, "同步冲突（" + state.conflicts.length + "）"));
    state.conflicts.forEach(function (c) {
      box.append(h("div", { class: "card conflict" }, h("p", {}, c.enterprise_name + "：" + c.message),
        h("p", { class: "muted" }, "服务器上：" + (c.server.description || c.server.result || c.server.status || "")),
        h("p", { class: "muted" }, "手机上：" + (c.mine.description || c.mine.result || c.mine.summary || "")),
        h("div", { class: "row" },
          h("button", { type: "button", class: "secondary", onclick: function () { settle(c, "server"); } }, "保留服务器版本"),
          ["hazard_update", "checklist"].includes(c.kind) ?
            h("button", { type: "button", onclick: function () { settle(c, "mine"); } }, "采用手机内容") : null)));
    });
  }
  function renderProblems() {
    const box = $("problems"), bad = state.outbox.concat(state.photos).filter(function (r) { return r.problem; });
    box.replaceChildren();
    box.hidden = !bad.length;
    if (!bad.length) return;
    box.append(h("h2", {}, "未能上传（" + bad.length + "）"));
    bad.forEach(function (r) {
      box.append(h("div", { class: "card" }, h("p", {}, (r.kind ? kindLabel(r.kind) : "照片") + "：" + r.problem),
        h("button", { type: "button", class: "danger", onclick: async function () {
          if (!confirm("删除这条手机上的记录？")) return;
          if (r.seq) await S.drop(r.seq); else await S.dropPhoto(r.client_id);
          load();
        } }, "删除此记录")));
    });
  }
  function kindLabel(k) {
    return { start: "开始检查", checklist: "检查项目结果", hazard: "登记隐患", hazard_update: "修改隐患",
             signature: "现场签名", end: "结束检查" }[k] || k;
  }
  function field(label, control) { return h("label", {}, label, control); }
  function select(name, options, first) {
    return h("select", { name: name }, first ? h("option", { value: "" }, first) : null,
      Object.entries(options).map(function (kv) { return h("option", { value: kv[0] }, kv[1]); }));
  }
  function renderDetail(i) {
    const d = $("detail"), vocab = state.pack.vocab, e = i.enterprise;
    const items = state.pack.checklist.filter(function (c) { return i.checklist.includes(c.id); });
    const started = i.status === "in_progress" || local(i.id, "start").length;
    d.append(h("button", { type: "button", class: "secondary", onclick: function () { state.open = null; render(); } }, "← 全部检查"));
    d.append(h("div", { class: "card" }, h("h2", {}, e.name),
      h("p", { class: "muted" }, e.uscc + " · " + e.industry_label), h("p", {}, e.address),
      h("p", { class: "muted" }, "联系人 " + (e.contact || "—") + " " + (e.phone || "")),
      h("p", {}, "计划 " + i.planned_date + " · " + status(i) + " · " + i.agency)));
    if (!started) {
      const place = h("input", { name: "place", value: i.place || "", maxlength: "200" });
      d.append(h("div", { class: "card" }, field("检查场所", place),
        h("button", { type: "button", id: "start", onclick: function () { record("start", i.id, { place: place.value }); } }, "开始检查")));
      return;
    }
    // checklist
    const results = {};
    i.results.forEach(function (r) { results[r.item_id] = r; });
    local(i.id, "checklist").forEach(function (r) { results[r.item_id] = Object.assign({}, results[r.item_id], { result: r.result, local: true }); });
    d.append(h("div", { class: "card" }, h("h3", {}, "检查项目（" + items.length + "）"),
      items.map(function (c) {
        const now = results[c.id] || {};
        return h("div", { class: "check-item" }, h("div", {}, c.is_key ? h("span", { class: "tag" }, "重点") : null, c.content),
          h("div", { class: "muted" }, c.legal_basis),
          h("div", { class: "choices" }, Object.entries(vocab.results).map(function (kv) {
            return h("button", { type: "button", "aria-pressed": now.result === kv[0] ? "true" : "false",
              onclick: function () { record("checklist", i.id, { item_id: c.id, result: kv[0], base_version: (i.results.find(function (r) { return r.item_id === c.id; }) || {}).version || "" }); } }, kv[1]);
          })));
      })));
    // hazards
    const list = h("ul", { class: "plain" });
    i.hazards.forEach(function (z) {
      list.append(h("li", {}, z.description, " ", h("span", { class: "tag" }, vocab.handlings[z.handling] || z.handling),
        z.deadline ? h("span", { class: "muted" }, " 期限 " + z.deadline) : null,
        h("button", { type: "button", class: "secondary", onclick: function () { editHazard(i, z); } }, "修改")));
    });
    local(i.id, "hazard").forEach(function (z) {
      list.append(h("li", {}, z.description, " ", h("span", { class: "tag local" }, "待上传")));
    });
    d.append(h("div", { class: "card" }, h("h3", {}, "隐患（" + list.children.length + "）"), list, hazardForm(i, items)));
    if (i.earlier_hazards.length) {
      d.append(h("div", { class: "card" }, h("h3", {}, "以往未整改完毕的隐患（复查）"),
        h("ul", { class: "plain" }, i.earlier_hazards.map(function (z) { return h("li", {}, z.description, h("span", { class: "muted" }, " 期限 " + (z.deadline || "—"))); }))));
    }
    d.append(photoForm(i, null, "现场照片"));
    d.append(signatureForm(i));
    if (i.status === "in_progress" || !local(i.id, "end").length) {
      const summary = h("textarea", { name: "summary", maxlength: "5000" });
      d.append(h("div", { class: "card" }, h("h3", {}, "结束检查"), field("检查情况", summary),
        h("button", { type: "button", id: "end", onclick: function () {
          if (!summary.value.trim()) { say("请填写检查情况", "error"); return; }
          record("end", i.id, { summary: summary.value });
        } }, "结束检查")));
    }
  }
  function hazardForm(i, items, hazard) {
    const f = h("form", { class: "hazard-form" });
    const desc = h("textarea", { name: "description", required: true, maxlength: "5000" }, hazard ? hazard.description : "");
    const item = h("select", { name: "checklist_item_id" }, h("option", { value: "" }, "（不对应检查项目）"),
      items.map(function (c) { return h("option", { value: c.id }, c.content.slice(0, 40)); }));
    const handling = select("handling", state.pack.vocab.handlings);
    const deadline = h("input", { type: "date", name: "deadline", value: hazard && hazard.deadline ? hazard.deadline : "" });
    const measures = h("div", { class: "measures" }, Object.entries(state.pack.vocab.measures).map(function (kv) {
      return h("label", { class: "checkbox" }, h("input", { type: "checkbox", name: "measures", value: kv[0] }), kv[1]);
    }));
    const photos = hazard ? null : h("input", { type: "file", name: "photos", accept: "image/*,video/*", capture: "environment", multiple: true });
    if (hazard) { handling.value = hazard.handling; item.value = hazard.checklist_item_id || ""; }
    f.append(h("h3", {}, hazard ? "修改隐患" : "登记隐患"), field("隐患描述", desc), field("对应检查项目", item),
      field("处理方式", handling), field("整改期限", deadline), h("div", {}, "现场处理措施", measures),
      photos ? field("照片、视频", photos) : null, h("button", { type: "submit" }, hazard ? "保存修改" : "保存隐患"));
    f.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      const values = { description: desc.value, handling: handling.value,
        checklist_item_id: item.value ? Number(item.value) : null, deadline: deadline.value || null,
        measures: Array.from(f.querySelectorAll("input[name=measures]:checked"), function (x) { return x.value; }) };
      if (hazard) {
        await record("hazard_update", i.id, Object.assign(values, { hazard_id: hazard.id, base_version: hazard.version }));
        return;
      }
      const rec = await record("hazard", i.id, values);
      await keepPhotos(i, photos.files, { hazard_client_id: rec.client_id });
      await load();
    });
    return f;
  }
  function editHazard(i, z) {
    const d = $("detail");
    d.replaceChildren(h("button", { type: "button", class: "secondary", onclick: function () { render(); } }, "← 返回"),
      h("div", { class: "card" }, hazardForm(i, state.pack.checklist.filter(function (c) { return i.checklist.includes(c.id); }), z)));
  }
  async function keepPhotos(i, files, extra) {
    const position = files.length ? await where() : null;
    for (const file of Array.from(files)) {
      await S.addPhoto(Object.assign({ client_id: uuid(), inspection_id: i.id, device_time: new Date().toISOString(),
        blob: file, name: file.name || "photo.jpg", position: position }, extra));
    }
    if (navigator.onLine) sync();
  }
  function photoForm(i, hazardId, title) {
    const input = h("input", { type: "file", name: "photos", accept: "image/*,video/*", capture: "environment", multiple: true });
    const mine = state.photos.filter(function (p) { return p.inspection_id === i.id; }).length;
    return h("div", { class: "card" }, h("h3", {}, title), mine ? h("p", { class: "muted" }, mine + " 张待上传") : null,
      input, h("button", { type: "button", id: "add-photos", onclick: async function () {
        if (!input.files.length) { say("请先拍照或选择照片", "error"); return; }
        await keepPhotos(i, input.files, {}); await load();
      } }, "保存照片"));
  }
  function signatureForm(i) {
    const roles = select("role", state.pack.vocab.roles);
    const name = h("input", { name: "signer_name", maxlength: "200" });
    const officer = h("select", { name: "officer_id" }, i.team.map(function (m) { return h("option", { value: m.officer_id }, m.name); }));
    const refused = h("input", { type: "checkbox", name: "refused" });
    const witness = h("input", { name: "witness_name", maxlength: "200" });
    const canvas = h("canvas", { class: "pad", "aria-label": "签名区" });
    const done = local(i.id, "signature").length + " 个签名待上传";
    const card = h("div", { class: "card" }, h("h3", {}, "现场签名"), h("p", { class: "muted" }, done),
      field("签名人身份", roles), field("签名人姓名", name), field("执法人员", officer),
      h("label", { class: "checkbox" }, refused, "拒绝签字（由见证人见证）"), field("见证人", witness), canvas);
    let pad = null;
    requestAnimationFrame(function () { pad = window.SignaturePad(canvas); });
    card.append(h("div", { class: "row" },
      h("button", { type: "button", class: "secondary", onclick: function () { pad.clear(); } }, "重写"),
      h("button", { type: "button", id: "save-signature", onclick: async function () {
        const fields = { role: roles.value, signer_name: name.value, refused: refused.checked, witness_name: witness.value,
                         officer_id: roles.value === "officer" ? Number(officer.value) : null };
        if (!refused.checked) {
          if (pad.empty()) { say("请在签名区签名", "error"); return; }
          fields.image = pad.png();
        }
        await record("signature", i.id, fields);
      } }, "保存签名")));
    return card;
  }

  // ---- start
  function net() {
    const n = $("net");
    n.textContent = navigator.onLine ? "在线" : "离线";
    n.className = "net" + (navigator.onLine ? "" : " offline");
  }
  window.addEventListener("online", function () { net(); sync(); });
  window.addEventListener("offline", net);
  $("fetch").addEventListener("click", fetchPack);
  $("sync").addEventListener("click", sync);
  net();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register(body.dataset.sw, { scope: "/field/" }).catch(function () {});
  load().then(function () { if (!state.pack && navigator.onLine) fetchPack(); });
})();
