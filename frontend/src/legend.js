// The map's legend, with units: mode colours, planned links dashed, line width as TEU a day
// (in the baseline assignment or a scenario), or as the change in TEU a day against a baseline
// (wider or narrower, coloured); crossing colour as load against the crossing's capacity (or the
// trains scheduled), a dark ring for a faster regime.
import { CHANGE_COLOURS, CHANGE_STOPS, FLOW_STOPS, LOAD_COLOURS, MODE_COLOURS } from "./mapview.js";
import { num, t } from "./text.js";

/** `view` is the map's flow view: {kind: "flows" | "difference", source: scenario title or null}. */
export function renderLegend(box, view = { kind: "flows", source: null }) {
  box.replaceChildren();
  const title = document.createElement("h2");
  title.textContent = t("legend.title", "Legend");
  box.append(title);
  const list = document.createElement("ul");
  const item = (swatch, text) => {
    const li = document.createElement("li");
    li.append(swatch, document.createTextNode(text));
    list.append(li);
    return li;
  };
  const heading = (text) => {
    const li = document.createElement("li");
    li.className = "legend-heading";
    li.textContent = text;
    list.append(li);
  };
  if (view.kind === "difference") {
    heading(t("legend.changeOf", "Line width: change in TEU/day, {name} against its baseline", { name: view.source }));
    item(line(CHANGE_COLOURS.wider, 6), t("legend.wider", "wider: more TEU/day"));
    item(line(CHANGE_COLOURS.narrower, 6), t("legend.narrower", "narrower: fewer TEU/day"));
    item(line(CHANGE_COLOURS.same, 1), t("legend.same", "unchanged (within 1 TEU/day)"));
    for (const [teu, px] of CHANGE_STOPS.slice(1)) item(line("#555", px), t("legend.changeWidth", "±{teu} TEU/day", { teu: num(teu) }));
  } else {
    for (const [family, colour] of Object.entries(MODE_COLOURS)) item(line(colour, 4), t(`mode.${family}`, family));
    heading(view.source
      ? t("legend.flowsOf", "Line width: TEU/day in {name}", { name: view.source })
      : t("legend.flowsBase", "Line width: TEU/day in the baseline assignment"));
    for (const [teu, px] of FLOW_STOPS.slice(1)) item(line("#555", px), t("legend.teu", "{teu} TEU/day", { teu: num(teu) }));
  }
  item(line("#555", 2, true), t("legend.planned", "planned or under construction"));
  for (const [, colour, key, english] of LOAD_COLOURS) item(dot(colour), t(key, english));
  item(dot("#9e9e9e"), t("load.none", "no flow assigned yet"));
  item(dot("#fff", "#111"), t("legend.regime", "dark ring: a regime other than standard"));
  box.append(list);
  box.dataset.view = view.kind;
}

function line(colour, width, dashed = false) {
  const s = document.createElement("span");
  s.className = "swatch-line";
  s.setAttribute("aria-hidden", "true");
  s.style.borderTop = `${width}px ${dashed ? "dashed" : "solid"} ${colour}`;
  return s;
}

function dot(colour, ring = "#fff") {
  const s = document.createElement("span");
  s.className = "swatch-dot";
  s.setAttribute("aria-hidden", "true");
  s.style.background = colour;
  s.style.borderColor = ring;
  return s;
}
