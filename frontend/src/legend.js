// The map's legend, with units: mode colours, planned links dashed, line width as TEU a day,
// crossing colour as load against the crossing's capacity (or the trains scheduled), a dark ring for a faster regime.
import { LOAD_COLOURS, MODE_COLOURS } from "./mapview.js";
import { t } from "./text.js";

export function renderLegend(box) {
  box.replaceChildren();
  const title = document.createElement("h2");
  title.textContent = t("legend.title", "Legend");
  box.append(title);
  const list = document.createElement("ul");
  const item = (swatch, text) => {
    const li = document.createElement("li");
    li.append(swatch, document.createTextNode(text));
    list.append(li);
  };
  for (const [family, colour] of Object.entries(MODE_COLOURS)) item(line(colour, 4), t(`mode.${family}`, family));
  item(line("#555", 2, true), t("legend.planned", "planned or under construction"));
  item(line("#555", 1.5), t("legend.thin", "thin: little flow"));
  item(line("#555", 10), t("legend.thick", "thick: 2,000+ TEU/day (baseline assignment)"));
  for (const [, colour, key, english] of LOAD_COLOURS) item(dot(colour), t(key, english));
  item(dot("#9e9e9e"), t("load.none", "no flow assigned yet"));
  item(dot("#fff", "#111"), t("legend.regime", "dark ring: a regime other than standard"));
  box.append(list);
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
