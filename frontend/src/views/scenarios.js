// Scenarios side by side: pick some and a baseline; KPIs as a table and a difference chart; the
// map shows each crossing's load and regime in the scenario chosen, and its link flows as line
// widths or their change against the baseline (wider/narrower); a sweep's KPI distributions
// as box plots. Results come from the scenario store (`landsea scenario compare` writes the same
// one); what is not stored runs as a background job whose progress shows here.
import { getJson, postJson } from "../api.js";
import { chartFigure, PALETTE, table } from "../charts.js";
import { showCrossingLoads, showScenarioFlows } from "../mapview.js";
import { num, pct, t } from "../text.js";
import { registerView } from "../views.js";

registerView({ id: "scenarios", order: 30, label: () => t("tab.scenarios", "Scenarios"), mount });

let last = null;
const POLL_MS = 500;

async function mount(root, ctx) {
  const heading = document.createElement("h2");
  heading.textContent = t("scenarios.heading", "Scenarios");
  const results = document.createElement("div");
  results.id = "scenario-results";
  root.append(heading);
  const listing = await getJson("/api/scenarios");
  root.append(pickForm(listing.scenarios, results, ctx), results);
  if (listing.sweeps.length) root.append(sweepPicker(listing.sweeps, listing.scenarios, ctx.network));
  if (last) render(ctx, last, results);
}

function pickForm(scenarios, results, ctx) {
  const form = document.createElement("form");
  form.id = "scenario-form";
  const set = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.textContent = t("scenarios.pick", "Scenarios to compare");
  set.append(legend);
  const baseline = document.createElement("select");
  baseline.id = "scenario-baseline";
  baseline.name = "baseline";
  for (const s of scenarios) {
    const label = document.createElement("label");
    label.className = "check";
    const box = document.createElement("input");
    Object.assign(box, { type: "checkbox", name: "scenario", value: s.name, checked: s.name === "baseline_2025" || s.name === "joint_inspection_pingxiang" });
    const stored = s.stored ? ` · ${t("scenarios.stored", "stored")}` : "";
    label.append(box, ` ${s.title} (${s.year})${stored}`);
    set.append(label);
    baseline.add(new Option(s.title, s.name, false, s.name === "baseline_2025"));
  }
  const baseLabel = document.createElement("label");
  baseLabel.htmlFor = baseline.id;
  baseLabel.textContent = t("scenarios.baseline", "Baseline");
  const run = document.createElement("button");
  run.type = "submit";
  run.textContent = t("scenarios.compare", "Compare");
  const progress = document.createElement("div");
  progress.id = "scenario-progress";
  progress.setAttribute("aria-live", "polite");
  form.append(set, baseLabel, baseline, run, progress);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const names = [...form.querySelectorAll("input[name=scenario]:checked")].map((b) => b.value);
    if (!names.includes(baseline.value)) names.unshift(baseline.value);
    run.disabled = true;
    try {
      last = await runJob({ scenarios: names, baseline: baseline.value }, progress);
      render(ctx, last, results);
    } catch (err) {
      progress.replaceChildren(Object.assign(document.createElement("p"), { className: "error", role: "alert", textContent: err.message }));
    } finally {
      run.disabled = false;
    }
  });
  return form;
}

async function runJob(body, box) {
  let job = await postJson("/api/scenarios/compare", body);
  const bar = document.createElement("progress");
  bar.id = "scenario-progress-bar";
  const note = document.createElement("span");
  box.replaceChildren(bar, note);
  for (;;) {
    bar.max = job.total;
    bar.value = job.done;
    bar.setAttribute("aria-label", t("scenarios.progress", "Scenarios run"));
    note.textContent = ` ${job.done}/${job.total} ${job.note}`;
    if (job.state === "done") { box.replaceChildren(); return job.result; }
    if (job.state === "failed") throw new Error(job.error);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    job = await getJson(`/api/jobs/${job.job_id}`);
  }
}

function isShare(unit) { return unit === "share" || unit.startsWith("empty TEU"); }
function value(v, unit) { return isShare(unit) ? pct(v, 1) : num(v, Math.abs(v) < 100 ? 2 : 0); }
function difference(d, rel, unit) {
  if (d == null || Math.abs(d) < 1e-9) return "=";
  if (isShare(unit)) return `${d > 0 ? "+" : ""}${num(d * 100, 1)} pt`;
  return `${d > 0 ? "+" : ""}${num(d, Math.abs(d) < 100 ? 2 : 0)}${rel == null ? "" : ` (${rel > 0 ? "+" : ""}${pct(rel, 1)})`}`;
}

function render(ctx, c, results) {
  results.replaceChildren();
  const others = c.scenarios.filter((s) => s !== c.baseline);
  results.append(totalsTable(c, others));
  if (others.length) diffChart(results, c, others);
  results.append(crossingChanges(c, others));
  mapPicker(ctx, c, results);
}

function totalsTable(c, others) {
  const rows = [];
  for (const kpi of [...new Set(c.totals.map((r) => r.kpi))]) {
    const of = (s) => c.totals.find((r) => r.kpi === kpi && r.scenario === s);
    const base = of(c.baseline);
    const row = { kpi: base.label, unit: base.unit, base: value(base.value, base.unit) };
    for (const s of others) { const r = of(s); row[s] = difference(r.difference, r.relative, r.unit); }
    rows.push({ ...row, _kpi: kpi, _diff: Object.fromEntries(others.map((s) => [s, of(s).difference])) });
  }
  const el = table([
    { key: "kpi", label: "KPI" },
    { key: "unit", label: t("col.unit", "unit") },
    { key: "base", label: c.titles[c.baseline] },
    ...others.map((s) => ({ key: s, label: `${c.titles[s]} − ${t("scenarios.baselineShort", "baseline")}` })),
  ], rows, t("scenarios.totals", "Totals: the baseline and the others' differences"));
  el.id = "scenario-totals";
  [...el.tBodies[0].rows].forEach((tr, i) => {
    tr.dataset.kpi = rows[i]._kpi;
    tr.dataset.differences = JSON.stringify(rows[i]._diff);
  });
  return el;
}

function diffChart(parent, c, others) {
  const kpis = [...new Set(c.totals.map((r) => r.kpi))];
  const rel = (kpi, s) => c.totals.find((r) => r.kpi === kpi && r.scenario === s)?.relative;
  const labels = kpis.map((kpi) => c.totals.find((r) => r.kpi === kpi).label);
  chartFigure(parent, {
    id: "scenario-diff",
    title: t("scenarios.diffChart", "Difference against the baseline (%)"),
    height: 40 + 26 * kpis.length,
    config: {
      type: "bar",
      data: { labels, datasets: others.map((s, i) => ({ label: c.titles[s], data: kpis.map((k) => (rel(k, s) ?? 0) * 100), backgroundColor: PALETTE[i % PALETTE.length] })) },
      options: { indexAxis: "y", scales: { x: { title: { display: true, text: "%" } } } },
    },
    columns: [{ key: "kpi", label: "KPI" }, ...others.map((s) => ({ key: s, label: c.titles[s], format: (v) => (v == null ? "–" : `${num(v, 2)} %`) }))],
    rows: kpis.map((k, i) => ({ kpi: labels[i], ...Object.fromEntries(others.map((s) => [s, rel(k, s) == null ? null : rel(k, s) * 100])) })),
  });
}

const CROSSING_KPIS = ["utilisation_designed", "dwell_p90_h"];

function crossingChanges(c, others) {
  const rows = [];
  const names = [...new Set(c.crossings.map((r) => r.crossing_id))];
  for (const id of names) {
    for (const kpi of CROSSING_KPIS) {
      const of = (s) => c.crossings.find((r) => r.crossing_id === id && r.kpi === kpi && r.scenario === s);
      const base = of(c.baseline);
      if (!base) continue;
      const changed = others.some((s) => Math.abs(of(s)?.difference ?? 0) > 1e-6 || of(s)?.regime !== base.regime);
      if (!changed) continue;
      const row = { name: base.name, kpi: base.label, base: `${value(base.value, base.unit)} (${base.regime})` };
      for (const s of others) { const r = of(s); row[s] = r ? `${difference(r.difference, r.relative, r.unit)} (${r.regime})` : "–"; }
      rows.push(row);
    }
  }
  const el = table([
    { key: "name", label: t("col.crossing", "crossing") },
    { key: "kpi", label: "KPI" },
    { key: "base", label: c.titles[c.baseline] },
    ...others.map((s) => ({ key: s, label: c.titles[s] })),
  ], rows, t("scenarios.crossings", "Crossings that changed (load, dwell P90, regime)"));
  el.id = "scenario-crossings";
  return el;
}

function mapPicker(ctx, c, parent) {
  const box = document.createElement("fieldset");
  box.id = "scenario-map-box";
  const legend = document.createElement("legend");
  legend.textContent = t("scenarios.mapHeading", "On the map");
  const label = document.createElement("label");
  label.htmlFor = "scenario-map";
  label.textContent = t("scenarios.onMap", "Crossings and flows as in");
  const select = document.createElement("select");
  select.id = "scenario-map";
  for (const s of c.scenarios) select.add(new Option(c.titles[s], s, false, s === c.scenarios.at(-1)));
  const widthLabel = document.createElement("label");
  widthLabel.htmlFor = "scenario-widths";
  widthLabel.textContent = t("scenarios.widths", "Line widths");
  const widths = document.createElement("select");
  widths.id = "scenario-widths";
  widths.add(new Option(t("scenarios.widthsFlows", "TEU/day in the scenario"), "flows", false, !last?.widths || last.widths === "flows"));
  widths.add(new Option(t("scenarios.widthsChange", "change against the baseline (wider/narrower)"), "difference", false, last?.widths === "difference"));
  const show = () => {
    const loads = {};
    for (const r of c.crossings.filter((r) => r.scenario === select.value && r.kpi === "utilisation_designed")) {
      loads[r.crossing_id] = { utilisation: r.value, regime: r.regime };
    }
    showCrossingLoads(ctx.map, loads);
    if (c.link_flows) {
      showScenarioFlows(ctx.map, {
        flows: c.link_flows[select.value] ?? {},
        baseline: c.link_flows[c.baseline],
        kind: widths.value,
        source: c.titles[select.value],
        baselineSource: c.titles[c.baseline],
      });
    }
    if (last) last.widths = widths.value;
  };
  select.addEventListener("change", show);
  widths.addEventListener("change", show);
  const field = (caption, control) => {
    const div = document.createElement("div");
    div.className = "field";
    div.append(caption, control);
    return div;
  };
  box.append(legend, field(label, select), field(widthLabel, widths));
  parent.append(box);
  show();
}

function sweepPicker(sweeps, scenarios, network) {
  const box = document.createElement("section");
  box.id = "sweeps";
  const heading = document.createElement("h3");
  heading.textContent = t("scenarios.sweeps", "Sweeps (Monte Carlo): KPI distributions");
  const label = document.createElement("label");
  label.htmlFor = "sweep-name";
  label.textContent = t("scenarios.sweep", "Sweep");
  const select = document.createElement("select");
  select.id = "sweep-name";
  for (const name of sweeps) select.add(new Option(name, name));
  const kpiSelect = document.createElement("select");
  kpiSelect.id = "sweep-kpi";
  const kpiLabel = document.createElement("label");
  kpiLabel.htmlFor = kpiSelect.id;
  kpiLabel.textContent = "KPI";
  const out = document.createElement("div");
  const titles = Object.fromEntries(scenarios.map((s) => [s.name, s.title]));
  const kpiName = kpiNamer(network);
  let data = null;
  const plot = () => {
    out.replaceChildren();
    if (data) boxPlot(out, data, kpiSelect.value, kpiName(kpiSelect.value), titles);
  };
  const load = async () => {
    try {
      data = await getJson(`/api/sweeps/${encodeURIComponent(select.value)}`);
    } catch (err) {
      data = null;
      out.replaceChildren(Object.assign(document.createElement("p"), { className: "error", role: "alert", textContent: err.message }));
      return;
    }
    const kept = kpiSelect.value; // the KPI chosen stays chosen when another sweep loads
    kpiSelect.replaceChildren(...data.kpis.map((k) => new Option(kpiName(k), k)));
    if (data.kpis.includes(kept)) kpiSelect.value = kept;
    plot();
  };
  select.addEventListener("change", load);
  kpiSelect.addEventListener("change", plot);
  box.append(heading, label, select, kpiLabel, kpiSelect, out);
  load();
  return box;
}

/** A sweep KPI's name as a person reads it: places and crossings by name, not by id
 * ("crossing.YOUYIGUAN_HUUNGHI_ROAD.dwell_p90_h" -> "Youyiguan ...: dwell_p90_h"). */
function kpiNamer(network) {
  const names = new Map();
  for (const f of network.features) {
    const p = f.properties;
    if (p.feature_type === "place") names.set(p.place_id, p.name);
    if (p.feature_type === "crossing") names.set(p.crossing_id, p.name);
  }
  return (kpi) => {
    const [kind, subject, ...rest] = kpi.split(".");
    if (kind === "crossing" && names.has(subject)) return `${names.get(subject)}: ${rest.join(".")}`;
    if (kind === "od") {
      const [o, d] = subject.split("-");
      if (names.has(o) && names.has(d)) return `${names.get(o)} – ${names.get(d)}: ${rest.join(".")}`;
    }
    if (kind === "total") return [subject, ...rest].join(".");
    return kpi;
  };
}

function boxPlot(parent, data, kpi, kpiLabel, titles) {
  const boxes = data.boxes.filter((b) => b.kpi === kpi).map((b) => ({ ...b, title: titles[b.scenario] ?? b.scenario }));
  const span = Math.max(...boxes.map((b) => b.max)) - Math.min(...boxes.map((b) => b.min));
  const line = (span || Math.abs(boxes[0]?.median ?? 1) || 1) * 0.004; // half the median line's thickness
  chartFigure(parent, {
    id: "sweep-box",
    title: t("scenarios.box", "{kpi} over the samples: whiskers min-max, box the quartiles, line the median", { kpi: kpiLabel }),
    config: {
      type: "bar",
      data: {
        labels: boxes.map((b) => b.title),
        datasets: [
          // drawn bottom to top (a higher `order` lies under): whisker, box, median line
          { label: "min-max", data: boxes.map((b) => [b.min, b.max]), backgroundColor: "#555", barPercentage: 0.03, grouped: false, order: 2 },
          { label: "q1-q3", data: boxes.map((b) => [b.q1, b.q3]), backgroundColor: "#9ecae1", borderColor: "#3182bd", borderWidth: 1, barPercentage: 0.5, grouped: false, order: 1 },
          { label: "median", data: boxes.map((b) => [b.median - line, b.median + line]), backgroundColor: "#08306b", barPercentage: 0.5, grouped: false, order: 0 },
        ],
      },
      // the axis spans the samples, not zero to them: the boxes' differences are what matter
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: false } } },
    },
    columns: [
      { key: "title", label: t("col.scenario", "scenario") },
      { key: "samples", label: t("col.samples", "samples") },
      ...["min", "q1", "median", "q3", "max"].map((k) => ({ key: k, label: k, format: (v) => num(v, 3) })),
    ],
    rows: boxes,
  });
}
