// The corridor map: country outlines from world-atlas (bundled, public domain), the network by
// mode (planned links dashed), crossings coloured by load against capacity, flows as
// line widths (the baseline's, a scenario's, or a scenario's change against its baseline),
// routes and the paper's lines on top, place names over it (labels.js). No tiles and no fonts
// are fetched: the labels are HTML in the browser's own fonts, so the map needs nothing from
// outside.
import * as maplibregl from "maplibre-gl";
import { feature } from "topojson-client";
import { addPlaceLabels } from "./labels.js";
import { num, pct, t } from "./text.js";

export const MODE_COLOURS = { road: "#d95f02", rail: "#1b9e77", sea: "#2c7fb8", river: "#7570b3" };
export const LOAD_COLOURS = [
  [0.0, "#2ca25f", "load.low", "below 70% of capacity"],
  [0.7, "#fdae61", "load.near", "70-100% of capacity"],
  [1.0, "#d7191c", "load.over", "over capacity"],
];
const NO_LOAD = "#9e9e9e";
const EMPTY = { type: "FeatureCollection", features: [] };

maplibregl.setWorkerUrl(new URL("/static/maplibre-gl-worker.mjs", location.href).href);

/** The map with its sources and layers; resolves once the style and the network are drawn. */
export async function createMap(container, network, options = {}) {
  const countries = await (options.outlines ?? fetch("/static/countries-50m.json").then((r) => r.json()));
  const outlines = feature(countries, countries.objects.countries);
  const map = new maplibregl.Map({
    container,
    style: baseStyle(outlines, options.basemap),
    center: [104, 18],
    zoom: 3.4,
    attributionControl: { compact: true, customAttribution: "Outlines: Natural Earth via world-atlas (public domain)" },
    canvasContextAttributes: { preserveDrawingBuffer: true }, // screenshots and the tests read the canvas
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-left");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  await new Promise((resolve) => map.once("load", resolve));
  addNetwork(map, network);
  addPlaceLabels(map, map.landsea.parts.places);
  addPopups(map);
  return map;
}

function baseStyle(outlines, basemap) {
  const sources = { countries: { type: "geojson", data: outlines } };
  const layers = [{ id: "sea", type: "background", paint: { "background-color": "#dbe9f4" } }];
  if (basemap) { // only when the operator configured an online basemap
    sources.basemap = { type: "raster", tiles: [basemap], tileSize: 256 };
    layers.push({ id: "basemap", type: "raster", source: "basemap" });
  }
  layers.push(
    { id: "countries", type: "fill", source: "countries", paint: { "fill-color": "#f7f5ef", "fill-opacity": basemap ? 0.3 : 1 } },
    { id: "borders", type: "line", source: "countries", paint: { "line-color": "#a39e93", "line-width": 0.8 } },
  );
  return { version: 8, sources, layers };
}

export const FLOW_STOPS = [[0, 1.2], [200, 3], [2000, 8], [8000, 14]]; // TEU/day -> px
export const CHANGE_STOPS = [[0, 1], [50, 2], [500, 6], [2000, 12]]; // |TEU/day change| -> px
export const CHANGE_COLOURS = { wider: "#1a7fd1", narrower: "#e6550d", same: "#bdbdbd" };
const CHANGE_NOISE = 1; // TEU/day: below this a link counts as unchanged
const flowWidth = ["interpolate", ["linear"], ["coalesce", ["get", "teu_per_day"], 0], ...FLOW_STOPS.flat()];
const changeWidth = ["interpolate", ["linear"], ["abs", ["coalesce", ["get", "teu_change"], 0]], ...CHANGE_STOPS.flat()];
const changeColour = [
  "case", [">", ["coalesce", ["get", "teu_change"], 0], CHANGE_NOISE], CHANGE_COLOURS.wider,
  ["<", ["coalesce", ["get", "teu_change"], 0], -CHANGE_NOISE], CHANGE_COLOURS.narrower, CHANGE_COLOURS.same,
];
const modeColour = ["match", ["get", "family"], "road", MODE_COLOURS.road, "rail", MODE_COLOURS.rail, "sea", MODE_COLOURS.sea, "river", MODE_COLOURS.river, "#555"];
export const loadColour = [
  "case", ["==", ["coalesce", ["get", "utilisation"], -1], -1], NO_LOAD,
  ["step", ["get", "utilisation"], LOAD_COLOURS[0][1], 0.7, LOAD_COLOURS[1][1], 1.0, LOAD_COLOURS[2][1]],
];

function split(network) {
  const by = (type) => ({ type: "FeatureCollection", features: network.features.filter((f) => f.properties.feature_type === type) });
  return { places: by("place"), links: by("link"), crossings: by("crossing") };
}

function addNetwork(map, network) {
  const parts = split(network);
  map.addSource("links", { type: "geojson", data: parts.links, promoteId: "link_id" });
  map.addSource("places", { type: "geojson", data: parts.places, promoteId: "place_id" });
  map.addSource("crossings", { type: "geojson", data: parts.crossings, promoteId: "crossing_id" });
  map.addSource("routes", { type: "geojson", data: EMPTY });
  map.addSource("highlight", { type: "geojson", data: EMPTY });
  map.addLayer({ id: "highlight", type: "line", source: "highlight", layout: { "line-cap": "round" }, paint: { "line-color": "#ffd400", "line-width": 12, "line-opacity": 0.8 } });
  map.addLayer({ id: "links", type: "line", source: "links", filter: ["!", ["get", "planned"]], layout: { "line-cap": "round" }, paint: { "line-color": modeColour, "line-width": flowWidth, "line-opacity": 0.85 } });
  map.addLayer({ id: "links-planned", type: "line", source: "links", filter: ["get", "planned"], paint: { "line-color": modeColour, "line-width": 2, "line-dasharray": [2, 2], "line-opacity": 0.9 } });
  map.addLayer({ id: "routes", type: "line", source: "routes", layout: { "line-cap": "round", "line-join": "round" }, paint: { "line-color": ["get", "colour"], "line-width": ["case", ["get", "selected"], 6, 3], "line-opacity": ["case", ["get", "selected"], 0.95, 0.55] } });
  map.addLayer({ id: "places", type: "circle", source: "places", paint: { "circle-radius": 3, "circle-color": "#333", "circle-stroke-color": "#fff", "circle-stroke-width": 1 } });
  map.addLayer({ id: "crossings", type: "circle", source: "crossings", paint: { "circle-radius": 7, "circle-color": loadColour, "circle-stroke-color": ["match", ["coalesce", ["get", "regime"], "standard"], "standard", "#ffffff", "#111111"], "circle-stroke-width": ["match", ["coalesce", ["get", "regime"], "standard"], "standard", 1.5, 3] } });
  map.landsea = { parts, flowView: { kind: "flows", source: null } };
}

/** Merge flows (TEU a day per link) and loads (utilisation per crossing) into the sources. */
export function showFlows(map, flows) {
  const { parts } = map.landsea;
  for (const f of parts.links.features) {
    f.properties.teu_per_day = flows.links[f.properties.link_id] ?? 0;
    f.properties.flow_source = null; // the baseline assignment (the popup's default)
  }
  for (const f of parts.crossings.features) {
    const load = flows.crossings[f.properties.crossing_id];
    f.properties.trips_per_day = load?.trips_per_day ?? null;
    f.properties.utilisation = load?.utilisation ?? null;
  }
  map.getSource("links").setData(parts.links);
  map.getSource("crossings").setData(parts.crossings);
}

/** Colour crossings by a scenario's loads and regimes: {crossing_id: {utilisation, regime}}. */
export function showCrossingLoads(map, loads) {
  const { parts } = map.landsea;
  for (const f of parts.crossings.features) {
    const load = loads[f.properties.crossing_id];
    if (!load) continue;
    f.properties.utilisation = load.utilisation ?? f.properties.utilisation;
    f.properties.regime = load.regime ?? "standard";
  }
  map.getSource("crossings").setData(parts.crossings);
}

/**
 * A scenario's link flows as line widths: `flows` and `baseline` are {link_id: TEU/day} from the
 * scenario store; `kind` "flows" draws the scenario's widths in mode colours, "difference" the
 * change against the baseline (wider or narrower, coloured). `source` names the scenario.
 */
export function showScenarioFlows(map, { flows, baseline, kind, source, baselineSource }) {
  const { parts } = map.landsea;
  for (const f of parts.links.features) {
    const id = f.properties.link_id;
    const now = flows[id] ?? 0;
    const before = baseline?.[id] ?? null;
    f.properties.teu_per_day = now;
    f.properties.teu_baseline = before;
    f.properties.teu_change = before == null ? null : now - before;
    f.properties.flow_source = source;
    f.properties.baseline_source = baselineSource;
  }
  map.getSource("links").setData(parts.links);
  setFlowView(map, kind, source);
}

/** Line widths as flows (TEU/day, mode colours) or as the change against a baseline. */
export function setFlowView(map, kind, source = null) {
  const difference = kind === "difference";
  map.setPaintProperty("links", "line-width", difference ? changeWidth : flowWidth);
  map.setPaintProperty("links", "line-color", difference ? changeColour : modeColour);
  map.landsea.flowView = { kind, source };
  map.fire("landsea:flowview", { kind, source });
}

export function showRoutes(map, routes, selected, colours) {
  const features = routes.map((r, index) => ({
    type: "Feature",
    geometry: { type: "LineString", coordinates: r.coordinates },
    properties: { rank: index + 1, label: r.label, colour: colours[index % colours.length], selected: index === selected },
  }));
  features.sort((a, b) => Number(a.properties.selected) - Number(b.properties.selected));
  map.landsea.routes = features; // what is drawn, for extensions and tests
  map.getSource("routes").setData({ type: "FeatureCollection", features });
  if (routes[selected]) fitTo(map, routes[selected].coordinates);
}

export function highlightLinks(map, linkIds) {
  const wanted = new Set(linkIds);
  const features = map.landsea.parts.links.features.filter((f) => wanted.has(f.properties.link_id));
  map.getSource("highlight").setData({ type: "FeatureCollection", features });
  if (features.length) fitTo(map, features.flatMap((f) => f.geometry.coordinates));
}

export function setModeVisible(map, family, visible) {
  const hidden = map.landsea.hidden ?? new Set();
  if (visible) hidden.delete(family); else hidden.add(family);
  map.landsea.hidden = hidden;
  const keep = ["!", ["in", ["get", "family"], ["literal", [...hidden]]]];
  map.setFilter("links", ["all", ["!", ["get", "planned"]], keep]);
  map.setFilter("links-planned", ["all", ["get", "planned"], keep]);
}

function fitTo(map, coordinates) {
  const bounds = coordinates.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(coordinates[0], coordinates[0]));
  map.fitBounds(bounds, { padding: 60, maxZoom: 6, duration: 0 });
}

const CLICKABLE = ["crossings", "places", "routes", "links", "links-planned"]; // topmost first

function addPopups(map) {
  let popup = null;
  map.on("click", (event) => {
    const { x, y } = event.point;
    const found = map.queryRenderedFeatures([[x - 5, y - 5], [x + 5, y + 5]], { layers: CLICKABLE });
    if (!found.length) return;
    found.sort((a, b) => CLICKABLE.indexOf(a.layer.id) - CLICKABLE.indexOf(b.layer.id));
    popup?.remove();
    popup = new maplibregl.Popup({ maxWidth: "340px" }).setLngLat(event.lngLat).setDOMContent(describe(found[0].properties)).addTo(map);
  });
  for (const layer of CLICKABLE) {
    map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
  }
}

function signed(value) {
  return `${value > 0 ? "+" : ""}${num(value, 1)}`;
}

/** What a click shows: the element's figures, each with its source where the data has one. */
export function describe(p) {
  const box = document.createElement("div");
  box.className = "popup";
  const rows = [];
  const add = (label, value, source) => { if (value !== null && value !== undefined && value !== "") rows.push([label, value, source]); };
  if (p.feature_type === "crossing") {
    add(t("f.mode", "mode"), p.mode);
    add(t("f.countries", "countries"), p.countries);
    add(t("f.designed", "designed capacity ({unit}/day)", { unit: p.capacity_unit }), num(p.designed_per_day), p.designed_source);
    add(t("f.observed", "observed ({unit}/day)", { unit: p.capacity_unit }), num(p.observed_per_day), p.observed_source);
    add(t("f.modelled", "modelled trips/day"), p.trips_per_day == null ? null : num(p.trips_per_day), t("f.assignSource", "landsea assign, baseline"));
    add(t("f.load", "load / capacity"), p.utilisation == null ? null : pct(p.utilisation));
    add(t("f.regime", "regime"), p.regime || "standard");
    add(t("f.hours", "gate hours"), p.hours, p.hours_source);
  } else if (p.feature_type === "link") {
    add(t("f.mode", "mode"), p.mode);
    add(t("f.from", "from"), p.from_name);
    add(t("f.to", "to"), p.to_name);
    add(t("f.status", "status"), p.status + (p.open_year ? ` (${p.open_year})` : ""));
    add(t("f.length", "length (km)"), num(p.length_km), p.length_source);
    add(t("f.speed", "speed (km/h)"), p.speed_kmh == null ? null : num(p.speed_kmh), p.speed_source);
    const flowSource = p.flow_source ? t("f.scenarioSource", "scenario store: {name}", { name: p.flow_source }) : t("f.assignSource", "landsea assign, baseline");
    add(t("f.flow", "flow (TEU/day)"), p.teu_per_day == null ? null : num(p.teu_per_day), flowSource);
    if (p.teu_change != null) add(t("f.change", "change against {name} (TEU/day)", { name: p.baseline_source }), signed(p.teu_change));
  } else if (p.feature_type === "place") {
    add(t("f.country", "country"), p.country);
    add(t("f.kind", "kind"), p.kind);
    add(t("f.modes", "modes"), p.modes);
    add(t("f.position", "position"), "", p.source);
  } else {
    add(t("f.route", "route"), p.label);
  }
  const title = document.createElement("strong");
  title.textContent = p.name || (p.from_name ? `${p.from_name} – ${p.to_name}` : p.label || "");
  const list = document.createElement("dl");
  for (const [label, value, source] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    if (source) {
      const small = document.createElement("small");
      small.textContent = source;
      dd.append(document.createElement("br"), small);
    }
    list.append(dt, dd);
  }
  box.append(title, list);
  return box;
}
