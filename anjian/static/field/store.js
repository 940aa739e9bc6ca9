"use strict";
// The phone's own store (IndexedDB, one database per account): the pack of inspections, the records waiting for
// upload (in the order they were made) and the photos (as Blobs). Nothing here is lost when the page closes.
window.FieldStore = (function () {
  let opened = null;
  function open(user) {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        const r = indexedDB.open("anjian-field-" + user, 1);
        r.onupgradeneeded = function () {
          const db = r.result;
          db.createObjectStore("kv");
          db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
          db.createObjectStore("photos", { keyPath: "client_id" });
        };
        r.onsuccess = function () { resolve(r.result); };
        r.onerror = function () { reject(r.error); };
      });
    }
    return opened;
  }
  let user = "";
  function run(store, mode, op) {
    return open(user).then(function (db) {
      return new Promise(function (resolve, reject) {
        const t = db.transaction(store, mode);
        const r = op(t.objectStore(store));
        t.oncomplete = function () { resolve(r ? r.result : undefined); };
        t.onerror = t.onabort = function () { reject(t.error); };
      });
    });
  }
  return {
    use: function (name) { user = name || "anonymous"; },
    get: function (key) { return run("kv", "readonly", function (s) { return s.get(key); }); },
    set: function (key, value) { return run("kv", "readwrite", function (s) { return s.put(value, key); }); },
    add: function (record) { return run("outbox", "readwrite", function (s) { return s.add(record); }); },
    put: function (record) { return run("outbox", "readwrite", function (s) { return s.put(record); }); },
    outbox: function () { return run("outbox", "readonly", function (s) { return s.getAll(); }); },
    drop: function (seq) { return run("outbox", "readwrite", function (s) { return s.delete(seq); }); },
    addPhoto: function (photo) { return run("photos", "readwrite", function (s) { return s.put(photo); }); },
    photos: function () { return run("photos", "readonly", function (s) { return s.getAll(); }); },
    dropPhoto: function (id) { return run("photos", "readwrite", function (s) { return s.delete(id); }); },
  };
})();
