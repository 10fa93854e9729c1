// A crossing through a day: the simulated queue by hour of day with the gate hours shaded, and
// the dwell distribution of each regime on the same arrivals (`landsea simulate crossing
// --compare`, from /api/crossings/{id}/day).
import { getJson } from "../api.js";
import { chartFigure, PALETTE, table } from "../charts.js";
import { num, t } from "../text.js";
import { registerView } from "../views.js";

registerView({ id: "crossings", order: 40, label: () => t("tab.crossings", "Crossings"), mount });

let last = null;

/** Chart.js plugin: the open gate hours as a shaded band behind the queue. */
const gateShading = {
  id: "gateShading",
  beforeDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.fillStyle = "rgba(44, 162, 95, 0.15)";
    for (const [from, to] of options.hours || []) {
      const left = scales.x.getPixelForValue(from - 0.5), right = scales.x.getPixelForValue(to - 0.5);
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
    }
    ctx.restore();
  },
};

async function mount(root, ctx) {
  const heading = document.createElement("h2");
  heading.textContent = t("crossings.heading", "A border crossing through the day");
  const form = document.createElement("form");
  form.id = "crossing-form";
  const crossing = document.createElement("select");
  Object.assign(crossing, { id: "crossing-id", name: "crossing" });
  const regime = document.createElement("select");
  Object.assign(regime, { id: "crossing-regime", name: "regime" });
  for (const r of ctx.network.vocabulary.regimes) regime.add(new Option(t(`regime.${r}`, r.replace("_", " ")), r));
  const days = document.createElement("input");
  Object.assign(days, { id: "crossing-days", name: "days", type: "number", min: 7, max: 120, value: 28 });
  const go = document.createElement("button");
  go.type = "submit";
  go.textContent = t("crossings.simulate", "Simulate");
  const labelled = (text, input) => {
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = text;
    const box = document.createElement("div");
    box.className = "field";
    box.append(label, input);
    return box;
  };
  form.append(labelled(t("crossings.crossing", "Crossing"), crossing), labelled(t("crossings.regime", "Regime (the queue)"), regime), labelled(t("crossings.days", "Days simulated"), days), go);
  const results = document.createElement("div");
  results.id = "crossing-results";
  results.setAttribute("aria-live", "polite");
  root.append(heading, form, results);
  go.disabled = true; // until the crossings are listed (the handler is attached before that)
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    results.replaceChildren(Object.assign(document.createElement("p"), { textContent: t("crossings.running", "Simulating…") }));
    go.disabled = true;
    try {
      last = await getJson(`/api/crossings/${encodeURIComponent(crossing.value)}/day`, { regime: regime.value, days: days.value });
      render(last, results);
    } catch (err) {
      results.replaceChildren(Object.assign(document.createElement("p"), { className: "error", role: "alert", textContent: err.message }));
    } finally {
      go.disabled = false;
    }
  });
  const list = await getJson("/api/crossings");
  for (const c of list) crossing.add(new Option(c.name, c.crossing_id, false, c.crossing_id === (last?.crossing_id ?? "YOUYIGUAN_HUUNGHI_ROAD")));
  go.disabled = false;
  if (last) render(last, results);
}

function render(day, results) {
  results.replaceChildren();
  const hours = day.hours ? `${day.hours.opens}-${day.hours.closes}` : t("crossings.always", "always open");
  const intro = document.createElement("p");
  intro.textContent = t("crossings.about", "{name}: {regime}, {days} days simulated ({warmup} warm-up days left out); gate open {hours} (shaded).", {
    name: day.name, regime: day.regime, days: day.days, warmup: day.warmup_days, hours,
  });
  results.append(intro);
  chartFigure(results, {
    id: "crossing-queue",
    title: t("crossings.queue", "Vehicles waiting by hour of day (mean over the days)"),
    config: {
      type: "line",
      data: {
        labels: day.queue_by_hour.map((r) => `${String(r.hour).padStart(2, "0")}h`),
        datasets: [
          { label: t("crossings.waiting", "waiting"), data: day.queue_by_hour.map((r) => r.waiting), borderColor: PALETTE[1], pointRadius: 2 },
          { label: t("crossings.inSystem", "in the crossing (waiting or in service)"), data: day.queue_by_hour.map((r) => r.in_system), borderColor: PALETTE[0], pointRadius: 2 },
        ],
      },
      options: {
        plugins: { gateShading: { hours: day.gate_hours } },
        scales: { y: { beginAtZero: true, title: { display: true, text: t("crossings.vehicles", "vehicles ({unit})", { unit: day.capacity_unit }) } } },
      },
      plugins: [gateShading],
    },
    columns: [
      { key: "hour", label: t("col.hour", "hour"), format: (v) => `${String(v).padStart(2, "0")}:00` },
      { key: "open", label: t("col.gate", "gate") },
      { key: "waiting", label: t("crossings.waiting", "waiting"), format: (v) => num(v, 1) },
      { key: "in_system", label: t("crossings.inSystem", "in the crossing (waiting or in service)"), format: (v) => num(v, 1) },
    ],
    rows: day.queue_by_hour.map((r) => ({ ...r, open: day.gate_hours.some(([a, b]) => r.hour >= a && r.hour < b) ? t("crossings.open", "open") : t("crossings.closed", "closed") })),
  });
  dwellChart(results, day);
  results.append(summaryTable(day));
}

function dwellChart(parent, day) {
  const edges = day.dwell.edges_h;
  const regimes = Object.keys(day.dwell.shares);
  const bins = edges.slice(0, -1).map((from, i) => `${num(from, 0)}-${num(edges[i + 1], 0)} h`);
  chartFigure(parent, {
    id: "crossing-dwell",
    title: t("crossings.dwell", "Dwell per regime: share of vehicles by hours spent at the crossing"),
    config: {
      type: "bar",
      data: { labels: bins, datasets: regimes.map((r, i) => ({ label: t(`regime.${r}`, r.replace("_", " ")), data: day.dwell.shares[r].map((s) => s * 100), backgroundColor: PALETTE[i % PALETTE.length] })) },
      options: { scales: { y: { title: { display: true, text: t("crossings.sharePct", "share of vehicles (%)") } }, x: { title: { display: true, text: t("crossings.dwellH", "dwell (h)") } } } },
    },
    columns: [{ key: "bin", label: t("crossings.dwellH", "dwell (h)") }, ...regimes.map((r) => ({ key: r, label: r, format: (v) => `${num(v, 1)} %` }))],
    rows: bins.map((bin, i) => ({ bin, ...Object.fromEntries(regimes.map((r) => [r, day.dwell.shares[r][i] * 100])) })),
  });
}

function summaryTable(day) {
  const el = table([
    { key: "regime", label: t("col.regime", "regime") },
    { key: "vehicles", label: t("col.vehicles", "vehicles kept"), format: (v) => num(v) },
    { key: "dwell_mean_h", label: t("col.mean", "mean (h)"), format: (v) => num(v, 1) },
    { key: "dwell_p50_h", label: "P50 (h)", format: (v) => num(v, 1) },
    { key: "dwell_p90_h", label: "P90 (h)", format: (v) => num(v, 1) },
    { key: "dwell_p99_h", label: "P99 (h)", format: (v) => num(v, 1) },
  ], Object.entries(day.summary).map(([regime, s]) => ({ regime, ...s })), t("crossings.summary", "Dwell per regime"));
  el.id = "crossing-summary";
  return el;
}
