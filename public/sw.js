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
// - Of the exports, only the most recently shown are kept: at most
//   MAX_EXPORTS of them and MAX_BYTES in all, the least recently shown
//   going first (a presenter who opened a 30 MB roll-up and a dozen others
//   would otherwise fill the origin's quota, and the browser would then
//   evict the whole origin, app shell included). An export an open page
//   shows, or the one just shown, is never evicted. The settings, the
//   index and the workers are not exports and always stay.
// The two lines below are rewritten after each release build.
const VERSION = "dev";
const SHELL = ["./"];
// The bounds (a test lowers them in its copy of the build).
const MAX_EXPORTS = 8;
const MAX_BYTES = 80000000;

const APP = "chitieu-app-" + VERSION;
const DATA = "chitieu-data";
const scope = new URL("./", self.location).href;
const page = new URL(scope).pathname;
const CONFIG = scope + "data/config.json";
const INDEX = scope + "data/index.json";
// The exports kept, least recently shown first, with their sizes: a list
// in the data cache, [{ "u": url, "n": bytes }]. Recency is not read from
// the order of Cache.keys(): the specification lists entries in insertion
// order and moves an entry put again to the end, but a browser that does
// not would silently evict the wrong exports. The server never answers
// this address (no file has this name), so it is never overwritten.
const KEPT = scope + "chitieu-kept";

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(APP).then((c) => c.addAll(SHELL)));
});

// Whether a kept address is an export (not the settings, the index, this
// list or a worker's script or wasm).
function isExport(url) {
  return url != CONFIG && url != INDEX && url != KEPT && !/\.(js|wasm)$/.test(new URL(url).pathname);
}

// The exports the open pages show, as the page's first script finds them:
// `?data=`, `?dataset=` or, with neither, the index's first dataset.
async function shownByPages(c) {
  const shown = new Set();
  let first = null;
  for (const p of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    if (!p.url.startsWith(scope)) continue;
    const q = new URL(p.url).searchParams, data = q.get("data"), id = q.get("dataset");
    if (data) shown.add(new URL(data, p.url).href);
    else if (id) shown.add(new URL("data/" + id + ".json", scope).href);
    else {
      if (first == null) {
        first = "";
        try {
          const index = await (await c.match(INDEX)).json();
          first = new URL("data/" + index.datasets[0].file, scope).href;
        } catch (_) {}
      }
      if (first) shown.add(first);
    }
  }
  return shown;
}

// The size of a kept response's body, in bytes.
async function sizeOf(c, url) {
  const r = await c.match(url);
  return r ? (await r.blob()).size : 0;
}

// The list of exports kept (KEPT), least recently shown first; empty when
// there is none yet or it cannot be read.
async function keptList(c) {
  try {
    const list = await (await c.match(KEPT)).json();
    if (Array.isArray(list)) return list;
  } catch (_) {}
  return [];
}

// Writes the list of exports kept.
function keepList(c, list) {
  return c.put(KEPT, new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } }));
}

// `url` was just shown (`res`, the network's answer to keep; none when the
// kept copy was shown): it becomes the most recently shown, and the least
// recently shown exports beyond the bounds are evicted.
async function remember(url, res) {
  const c = await caches.open(DATA);
  if (res) await putMakingRoom(c, url, res);
  if (!isExport(url)) return;
  const present = (await c.keys()).map((k) => k.url).filter(isExport);
  let list = await keptList(c);
  const last = list.find((e) => e.u == url);
  list = list.filter((e) => e.u != url && present.includes(e.u));
  // Kept before this list existed (or by an older sw.js): the oldest.
  const older = [];
  for (const u of present) if (u != url && !list.some((e) => e.u == u)) older.push({ u, n: await sizeOf(c, u) });
  list = older.concat(list);
  if (present.includes(url)) list.push({ u: url, n: res || !last ? await sizeOf(c, url) : last.n });
  const shown = await shownByPages(c);
  shown.add(url);
  let count = list.length;
  let bytes = list.reduce((s, e) => s + e.n, 0);
  const kept = [];
  for (const e of list) {
    if ((count > MAX_EXPORTS || bytes > MAX_BYTES) && !shown.has(e.u)) {
      await c.delete(e.u);
      count -= 1;
      bytes -= e.n;
    } else kept.push(e);
  }
  await keepList(c, kept);
}

// Keeps `res` at `url`. When the browser's quota for the origin is full
// (a small disk, other sites), the least recently shown exports no page
// shows make room, one at a time, rather than the export just shown not
// being kept offline; when none is left to evict, it is not kept.
async function putMakingRoom(c, url, res) {
  for (;;) {
    try {
      await c.put(url, res.clone());
      return;
    } catch (err) {
      if (!err || err.name != "QuotaExceededError") throw err;
      const list = await keptList(c);
      const shown = await shownByPages(c);
      shown.add(url);
      const oldest = list.find((e) => !shown.has(e.u));
      if (!oldest) throw err;
      await c.delete(oldest.u);
      await keepList(c, list.filter((e) => e != oldest));
    }
  }
}

// One change of the data cache at a time, in the order the exports were
// shown (each reads and rewrites the list).
let queue = Promise.resolve();
function keep(url, res) {
  queue = queue.then(() => remember(url, res)).catch(() => {});
  return queue;
}

// Keeps the worker alive until `url` is remembered; never fails the answer.
function keepAfter(e, url, res) {
  try {
    e.waitUntil(keep(url, res));
  } catch (_) {}
}

// Keeps what the open pages have shown before this worker ran: the
// settings, the list of datasets and the export each page shows.
async function keepShown() {
  const c = await caches.open(DATA);
  const get = (u) => fetch(u).then((r) => (r.ok ? r : null), () => null);
  for (const u of [CONFIG, INDEX]) {
    const r = await get(u);
    if (r) await c.put(u, r);
  }
  for (const u of await shownByPages(c)) {
    if (!u.startsWith(scope)) continue;
    const r = await get(u);
    if (r) await keep(u, r);
  }
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

// The network's answer, kept for offline; the last kept copy when there is
// no network. Either way the export is now the most recently shown.
function fresh(e) {
  const req = e.request;
  return fetch(req).then(
    (r) => {
      if (r.ok) keepAfter(e, req.url, r.clone());
      return r;
    },
    (err) =>
      caches.match(req, { cacheName: DATA }).then((r) => {
        if (!r) throw err;
        keepAfter(e, req.url);
        return r;
      }),
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
  e.respondWith(caches.match(req, { cacheName: APP, ignoreSearch: true }).then((r) => r || fresh(e)));
});
