// v2vsim Visualizer: renders window.V2V_DATA (written by `v2vsim visualize`) with Chart.js.
// Its only contract with the simulator is the data schema, checked below.
"use strict";

(function () {
  const SUPPORTED_SCHEMA = 1;
  const data = window.V2V_DATA;
  const fail = (message) => {
    const box = document.getElementById("error");
    box.hidden = false;
    box.textContent = message;
    document.body.dataset.ready = "error";
  };
  if (!data) return fail("No data: data.js is missing or did not load. Run `v2vsim visualize TRACE --out DIR`.");
  if (data.schema_version !== SUPPORTED_SCHEMA) {
    return fail(`This page reads schema_version ${SUPPORTED_SCHEMA}; the data has ${data.schema_version}.`);
  }
  if (typeof Chart === "undefined") return fail("Chart.js did not load (chart.min.js).");

  const meta = data.meta;
  const num = (k) => Number(meta[k] || 0);
  document.getElementById("title").textContent = `v2vsim — ${meta.scenario_name}`;
  document.getElementById("subtitle").textContent =
    `seed ${meta.seed} · v2vsim ${meta.program_version} · ${data.seconds} s simulated · event digest ${(meta.event_digest || "").slice(0, 16)}…`;

  // Latency percentiles from the histogram (bin resolution).
  const counts = data.latency_histogram.counts, bin = data.latency_histogram.bin_ms;
  const total = counts.reduce((a, b) => a + b, 0);
  const percentile = (p) => {
    if (!total) return "n/a";
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= (p / 100) * total) return `${((i + 1) * bin).toFixed(2)} ms`;
    }
    return `>${(counts.length * bin).toFixed(2)} ms`;
  };
  const rejectedTotal = Object.values(data.rejected_per_s).flat().reduce((a, b) => a + b, 0);
  const cards = [
    ["vehicles", num("summary.vehicles")], ["RSUs", num("summary.rsus")],
    ["messages sent", num("summary.messages_sent")], ["received by vehicles", num("summary.vehicle_receptions")],
    ["accepted", num("summary.accepted")], ["rejected", rejectedTotal], ["unchecked", num("summary.unchecked")],
    // Exact percentiles from the run's summary when present, else from the histogram (bin resolution).
    ...[50, 95, 99].map((p) => [`latency p${p}`,
      meta[`summary.latency_p${p}_ms`] !== undefined ? `${meta[`summary.latency_p${p}_ms`]} ms` : percentile(p)]),
    ["blocks final", num("summary.blocks_final")], ["leaves anchored", num("summary.leaves_anchored")],
    ["libsodium sign / verify", `${num("summary.sign_calls")} / ${num("summary.verify_calls")}`],
  ];
  const cardBox = document.getElementById("cards");
  for (const [label, value] of cards) {
    const card = document.createElement("div");
    card.className = "card";
    card.dataset.label = label;
    card.innerHTML = `<div class="value"></div><div class="label"></div>`;
    card.querySelector(".value").textContent = typeof value === "number" ? value.toLocaleString("en") : value;
    card.querySelector(".label").textContent = label;
    cardBox.appendChild(card);
  }

  Chart.defaults.animation = false; // static figures: screenshots and prints show the final state
  const seconds = Array.from({ length: data.seconds }, (_, i) => i);
  const palette = ["#c0392b", "#8e44ad", "#d35400", "#7f8c8d", "#16a085", "#2c3e50", "#f39c12", "#27ae60"];
  const charts = [];

  const trafficSets = [
    { label: "sent", data: data.sent_per_s, borderColor: "#2c6fbb", yAxisID: "y1" },
    { label: "accepted", data: data.accepted_per_s, borderColor: "#27ae60", yAxisID: "y" },
  ];
  if (data.unchecked_per_s.some((v) => v > 0)) {
    trafficSets.push({ label: "unchecked (verify: none)", data: data.unchecked_per_s, borderColor: "#f39c12", yAxisID: "y" });
  }
  Object.keys(data.rejected_per_s).forEach((reason, i) => trafficSets.push(
    { label: `rejected: ${reason}`, data: data.rejected_per_s[reason], borderColor: palette[i % palette.length], yAxisID: "y" }));
  charts.push(new Chart(document.getElementById("traffic"), {
    type: "line",
    data: { labels: seconds, datasets: trafficSets.map((d) => ({ ...d, pointRadius: 0, borderWidth: 2 })) },
    options: { scales: { x: { title: { display: true, text: "time [s]" } },
                         y: { title: { display: true, text: "receptions / s" }, beginAtZero: true },
                         y1: { position: "right", title: { display: true, text: "messages sent / s" }, beginAtZero: true,
                               grid: { drawOnChartArea: false } } } },
  }));

  charts.push(new Chart(document.getElementById("latency"), {
    type: "bar",
    data: { labels: counts.map((_, i) => (i * bin).toFixed(2)),
            datasets: [{ label: "receptions", data: counts, backgroundColor: "#2c6fbb" }] },
    options: { scales: { x: { title: { display: true, text: "latency [ms] (last bin: everything above)" } },
                         y: { title: { display: true, text: "receptions" }, beginAtZero: true } } },
  }));

  const maxSpeed = Math.max(1, ...data.space_time.map((p) => p[2]));
  const speedColour = (v) => `hsl(${Math.round((120 * v) / maxSpeed)}, 75%, 42%)`; // red slow → green fast
  charts.push(new Chart(document.getElementById("spacetime"), {
    type: "scatter",
    data: { datasets: [{ label: "vehicle (colour: speed)", data: data.space_time.map((p) => ({ x: p[0], y: p[1], v: p[2] })),
                         pointRadius: 1.5, pointBackgroundColor: data.space_time.map((p) => speedColour(p[2])), borderWidth: 0 }] },
    options: { scales: { x: { title: { display: true, text: "time [s]" } }, y: { title: { display: true, text: "position along the road [m]" } } },
               plugins: { tooltip: { callbacks: { label: (c) => `t=${c.raw.x}s pos=${c.raw.y}m v=${c.raw.v}m/s` } } } },
  }));

  charts.push(new Chart(document.getElementById("ledger"), {
    type: "bar",
    data: { labels: seconds, datasets: [
      { label: "leaves anchored", data: data.leaves_per_s, backgroundColor: "#95a5a6", yAxisID: "y" },
      { label: "blocks final", data: data.blocks_per_s, type: "line", borderColor: "#c0392b", pointRadius: 0, yAxisID: "y1" },
    ] },
    options: { scales: { x: { title: { display: true, text: "time [s]" } },
                         y: { title: { display: true, text: "leaves / s" }, beginAtZero: true },
                         y1: { position: "right", title: { display: true, text: "blocks / s" }, beginAtZero: true,
                               grid: { drawOnChartArea: false } } } },
  }));

  const body = document.querySelector("#incidents tbody");
  if (data.incidents.length === 0) {
    body.innerHTML = "<tr><td colspan=5>none</td></tr>";
  }
  data.incidents.forEach((incident, i) => {
    const row = document.createElement("tr");
    for (const value of [i, incident.t.toFixed(3), incident.kind, incident.vehicles.join(", "), incident.value]) {
      const cell = document.createElement("td");
      cell.textContent = String(value);
      row.appendChild(cell);
    }
    body.appendChild(row);
  });

  document.body.dataset.charts = String(charts.length);
  document.body.dataset.ready = "true";
})();
