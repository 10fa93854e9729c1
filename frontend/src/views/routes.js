// The route planner: origin and destination (type-ahead over names and UN/LOCODEs), commodity,
// year, regime, what to avoid; the Pareto options as a time-cost chart (CO2 as colour) and a
// table; the chosen option on the map, leg by leg, with its time/cost-distance chart. The
// answer is `landsea route --pareto` (same request, same search) from /api/route.
import { ApiError, getJson } from "../api.js";
import { chartFigure, PALETTE, table } from "../charts.js";
import { showRoutes } from "../mapview.js";
import { num, t } from "../text.js";
import { registerView } from "../views.js";

registerView({ id: "routes", order: 20, label: () => t("tab.routes", "Route planner"), mount });

let last = null; // the last answer, kept when the reader switches tabs and back

function mount(root, ctx) {
  const heading = document.createElement("h2");
  heading.textContent = t("routes.heading", "Route planner");
  const form = plannerForm(ctx);
  const results = document.createElement("div");
  results.id = "route-results";
  results.setAttribute("aria-live", "polite");
  root.append(heading, form, results);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await ask(ctx, new FormData(form), results);
  });
  if (last) render(ctx, last, results, 0);
}

function field(labelText, input) {
  const box = document.createElement("div");
  box.className = "field";
  const label = document.createElement("label");
  label.htmlFor = input.id;
  label.textContent = labelText;
  box.append(label, input);
  return box;
}

function selectOf(id, name, values, chosen, labels = (v) => v) {
  const select = document.createElement("select");
  select.id = id;
  select.name = name;
  for (const value of values) select.add(new Option(labels(value), value, false, value === chosen));
  return select;
}

function plannerForm(ctx) {
  const form = document.createElement("form");
  form.id = "route-form";
  const places = document.createElement("datalist");
  places.id = "place-names";
  getJson("/api/places").then((list) => {
    for (const p of list) places.append(new Option(`${p.place_id} · ${p.country}`, p.name));
  });
  const text = (id, name, value) => {
    const input = document.createElement("input");
    Object.assign(input, { id, name, value, type: "text", autocomplete: "off", required: true });
    input.setAttribute("list", "place-names");
    return input;
  };
  const v = ctx.network.vocabulary;
  const year = document.createElement("input");
  Object.assign(year, { id: "route-year", name: "year", type: "number", min: 1990, max: 2100, placeholder: t("routes.yearNow", "today's network") });
  const avoidCountry = document.createElement("input");
  Object.assign(avoidCountry, { id: "route-avoid-country", name: "avoid_country", type: "text", placeholder: "e.g. VN, MM" });
  const avoidMode = selectOf("route-avoid-mode", "avoid_mode", ["", ...v.modes, "rail", "water"], "", (m) => m || t("routes.none", "(none)"));
  const avoidCrossing = document.createElement("select");
  Object.assign(avoidCrossing, { id: "route-avoid-crossing", name: "avoid_crossing" });
  avoidCrossing.add(new Option(t("routes.none", "(none)"), ""));
  getJson("/api/crossings").then((list) => list.forEach((c) => avoidCrossing.add(new Option(c.name, c.crossing_id))));
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.textContent = t("routes.find", "Find routes");
  form.append(
    places,
    field(t("routes.origin", "From (name or UN/LOCODE)"), text("route-origin", "origin", last?.request.origin ?? "Chongqing")),
    field(t("routes.destination", "To (name or UN/LOCODE)"), text("route-destination", "destination", last?.request.destination ?? "Bangkok")),
    field(t("routes.commodity", "Commodity"), selectOf("route-commodity", "commodity", v.commodities, "electronics", (c) => t(`commodity.${c}`, c.replace("_", " ")))),
    field(t("routes.year", "Year"), year),
    field(t("routes.regime", "Regime at crossings"), selectOf("route-regime", "regime", v.regimes, "standard", (r) => t(`regime.${r}`, r.replace("_", " ")))),
    field(t("routes.avoidCountry", "Avoid countries (ISO codes, comma-separated)"), avoidCountry),
    field(t("routes.avoidMode", "Avoid a mode"), avoidMode),
    field(t("routes.avoidCrossing", "Avoid a crossing"), avoidCrossing),
    submit,
  );
  return form;
}

async function ask(ctx, data, results) {
  const params = {
    origin: data.get("origin"), destination: data.get("destination"), commodity: data.get("commodity"),
    regime: data.get("regime"), year: data.get("year"), avoid_mode: data.get("avoid_mode"),
    avoid_crossing: data.get("avoid_crossing"),
    avoid_country: String(data.get("avoid_country") || "").split(/[\s,]+/).filter(Boolean),
  };
  results.replaceChildren(Object.assign(document.createElement("p"), { textContent: t("routes.searching", "Searching…") }));
  const started = performance.now();
  try {
    const answer = await getJson("/api/route", params);
    const answered = performance.now();
    last = answer;
    render(ctx, answer, results, 0);
    window.landsea.routeTiming = { api_ms: answered - started, draw_ms: performance.now() - answered };
  } catch (err) {
    results.replaceChildren(errorBox(err));
  }
}

function errorBox(err) {
  const box = document.createElement("p");
  box.className = "error";
  box.setAttribute("role", "alert");
  let text = err.message;
  if (err instanceof ApiError && Array.isArray(err.detail)) text = err.detail.map((d) => `${d.loc.at(-1)}: ${d.msg}`).join("; ");
  box.textContent = t("routes.error", "No answer: {error}", { error: text });
  return box;
}

function co2Colour(value, low, high) {
  const share = high > low ? (value - low) / (high - low) : 0;
  const hue = 120 - 120 * share; // green (low CO2) to red (high CO2)
  return `hsl(${hue}, 70%, 40%)`;
}

function render(ctx, answer, results, selected) {
  const routes = answer.routes;
  results.replaceChildren();
  const intro = document.createElement("p");
  intro.textContent = t("routes.found", "{count} options from {origin} to {destination} (per TEU; none is better on time, cost and CO2 at once).", {
    count: routes.length, origin: answer.origin_name, destination: answer.destination_name,
  });
  results.append(intro);
  const co2 = routes.map((r) => r.co2_kg);
  const [low, high] = [Math.min(...co2), Math.max(...co2)];
  const choose = (index) => render(ctx, answer, results, index);
  const figure = chartFigure(results, {
    id: "route-chart",
    title: t("routes.chart", "Options: time against cost (colour: CO2, green low, red high)"),
    config: {
      type: "scatter",
      data: { datasets: [{
        label: t("routes.options", "options"),
        data: routes.map((r) => ({ x: r.time_h, y: r.cost_usd })),
        pointBackgroundColor: routes.map((r) => co2Colour(r.co2_kg, low, high)),
        pointRadius: routes.map((_, i) => (i === selected ? 9 : 6)),
        pointBorderColor: routes.map((_, i) => (i === selected ? "#000" : "#fff")),
      }] },
      options: {
        onClick: (_e, items) => items.length && choose(items[0].index),
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${routes[item.dataIndex].label}: ${num(item.parsed.x, 1)} h, USD ${num(item.parsed.y)}, ${num(routes[item.dataIndex].co2_kg)} kg CO2` } } },
        scales: { x: { title: { display: true, text: t("unit.timeH", "time (h)") } }, y: { title: { display: true, text: t("unit.costUsd", "cost (USD per TEU)") } } },
      },
    },
    columns: optionColumns(),
    rows: routes.map((r, i) => ({ ...r, rank: i + 1 })),
  });
  figure.dataset.options = String(routes.length);
  results.append(optionTable(routes, selected, choose));
  showRoutes(ctx.map, routes, selected, PALETTE);
  window.landsea.chosenRoute = { answer, index: selected }; // the hub's operator books it
  results.append(legTable(routes[selected]));
  tcdChart(results, routes[selected]);
}

function optionColumns() {
  return [
    { key: "rank", label: "#" },
    { key: "label", label: t("col.option", "option") },
    { key: "time_h", label: t("col.timeH", "time (h)"), format: (v) => num(v, 1) },
    { key: "cost_usd", label: t("col.costUsd", "cost (USD)"), format: (v) => num(v) },
    { key: "co2_kg", label: t("col.co2Kg", "CO2 (kg)"), format: (v) => num(v) },
    { key: "length_km", label: t("col.km", "km"), format: (v) => num(v) },
  ];
}

function optionTable(routes, selected, choose) {
  const rows = routes.map((r, i) => ({ ...r, rank: i + 1, via: r.crossing_names.join(", ") || "–" }));
  const columns = [...optionColumns(), { key: "via", label: t("col.via", "crossings") }];
  const el = table(columns, rows, t("routes.tableCaption", "The options (per TEU)"));
  el.id = "route-options";
  [...el.tBodies[0].rows].forEach((tr, index) => {
    const cell = tr.insertCell();
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = index === selected ? t("routes.shown", "shown") : t("routes.show", "show");
    button.setAttribute("aria-pressed", String(index === selected));
    button.setAttribute("aria-label", `${button.textContent}: ${routes[index].label}`);
    button.addEventListener("click", () => choose(index));
    cell.append(button);
  });
  el.tHead.rows[0].append(Object.assign(document.createElement("th"), { scope: "col", textContent: t("col.map", "on the map") }));
  return el;
}

function legTable(route) {
  const rows = route.legs.map((leg) => ({
    what: leg.kind === "crossing" ? `${t("leg.crossing", "border")}: ${leg.crossing_name} (${leg.regime})`
      : leg.kind === "move" ? `${leg.from_name} → ${leg.to_name}` : `${t(`leg.${leg.kind}`, leg.kind.replace("_", " "))}: ${leg.from_name}`,
    mode: leg.mode, km: leg.length_km, hours: leg.time_h, usd: leg.cost_usd, co2: leg.co2_kg,
  }));
  const el = table([
    { key: "what", label: t("col.leg", "leg") },
    { key: "mode", label: t("col.mode", "mode") },
    { key: "km", label: t("col.km", "km"), format: (v) => num(v) },
    { key: "hours", label: t("col.timeH", "time (h)"), format: (v) => num(v, 1) },
    { key: "usd", label: t("col.costUsd", "cost (USD)"), format: (v) => num(v) },
    { key: "co2", label: t("col.co2Kg", "CO2 (kg)"), format: (v) => num(v) },
  ], rows, t("routes.legs", "{label}: leg by leg", { label: route.label }));
  el.id = "route-legs";
  return el;
}

function tcdChart(parent, route) {
  const points = route.tcd;
  chartFigure(parent, {
    id: "route-tcd",
    title: t("routes.tcd", "Time/cost-distance of {label}", { label: route.label }),
    config: {
      type: "line",
      data: { datasets: [
        { label: t("unit.timeH", "time (h)"), data: points.map((p) => ({ x: p.distance_km, y: p.time_h })), borderColor: PALETTE[0], yAxisID: "time", stepped: false, pointRadius: 0 },
        { label: t("unit.costUsd", "cost (USD per TEU)"), data: points.map((p) => ({ x: p.distance_km, y: p.cost_usd })), borderColor: PALETTE[1], yAxisID: "cost", pointRadius: 0 },
      ] },
      options: { parsing: true, scales: {
        x: { type: "linear", title: { display: true, text: t("unit.km", "distance (km)") } },
        time: { position: "left", title: { display: true, text: t("unit.timeH", "time (h)") } },
        cost: { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: t("unit.costUsd", "cost (USD per TEU)") } },
      } },
    },
    columns: [
      { key: "place", label: t("col.place", "place") },
      { key: "kind", label: t("col.step", "step") },
      { key: "distance_km", label: t("unit.km", "distance (km)"), format: (v) => num(v) },
      { key: "time_h", label: t("unit.timeH", "time (h)"), format: (v) => num(v, 1) },
      { key: "cost_usd", label: t("unit.costUsd", "cost (USD per TEU)"), format: (v) => num(v) },
    ],
    rows: points,
  });
}
