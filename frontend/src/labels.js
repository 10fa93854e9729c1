// Place names on the map, drawn as HTML over the canvas: MapLibre's own text layers need glyph
// files fetched from a server, and Chinese glyphs run to megabytes, while the browser already
// has fonts for every language the page speaks. Labels that would overlap a more important one
// (cities, then seaports, then terminals, then border posts) are hidden, as MapLibre's symbol
// placement would; zooming in brings them back. Names follow the page's language where
// placenames.js has one.
import { PLACE_NAMES } from "./placenames.js";
import { language, onLanguage } from "./text.js";

const RANK = { city: 0, seaport: 1, river_port: 2, dry_port: 2, rail_terminal: 3, border_crossing: 4 };
const OFFSET_PX = 6; // right of the place's dot
const GAP_PX = 2; // kept clear between two labels

/** The label of a place: its name in the page's language, else the English name without the
 * description in brackets ("Chongqing (city)" -> "Chongqing"). */
export function labelText(properties, lang = language()) {
  return PLACE_NAMES[lang]?.[properties.place_id] ?? properties.name.replace(/\s*\(.*\)\s*$/, "");
}

export function addPlaceLabels(map, places) {
  const layer = document.createElement("div");
  layer.className = "place-labels";
  layer.setAttribute("aria-hidden", "true"); // the names are in the popups and tables too
  map.getCanvasContainer().append(layer); // below popups and controls, above the canvas
  const labels = places.features
    .map((f, order) => ({ f, order, rank: RANK[f.properties.kind] ?? 5, el: document.createElement("span") }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order);
  for (const label of labels) {
    label.el.className = "place-label";
    label.el.dataset.placeId = label.f.properties.place_id;
    layer.append(label.el);
  }
  const write = () => {
    for (const label of labels) {
      label.el.textContent = labelText(label.f.properties);
      label.size = null; // measured again at the next placement
    }
    place(map, labels);
  };
  write();
  map.on("move", () => place(map, labels));
  map.on("resize", () => place(map, labels));
  onLanguage(write);
  map.landsea.labels = labels;
}

/** Position every label; hide one that would overlap a label placed before it. */
function place(map, labels) {
  const { clientWidth: width, clientHeight: height } = map.getContainer();
  const taken = [];
  for (const label of labels) {
    label.size ??= { w: label.el.offsetWidth, h: label.el.offsetHeight };
    const p = map.project(label.f.geometry.coordinates);
    const box = { x: p.x + OFFSET_PX, y: p.y - label.size.h / 2, w: label.size.w, h: label.size.h };
    const inside = box.x >= 0 && box.y >= 0 && box.x + box.w <= width && box.y + box.h <= height;
    const shown = inside && !taken.some((o) => overlaps(o, box));
    label.el.style.visibility = shown ? "visible" : "hidden";
    if (!shown) continue;
    label.el.style.transform = `translate(${Math.round(box.x)}px, ${Math.round(box.y)}px)`;
    taken.push(box);
  }
}

function overlaps(a, b) {
  return a.x < b.x + b.w + GAP_PX && b.x < a.x + a.w + GAP_PX && a.y < b.y + b.h + GAP_PX && b.y < a.y + a.h + GAP_PX;
}
