// The map view's panel: modes to show, the paper's lines to pick (drawn in yellow), and the
// crossings with their load as a table (the map's colours, in numbers).
import { table } from "../charts.js";
import { highlightLinks, MODE_COLOURS, setModeVisible } from "../mapview.js";
import { num, pct, t } from "../text.js";
import { registerView } from "../views.js";

registerView({ id: "map", order: 10, label: () => t("tab.map", "Map"), mount });

function mount(root, ctx) {
  const heading = document.createElement("h2");
  heading.textContent = t("map.heading", "The corridor network");
  root.append(heading, modes(ctx), lines(ctx));
  const crossings = document.createElement("div");
  root.append(crossings);
  const fill = (flows) => crossings.replaceChildren(crossingTable(ctx, flows));
  fill(null);
  ctx.flows?.then((flows) => flows && fill(flows));
}

function modes(ctx) {
  const set = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.textContent = t("map.modes", "Modes shown");
  set.append(legend);
  for (const family of Object.keys(MODE_COLOURS)) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !(ctx.map.landsea.hidden?.has(family));
    box.addEventListener("change", () => setModeVisible(ctx.map, family, box.checked));
    label.append(box, ` ${t(`mode.${family}`, family)}`);
    set.append(label);
  }
  return set;
}

function lines(ctx) {
  const box = document.createElement("div");
  box.className = "field";
  const label = document.createElement("label");
  label.htmlFor = "paper-line";
  label.textContent = t("map.line", "A line of the paper");
  const select = document.createElement("select");
  select.id = "paper-line";
  select.add(new Option(t("map.noLine", "(none)"), ""));
  for (const line of ctx.network.lines) {
    select.add(new Option(`${line.name} (${line.status}, ${num(line.modelled_km)} km)`, line.line_id));
  }
  const about = document.createElement("p");
  about.setAttribute("aria-live", "polite");
  select.addEventListener("change", () => {
    const line = ctx.network.lines.find((l) => l.line_id === select.value);
    highlightLinks(ctx.map, line ? line.link_ids : []);
    about.textContent = line
      ? t("map.lineAbout", "{name}: paper {paper} km, model {model} km, {hours} h; modes {modes}", {
        name: line.name, paper: num(line.paper_km), model: num(line.modelled_km), hours: num(line.time_h), modes: line.modes.join(", "),
      })
      : "";
  });
  box.append(label, select, about);
  return box;
}

function crossingTable(ctx, flows) {
  const rows = ctx.network.features
    .filter((f) => f.properties.feature_type === "crossing")
    .map((f) => {
      const load = flows?.crossings[f.properties.crossing_id];
      return {
        name: f.properties.name,
        mode: f.properties.mode,
        designed: f.properties.designed_per_day,
        trips: load?.trips_per_day ?? null,
        utilisation: load?.utilisation ?? null,
        unit: f.properties.capacity_unit,
      };
    })
    .sort((a, b) => (b.utilisation ?? -1) - (a.utilisation ?? -1));
  return table([
    { key: "name", label: t("col.crossing", "crossing") },
    { key: "mode", label: t("col.mode", "mode") },
    { key: "unit", label: t("col.unit", "unit") },
    { key: "designed", label: t("col.designed", "designed per day"), format: (v) => num(v) },
    { key: "trips", label: t("col.trips", "modelled trips per day"), format: (v) => (v == null ? "…" : num(v)) },
    { key: "utilisation", label: t("col.load", "load / capacity"), format: (v) => (v == null ? "…" : pct(v)) },
  ], rows, t("map.crossingsCaption", "Border crossings by load (baseline assignment)"));
}
