// The floor of the benchmark: fetch the export, JSON.parse it, fill one bar
// per period of one indicator. `?data=<export>&unit=<id>&indicator=<id>`.
"use strict";
const q = new URLSearchParams(location.search);
const text = fetch(q.get("data")).then((r) => r.text());
const ready = new Promise((done) => addEventListener("DOMContentLoaded", done));
Promise.all([text, ready]).then(([t]) => {
  const d = JSON.parse(t);
  const unit = d.units.find((u) => u.id == q.get("unit"));
  let ind;
  for (const s of unit.sections) ind = ind || s.indicators.find((i) => i.id == q.get("indicator"));
  const values = ind.values.map((v) => Number(v.value));
  const top = Math.max(1, ...values);
  const c = document.getElementById("chart").getContext("2d");
  c.fillStyle = "#1e3a8a";
  const w = 800 / Math.max(1, values.length);
  values.forEach((v, i) => c.fillRect(i * w + 2, 400 - (v / top) * 380, w - 4, (v / top) * 380));
});
