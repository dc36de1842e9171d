// A competent hand-written chart page: fetch the export, JSON.parse it and
// draw one indicator (bars per period, the running total, the targets) with
// Chart.js, no animation. `?data=<export>&unit=<id>&indicator=<id>`.
"use strict";
const q = new URLSearchParams(location.search);
const text = fetch(q.get("data")).then((r) => r.text());
const ready = new Promise((done) => addEventListener("DOMContentLoaded", done));
Promise.all([text, ready]).then(([t]) => {
  const d = JSON.parse(t);
  const unit = d.units.find((u) => u.id == q.get("unit"));
  let ind;
  for (const s of unit.sections) ind = ind || s.indicators.find((i) => i.id == q.get("indicator"));
  const label = (p) => (p.kind == "quarter" ? `Q${p.quarter}/${p.year}` : p.label || p.id);
  const byId = new Map(d.periods.map((p) => [p.id, p]));
  const labels = ind.values.map((v) => label(byId.get(v.period)));
  const values = ind.values.map((v) => Number(v.value));
  let sum = 0;
  const running = values.map((v) => (sum += v));
  const targets = (ind.targets || []).map((t, i) => ({
    type: "line",
    label: t.label,
    data: labels.map(() => Number(t.value)),
    borderColor: ["#b91c1c", "#92400e", "#4b5563"][i % 3],
    borderDash: [6, 4],
    pointRadius: 0,
  }));
  document.getElementById("title").textContent = ind.name;
  new Chart(document.getElementById("chart"), {
    data: {
      labels,
      datasets: [
        { type: "bar", label: "Kỳ", data: values, backgroundColor: "#1e3a8a" },
        { type: "line", label: "Lũy kế", data: running, borderColor: "#0f172a", backgroundColor: "#0f172a" },
        ...targets,
      ],
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { title: { display: true, text: ind.name } } },
  });
});
