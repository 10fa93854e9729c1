// Small builders for the hub views: elements with text, labelled fields, tables with ids.
import { table } from "../charts.js";

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("aria-") || key === "role" || key === "for") node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** A labelled field: <div class=field><label for=id>text</label>input</div>. */
export function field(text, input) {
  return el("div", { className: "field" }, el("label", { htmlFor: input.id, textContent: text }), input);
}

export function input(id, props = {}) {
  return el("input", { id, name: id, type: "text", autocomplete: "off", ...props });
}

export function select(id, options, chosen) {
  const node = el("select", { id, name: id });
  for (const [value, text] of options) node.add(new Option(text, value, false, value === chosen));
  return node;
}

export function button(text, onClick, props = {}) {
  const node = el("button", { type: "button", textContent: text, ...props });
  if (onClick) node.addEventListener("click", onClick);
  return node;
}

export function message(text, kind = "note") {
  return el("p", { className: kind === "error" ? "error" : "note", role: kind === "error" ? "alert" : "status", textContent: text });
}

export function dataTable(id, columns, rows, caption) {
  const node = table(columns, rows, caption);
  node.id = id;
  return node;
}

/** `list` (a dataTable of `rows`) with a last column named `heading` holding `make(row)`'s
 * button in each row: Open, Follow, Use this route. */
export function withButtons(list, rows, heading, make) {
  list.tHead.rows[0].append(el("th", { scope: "col", textContent: heading }));
  [...list.tBodies[0].rows].forEach((tr, i) => tr.insertCell().append(make(rows[i])));
  return list;
}

/** A view's main list: its heading, and the table in a region the keyboard can scroll. */
export function listRegion(heading, list) {
  return [
    el("h3", { id: "hub-list-heading", textContent: heading }),
    el("div", { className: "hub-scroll", tabIndex: 0, role: "region", "aria-labelledby": "hub-list-heading" }, list),
  ];
}

/** A datetime-local input's value for a Date, in the reader's local time. */
export function localInputValue(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** ISO 8601 with the browser's offset, from a datetime-local value (the hub wants an offset). */
export function withOffset(localValue) {
  const date = new Date(localValue);
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  return `${localValue.length === 16 ? `${localValue}:00` : localValue}${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}
