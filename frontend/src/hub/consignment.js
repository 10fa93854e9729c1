// One consignment followed live: legs with planned, estimated and actual times, the ETA, the
// event timeline (filled from the hub's event stream, so a carrier's event appears as soon as
// the hub has committed it) and the observed time-distance against the modelled one.
import { chartFigure, PALETTE } from "../charts.js";
import { dateTime, num, t } from "../text.js";
import { dataTable, el, message } from "./dom.js";
import { placeName } from "./names.js";
import { hubGet, reason } from "./session.js";
import { follow } from "./stream.js";

let following = null; // the AbortController of the stream on screen

/** Draw consignment `id` into `section` and follow its events; `extra(section, c)` may add a
 * form (the carrier's). Returns when the first view is drawn. */
export async function showConsignment(section, id, ctx, extra = null) {
  following?.abort();
  following = new AbortController();
  ctx.signal?.addEventListener("abort", () => following.abort());
  const signal = following.signal;
  let consignment;
  try {
    consignment = await hubGet(`/consignments/${id}`);
  } catch (err) {
    section.replaceChildren(message(reason(err), "error"));
    return;
  }
  const summary = el("div", { id: "hub-summary" });
  const legs = el("div", { id: "hub-legs-table" });
  const chart = el("div", { id: "hub-tcd" });
  const timeline = el("ol", { id: "hub-timeline", "aria-live": "polite", "aria-label": t("hub.timeline.label", "Events, in the order they happened") });
  const events = [];
  const redraw = (c) => {
    consignment = c;
    drawSummary(summary, c);
    drawLegs(legs, c);
    drawChart(chart, c);
  };
  section.replaceChildren(
    el("h3", { textContent: t("hub.detail.heading", "Consignment {document}", { document: consignment.document_number }) }),
    summary, legs, chart,
    el("h4", { textContent: t("hub.timeline.heading", "Event timeline (live)") }), timeline,
  );
  if (extra) extra(section, consignment);
  redraw(consignment);
  let pending = null;
  follow(id, (event) => {
    events.push(event);
    drawTimeline(timeline, events);
    clearTimeout(pending); // a burst of events refreshes the legs and ETA once
    pending = setTimeout(() => hubGet(`/consignments/${id}`).then(redraw).catch(() => {}), 200);
  }, signal);
}

function drawSummary(box, c) {
  const facts = [
    [t("hub.col.lane", "from → to"), `${placeName(c.origin)} → ${placeName(c.destination)}`],
    [t("hub.col.status", "status"), t(`hub.status.${c.status}`, c.status)],
    [t("hub.col.eta", "ETA"), c.eta ? dateTime(c.eta) : "–"],
    [t("hub.detail.planned", "planned"), t("hub.detail.plannedText", "{km} km in {hours} h, leaving {departure}", {
      km: num(c.length_km), hours: num(c.planned_time_h, 1), departure: dateTime(c.planned_departure),
    })],
  ];
  if (c.goods?.length) facts.push([t("hub.detail.goods", "goods"), c.goods.map((g) => `${g.description} (HS ${g.hs_code})`).join(", ")]);
  const list = el("dl", { className: "facts" });
  for (const [term, value] of facts) {
    const dd = el("dd", { textContent: value });
    if (term === t("hub.col.eta", "ETA")) dd.id = "hub-eta";
    if (term === t("hub.col.status", "status")) dd.id = "hub-status";
    list.append(el("dt", { textContent: term }), dd);
  }
  box.replaceChildren(list);
}

function drawLegs(box, c) {
  const when = (v) => (v ? dateTime(v) : "–");
  box.replaceChildren(dataTable("hub-legs-of", [
    { key: "leg", label: "#" },
    { key: "what", label: t("hub.col.leg", "leg") },
    { key: "carrier", label: t("hub.col.carrier", "carrier") },
    { key: "planned_arrival", label: t("hub.col.plannedArrival", "planned arrival"), format: when },
    { key: "estimated_arrival", label: t("hub.col.estimatedArrival", "estimated arrival"), format: when },
    { key: "actual_departure", label: t("hub.col.actualDeparture", "left"), format: when },
    { key: "actual_arrival", label: t("hub.col.actualArrival", "arrived"), format: when },
  ], c.legs.map((leg) => ({
    ...leg,
    what: `${t(`hub.mode.${leg.mode}`, leg.mode)}: ${placeName(leg.from)} → ${placeName(leg.to)}`,
    carrier: leg.carrier || "–",
  })), t("hub.detail.legs", "Legs")));
}

/** Hours since the planned departure at each leg end, modelled (the plan) and observed (actual
 * events; estimates where the leg is still under way). Events carry no prices, so the cost
 * side of the profile stays with the model (the route planner's chart). */
export function profile(c) {
  const start = Date.parse(c.planned_departure);
  const hours = (v) => (v ? (Date.parse(v) - start) / 3_600_000 : null);
  let km = 0;
  const rows = [{ place: placeName(c.origin), km: 0, modelled_h: 0, observed_h: hours(c.legs[0]?.actual_departure), estimated_h: null }];
  for (const leg of c.legs) {
    km += leg.length_km;
    rows.push({
      place: placeName(leg.to),
      km,
      modelled_h: hours(leg.planned_arrival),
      observed_h: hours(leg.actual_arrival),
      estimated_h: leg.actual_arrival ? hours(leg.actual_arrival) : hours(leg.estimated_arrival),
    });
  }
  return rows;
}

function drawChart(box, c) {
  const rows = profile(c);
  const points = (key) => rows.filter((r) => r[key] !== null).map((r) => ({ x: r.km, y: r[key] }));
  box.replaceChildren();
  chartFigure(box, {
    id: "hub-tcd-chart",
    title: t("hub.detail.tcd", "Time-distance: observed against modelled (hours since the planned departure)"),
    config: {
      type: "line",
      data: { datasets: [
        { label: t("hub.detail.modelled", "modelled"), data: points("modelled_h"), borderColor: PALETTE[0], pointRadius: 3 },
        { label: t("hub.detail.observed", "observed"), data: points("observed_h"), borderColor: PALETTE[1], pointRadius: 4 },
        { label: t("hub.detail.estimated", "estimated"), data: points("estimated_h"), borderColor: PALETTE[1], borderDash: [6, 4], pointRadius: 0 },
      ] },
      options: { scales: {
        x: { type: "linear", title: { display: true, text: t("hub.unit.km", "distance (km)") } },
        y: { title: { display: true, text: t("hub.unit.hours", "hours") } },
      } },
    },
    columns: [
      { key: "place", label: t("hub.col.place", "place") },
      { key: "km", label: t("hub.unit.km", "distance (km)"), format: (v) => num(v) },
      { key: "modelled_h", label: t("hub.detail.modelledH", "modelled (h)"), format: (v) => num(v, 1) },
      { key: "observed_h", label: t("hub.detail.observedH", "observed (h)"), format: (v) => num(v, 1) },
      { key: "estimated_h", label: t("hub.detail.estimatedH", "estimated (h)"), format: (v) => num(v, 1) },
    ],
    rows,
    height: 220,
  });
  box.append(el("p", { className: "note", textContent: t("hub.detail.costNote", "Events carry no prices: the cost side of the profile is the model's (see the route planner).") }));
}

function drawTimeline(list, events) {
  const sorted = [...events].sort((a, b) => Date.parse(a.event_datetime) - Date.parse(b.event_datetime) || a.sequence - b.sequence);
  list.replaceChildren(...sorted.map((e) => el("li", {
    dataset: { sequence: String(e.sequence), eventId: e.event_id, code: e.type_code, location: e.location },
    textContent: t("hub.timeline.item", "{when}: {what} at {place} ({kind}){leg}", {
      when: dateTime(e.event_datetime),
      what: t(`hub.event.${e.type_code}`, e.type_code),
      place: placeName(e.location),
      kind: t(`hub.classifier.${e.event_classifier_code}`, e.event_classifier_code),
      leg: e.leg ? t("hub.timeline.leg", ", leg {n}", { n: e.leg }) : "",
    }),
  })));
}
