// The offline copy (issue 16): the dashboard and the last exports it showed
// open with no network, and a repeat visit does not wait for the network.
// - The app shell (the page, its script, wasm, stylesheet, icon) is kept per
//   build: served from the cache at once. A new build is a new sw.js (its
//   VERSION, written by scripts/offline.sh), which installs beside the old
//   one and waits; the page then shows "Đã có bản mới — tải lại" and the
//   new one takes over only when the person asks (never a silent switch).
// - Everything else of this origin (exports, their index, the settings, the
//   workers once used): the network first, so a figure is never silently
//   stale; the last copy when the network fails.
// The two lines below are rewritten after each release build.
const VERSION = "dev";
const SHELL = ["./"];

const APP = "chitieu-app-" + VERSION;
const DATA = "chitieu-data";
const scope = new URL("./", self.location).href;
const page = new URL(scope).pathname;

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(APP).then((c) => c.addAll(SHELL)));
});

// Keeps what the open pages have shown before this worker ran: the
// settings, the list of datasets and every bundled export it names, and
// an export a page's address asks for (`?data=`).
function keepShown() {
  const wanted = ["data/config.json", "data/index.json"];
  return self.clients
    .matchAll({ type: "window" })
    .then((pages) => {
      for (const p of pages) {
        const data = new URL(p.url).searchParams.get("data");
        if (data) wanted.push(data);
      }
      return fetch("data/index.json").then((r) => r.json()).then(
        (index) => index.datasets.forEach((d) => wanted.push("data/" + d.file)),
        () => {},
      );
    })
    .then(() =>
      caches.open(DATA).then((c) =>
        Promise.all(
          wanted
            .map((u) => new URL(u, scope).href)
            .filter((u) => u.startsWith(scope))
            .map((u) => fetch(u).then((r) => r.ok && c.put(u, r), () => {})),
        ),
      ),
    );
}

self.addEventListener("activate", (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("chitieu-app-") && k != APP).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
      .then(keepShown),
  );
});

self.addEventListener("message", (e) => {
  if (e.data == "skip") self.skipWaiting();
});

// The network's answer, kept for offline; the last kept copy when there is no network.
function fresh(req) {
  return fetch(req).then(
    (r) => {
      if (r.ok) {
        const copy = r.clone();
        caches.open(DATA).then((c) => c.put(req, copy));
      }
      return r;
    },
    (err) => caches.match(req, { cacheName: DATA }).then((r) => r || Promise.reject(err)),
  );
}

self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method != "GET" || !req.url.startsWith(scope)) return;
  const path = new URL(req.url).pathname;
  if (req.mode == "navigate" && (path == page || path == page + "index.html")) {
    // Any view of the dashboard (its address carries the view): the page of this build.
    e.respondWith(caches.match("./", { cacheName: APP }).then((r) => r || fetch(req)));
    return;
  }
  e.respondWith(caches.match(req, { cacheName: APP, ignoreSearch: true }).then((r) => r || fresh(req)));
});
