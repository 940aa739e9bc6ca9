// Anjian field app service worker (ADR 0040). Version {{ version }}.
const CACHE = "anjian-field-{{ version }}";
const ASSETS = {{ assets_json|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith("anjian-field-") && k !== CACHE).map((k) => caches.delete(k))
  )).then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;  // uploads and API reads go to the network; the app keeps its own data
  }
  if (url.pathname === "/field/") {  // the shell: the network when there is one (a fresh sign-in), else the copy
    event.respondWith(fetch(event.request).then((response) => {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put("/field/", copy));
      }
      return response;
    }).catch(() => caches.match("/field/")));
    return;
  }
  event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
});
