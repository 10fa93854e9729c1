// The dashboard's entry: the page frame (tabs, map, legend, language), the core views, then
// the extensions (src/<name>/index.js: the hub views, the catalogues). Tests and extensions
// reach the map through window.landsea.
import "maplibre-gl/dist/maplibre-gl.css";
import "./style.css";
import { getJson } from "./api.js";
import { createMap, showFlows } from "./mapview.js";
import { renderLegend } from "./legend.js";
import { browserLanguage, languages, onLanguage, savedLanguage, setLanguage, t, translateStatic } from "./text.js";
import { allViews } from "./views.js";
import "./views/network.js";
import "./views/routes.js";
import "./views/scenarios.js";
import "./views/crossings.js";
import "landsea:extensions";

const ready = start();
window.landsea = { ready };

async function start() {
  setLanguage(savedLanguage() || browserLanguage());
  // Both downloads at once: the map needs the outlines and the network before it can draw.
  const outlines = fetch("/static/countries-50m.json").then((r) => r.json());
  const network = await getJson("/api/network");
  performance.mark("landsea:network");
  const map = await createMap(document.getElementById("map"), network, { basemap: network.basemap, outlines });
  performance.mark("landsea:map");
  const ctx = { map, network, status, flows: null };
  window.landsea.map = map;
  window.landsea.ctx = ctx;
  const legend = () => renderLegend(document.getElementById("legend"), map.landsea.flowView);
  legend();
  map.on("landsea:flowview", legend);
  buildLanguagePicker(document.getElementById("tools"));
  ctx.flows = getJson("/api/flows").then((flows) => {
    showFlows(map, flows);
    window.landsea.flowsShown = true;
    return flows;
  }).catch((err) => status(t("flows.failed", "Flows could not be computed: {error}", { error: err.message })));
  buildTabs(ctx);
  onLanguage(() => { legend(); buildTabs(ctx); });
  document.body.dataset.ready = "true";
  performance.mark("landsea:ready");
  return ctx;
}

export function status(text) {
  document.getElementById("status").textContent = text;
}

function buildTabs(ctx) {
  const list = document.getElementById("tabs");
  const panel = document.getElementById("panel");
  const current = list.querySelector("[aria-selected=true]")?.dataset.view || location.hash.slice(1) || allViews()[0].id;
  list.replaceChildren();
  const views = allViews();
  const select = (view, focus) => {
    for (const tab of list.children) {
      const on = tab.dataset.view === view.id;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) tab.focus();
    }
    panel.replaceChildren();
    panel.setAttribute("aria-labelledby", `tab-${view.id}`);
    const section = document.createElement("div");
    section.className = `view view-${view.id}`;
    panel.append(section);
    history.replaceState(null, "", `#${view.id}`);
    view.mount(section, ctx);
    translateStatic(section);
  };
  views.forEach((view, index) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.role = "tab";
    tab.id = `tab-${view.id}`;
    tab.dataset.view = view.id;
    tab.setAttribute("aria-controls", "panel");
    tab.textContent = view.label();
    tab.addEventListener("click", () => select(view, false));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) select(views[(index + step + views.length) % views.length], true);
    });
    list.append(tab);
  });
  panel.setAttribute("role", "tabpanel");
  select(views.find((v) => v.id === current) || views[0], false);
}

function buildLanguagePicker(parent) {
  parent.replaceChildren();
  const label = document.createElement("label");
  label.htmlFor = "language";
  label.textContent = t("language", "Language");
  const picker = document.createElement("select");
  picker.id = "language";
  for (const { code, name } of languages()) picker.add(new Option(name, code));
  picker.value = document.documentElement.lang;
  picker.addEventListener("change", () => setLanguage(picker.value));
  parent.append(label, picker);
}
