// Charts with their tables behind them: every chart is a <figure> holding a canvas (role=img,
// labelled) and a <details> with the same numbers as an HTML table, for screen readers, keyboard
// users and anyone who wants the figures.
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController,
  LineElement, PointElement, ScatterController, Tooltip,
} from "chart.js";
import { t } from "./text.js";

Chart.register(
  BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController,
  LineElement, PointElement, ScatterController, Tooltip,
);
Chart.defaults.animation = false; // drawn at once: the page reacts within a frame
Chart.defaults.maintainAspectRatio = false;

export const PALETTE = ["#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666"];

/** A table from columns [{key, label, format?}] and rows of objects. */
export function table(columns, rows, caption) {
  const el = document.createElement("table");
  if (caption) el.createCaption().textContent = caption;
  const head = el.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column.label;
    head.append(th);
  }
  const body = el.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    columns.forEach((column, index) => {
      const cell = index === 0 ? document.createElement("th") : document.createElement("td");
      if (index === 0) cell.scope = "row";
      const value = row[column.key];
      cell.textContent = column.format ? column.format(value, row) : value ?? "–";
      if (typeof value === "number") cell.className = "num";
      tr.append(cell);
    });
  }
  return el;
}

/** A figure: title, chart (Chart.js config) and the table of its numbers behind it. */
export function chartFigure(parent, { id, title, config, columns, rows, height = 260 }) {
  const figure = document.createElement("figure");
  figure.className = "chart";
  if (id) figure.id = id;
  const caption = document.createElement("figcaption");
  caption.textContent = title;
  const box = document.createElement("div");
  box.className = "canvas-box";
  box.style.height = `${height}px`;
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `${title}: ${t("chart.tableBelow", "the numbers are in the table below")}`);
  box.append(canvas);
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = t("chart.table", "Table of the chart's numbers");
  details.append(summary, table(columns, rows, title));
  figure.append(caption, box, details);
  parent.append(figure);
  const chart = new Chart(canvas, config);
  figure.chart = chart;
  return figure;
}
