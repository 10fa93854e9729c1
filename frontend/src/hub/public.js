// The public page: the corridor's statistics from actual tracking events (no token needed).
// Rows of fewer consignments than the hub's threshold are suppressed by the hub, not here.
import { getJson } from "../api.js";
import { chartFigure, PALETTE } from "../charts.js";
import { num, t } from "../text.js";
import { dataTable, el, message } from "./dom.js";
import { crossingName, placeName } from "./names.js";

export async function showPublic(root) {
  const [crossings, lines, lanes, index] = await Promise.all(
    ["crossings", "lines", "lanes", ""].map((name) => getJson(name ? `/stats/${name}` : "/stats")),
  );
  root.append(
    el("h3", { textContent: t("hub.public.heading", "Corridor statistics") }),
    el("p", { textContent: t("hub.public.intro", "From actual tracking events only; a row needs at least {n} consignments, so no single shipment can be recognised.", { n: index.min_consignments }) }),
  );
  if (!crossings.rows.length && !lines.rows.length && !lanes.rows.length) {
    root.append(message(t("hub.public.empty", "No statistics yet: too few consignments have moved.")));
    return;
  }
  dwellChart(root, crossings.rows);
  root.append(
    dataTable("hub-stats-lines", [
      { key: "name", label: t("hub.col.line", "line") },
      { key: "n_consignments", label: t("hub.col.consignments", "consignments"), format: (v) => num(v) },
      { key: "time_p50_h", label: t("hub.col.p50", "median time (h)"), format: (v) => num(v, 1) },
      { key: "time_p90_h", label: t("hub.col.p90", "90th percentile (h)"), format: (v) => num(v, 1) },
    ], lines.rows, t("hub.public.lines", "The paper's lines: door-to-door time")),
    dataTable("hub-stats-lanes", [
      { key: "lane", label: t("hub.col.lane", "from → to") },
      { key: "modes", label: t("hub.col.modes", "modes"), format: (v) => v.split("+").map((m) => t(`hub.mode.${m}`, m)).join(" + ") },
      { key: "n_consignments", label: t("hub.col.consignments", "consignments"), format: (v) => num(v) },
      { key: "time_p50_h", label: t("hub.col.p50", "median time (h)"), format: (v) => num(v, 1) },
      { key: "length_km", label: t("hub.col.km", "km"), format: (v) => num(v) },
    ], lanes.rows.map((r) => ({ ...r, lane: `${placeName(r.origin)} → ${placeName(r.destination)}` })), t("hub.public.lanes", "Lanes: door-to-door time")),
  );
}

function dwellChart(root, rows) {
  const named = rows.map((r) => ({ ...r, name: crossingName(r.crossing_id) }));
  chartFigure(root, {
    id: "hub-stats-crossings",
    title: t("hub.public.dwell", "Time at the border crossings (hours, P10 / median / P90)"),
    config: {
      type: "bar",
      data: {
        labels: named.map((r) => r.name),
        datasets: [
          { label: "P10", data: named.map((r) => r.dwell_p10_h), backgroundColor: PALETTE[2] },
          { label: t("hub.col.median", "median"), data: named.map((r) => r.dwell_p50_h), backgroundColor: PALETTE[0] },
          { label: "P90", data: named.map((r) => r.dwell_p90_h), backgroundColor: PALETTE[1] },
        ],
      },
      options: { indexAxis: "y", scales: { x: { title: { display: true, text: t("hub.unit.hours", "hours") } } } },
    },
    columns: [
      { key: "name", label: t("hub.col.crossing", "crossing") },
      { key: "n_consignments", label: t("hub.col.consignments", "consignments"), format: (v) => num(v) },
      { key: "dwell_p10_h", label: "P10 (h)", format: (v) => num(v, 1) },
      { key: "dwell_p50_h", label: t("hub.col.medianH", "median (h)"), format: (v) => num(v, 1) },
      { key: "dwell_p90_h", label: "P90 (h)", format: (v) => num(v, 1) },
      { key: "dwell_mean_h", label: t("hub.col.meanH", "mean (h)"), format: (v) => num(v, 1) },
    ],
    rows: named,
    height: Math.max(160, 34 * named.length),
  });
}
