// The operator's view: plan a consignment from one of the route planner's options (the same
// /api/route answer as the planner tab), open it on the hub (POST /consignments with the option's
// legs, which the hub checks against the network), then follow it: its events arrive live over
// the hub's server-sent event stream, the ETA moves with them, and the observed time-distance is
// drawn against the modelled one.
import { getJson } from "../api.js";
import { dateTime, num, t } from "../text.js";
import { showConsignment } from "./consignment.js";
import { button, dataTable, el, field, input, listRegion, localInputValue, message, select, withButtons, withOffset } from "./dom.js";
import { placeName } from "./names.js";
import { hubGet, hubPost, reason } from "./session.js";

export async function showOperator(root, ctx) {
  const planner = el("section", { id: "hub-plan", "aria-labelledby": "hub-plan-heading" });
  const listing = el("section", { id: "hub-list", "aria-labelledby": "hub-list-heading" });
  const detail = el("section", { id: "hub-detail", "aria-live": "polite" });
  root.append(planner, detail, listing);
  const mine = await hubGet("/consignments?limit=200");
  const open = async (id) => {
    await showConsignment(detail, id, ctx);
    detail.scrollIntoView({ block: "start" });
  };
  drawPlanner(planner, ctx, mine, async (made) => {
    drawList(listing, await hubGet("/consignments?limit=200"), open);
    open(made.id);
  });
  drawList(listing, mine, open);
}

function drawList(section, found, open) {
  const rows = found.map((c) => ({
    document: c.document_number,
    lane: `${placeName(c.origin)} → ${placeName(c.destination)}`,
    status: t(`hub.status.${c.status}`, c.status),
    eta: c.eta ? dateTime(c.eta) : "–",
    id: c.id,
  }));
  const list = dataTable("hub-consignments", [
    { key: "document", label: t("hub.col.document", "document") },
    { key: "lane", label: t("hub.col.lane", "from → to") },
    { key: "status", label: t("hub.col.status", "status") },
    { key: "eta", label: t("hub.col.eta", "ETA") },
  ], rows, t("hub.operator.listCaption", "Your consignments, newest first"));
  withButtons(list, rows, t("hub.col.follow", "follow"), (row) => button(t("hub.follow", "Follow"), () => open(row.id), {
    "aria-label": `${t("hub.follow", "Follow")} ${row.document}`,
  }));
  section.replaceChildren(...listRegion(t("hub.operator.list", "Your consignments"), list));
}

// --- planning from a route ------------------------------------------------------------------

function drawPlanner(section, ctx, mine, opened) {
  const heading = el("h3", { id: "hub-plan-heading", textContent: t("hub.operator.plan", "Plan a consignment from a route") });
  const options = el("div", { id: "hub-route-options", "aria-live": "polite" });
  const booking = el("div", { id: "hub-booking" });
  const commodities = ctx.network.vocabulary.commodities;
  const form = el("form", { id: "hub-route-form", className: "inline" });
  const from = input("hub-origin", { value: "Chongqing", required: true });
  const to = input("hub-destination", { value: "Bangkok", required: true });
  from.setAttribute("list", "hub-place-names");
  to.setAttribute("list", "hub-place-names");
  const names = el("datalist", { id: "hub-place-names" });
  getJson("/api/places").then((list) => list.forEach((p) => names.append(new Option(p.place_id, p.name))));
  const commodity = select("hub-commodity", commodities.map((c) => [c, t(`hub.commodity.${c}`, c.replace("_", " "))]), "electronics");
  form.append(
    names,
    field(t("hub.plan.origin", "From"), from),
    field(t("hub.plan.destination", "To"), to),
    field(t("hub.plan.commodity", "Commodity"), commodity),
    el("button", { type: "submit", id: "hub-find-routes", textContent: t("hub.plan.find", "Find route options") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    options.replaceChildren(message(t("hub.loading", "Loading…")));
    booking.replaceChildren();
    try {
      const answer = await getJson("/api/route", { origin: from.value, destination: to.value, commodity: commodity.value });
      drawOptions(options, answer, (route) => drawBooking(booking, answer, route, mine, opened));
    } catch (err) {
      options.replaceChildren(message(reason(err), "error"));
    }
  });
  section.replaceChildren(heading, el("p", { textContent: t("hub.plan.intro", "The options are the route planner's (time, cost and CO2 per TEU); the hub checks the chosen one against the network and keeps its legs.") }), form, options, booking);
  const chosen = window.landsea?.chosenRoute;
  if (chosen) {
    drawOptions(options, chosen.answer, (route) => drawBooking(booking, chosen.answer, route, mine, opened), chosen.index);
  }
}

function drawOptions(section, answer, choose, only = null) {
  const routes = answer.routes.map((r, i) => ({ ...r, rank: i + 1 })).filter((_, i) => only === null || i === only);
  const list = dataTable("hub-options", [
    { key: "label", label: t("hub.col.option", "option") },
    { key: "time_h", label: t("hub.col.timeH", "time (h)"), format: (v) => num(v, 1) },
    { key: "cost_usd", label: t("hub.col.costUsd", "cost (USD per TEU)"), format: (v) => num(v) },
    { key: "co2_kg", label: t("hub.col.co2", "CO2 (kg per TEU)"), format: (v) => num(v) },
  ], routes, t("hub.plan.options", "Route options from {origin} to {destination}", { origin: answer.origin_name, destination: answer.destination_name }));
  withButtons(list, routes, t("hub.col.book", "book"), (route) => button(t("hub.plan.use", "Use this route"), () => choose(route), {
    className: "hub-use-route", "aria-label": `${t("hub.plan.use", "Use this route")}: ${route.label}`,
  }));
  section.replaceChildren(list);
}

/** The option's moves as hub legs: one per run of a mode, split at each border crossing so the
 * hub's check follows the same crossing the option takes. */
export function legsOf(route) {
  const legs = [];
  let current = null;
  for (const step of route.legs) {
    if (step.kind === "crossing" && current && current.mode === step.mode && current.from !== step.from_id) {
      legs.push(current);
      current = { mode: step.mode, from: step.from_id, to: step.from_id };
    }
    if (step.kind !== "move") continue;
    if (current && current.mode === step.mode) {
      current.to = step.to_id;
    } else {
      if (current) legs.push(current);
      current = { mode: step.mode, from: step.from_id, to: step.to_id };
    }
  }
  if (current) legs.push(current);
  return legs;
}

function usualCarriers(mine) {
  const byMode = new Map();
  for (const c of mine) {
    for (const leg of c.legs) {
      if (!leg.carrier) continue;
      const counts = byMode.get(leg.mode) || new Map();
      counts.set(leg.carrier, (counts.get(leg.carrier) || 0) + 1);
      byMode.set(leg.mode, counts);
    }
  }
  const usual = new Map();
  for (const [mode, counts] of byMode) usual.set(mode, [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0]);
  const all = [...new Set([...byMode.values()].flatMap((counts) => [...counts.keys()]))].sort();
  return { usual, all };
}

function drawBooking(section, answer, route, mine, opened) {
  const legs = legsOf(route);
  const carriers = usualCarriers(mine);
  const stamp = new Date();
  const number = `MTD-${stamp.toISOString().slice(0, 10).replaceAll("-", "")}-${String(stamp.getTime()).slice(-5)}`;
  const later = new Date(Math.ceil(stamp.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
  const form = el("form", { id: "hub-book" });
  const list = el("datalist", { id: "hub-carrier-names" });
  carriers.all.forEach((name) => list.append(new Option(name)));
  const text = (id, value, props = {}) => input(id, { value, required: true, ...props });
  const fields = {
    document: text("hub-doc", number),
    consignor: text("hub-consignor", "Chongqing Electronics Co."),
    consignorCountry: text("hub-consignor-country", route.origin.slice(0, 2), { maxLength: 2 }),
    consignee: text("hub-consignee", "Bangkok Retail Ltd"),
    consigneeCountry: text("hub-consignee-country", route.destination.slice(0, 2), { maxLength: 2 }),
    hs: text("hub-hs", "847130", { inputMode: "numeric" }),
    description: text("hub-goods", "laptop computers"),
    packages: text("hub-packages", "400", { type: "number", min: 1 }),
    mass: text("hub-mass", "9600", { type: "number", min: 1 }),
    value: text("hub-value", "480000", { type: "number", min: 0 }),
    currency: text("hub-currency", "USD", { maxLength: 3 }),
    container: input("hub-container", { value: "", placeholder: "CSQU3054383" }),
    departure: text("hub-departure", localInputValue(later), { type: "datetime-local" }),
  };
  const incoterm = select("hub-incoterm", ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FOB", "CIF"].map((c) => [c, c]), "CPT");
  const legBox = el("fieldset", { id: "hub-legs" }, el("legend", { textContent: t("hub.book.legs", "Legs and their carriers") }));
  const carrierInputs = legs.map((leg, i) => {
    const box = input(`hub-carrier-${i + 1}`, { value: carriers.usual.get(leg.mode) || "" });
    box.setAttribute("list", "hub-carrier-names");
    legBox.append(field(t("hub.book.leg", "Leg {n}: {mode}, {from} → {to}", {
      n: i + 1, mode: t(`hub.mode.${leg.mode}`, leg.mode), from: placeName(leg.from), to: placeName(leg.to),
    }), box));
    return box;
  });
  const note = el("div", { id: "hub-book-note", "aria-live": "polite" });
  form.append(
    el("h4", { textContent: t("hub.book.heading", "Book on the hub: {label}", { label: route.label }) }),
    list,
    field(t("hub.book.document", "Transport document number"), fields.document),
    field(t("hub.book.consignor", "Consignor"), fields.consignor),
    field(t("hub.book.consignorCountry", "Consignor's country (ISO)"), fields.consignorCountry),
    field(t("hub.book.consignee", "Consignee"), fields.consignee),
    field(t("hub.book.consigneeCountry", "Consignee's country (ISO)"), fields.consigneeCountry),
    field(t("hub.book.incoterm", "Incoterm"), incoterm),
    field(t("hub.book.hs", "HS code"), fields.hs),
    field(t("hub.book.goods", "Goods"), fields.description),
    field(t("hub.book.packages", "Packages"), fields.packages),
    field(t("hub.book.mass", "Gross mass (kg)"), fields.mass),
    field(t("hub.book.value", "Value"), fields.value),
    field(t("hub.book.currency", "Currency (ISO 4217)"), fields.currency),
    field(t("hub.book.container", "Container (ISO 6346, optional)"), fields.container),
    field(t("hub.book.departure", "Planned departure"), fields.departure),
    legBox,
    el("button", { type: "submit", id: "hub-book-submit", textContent: t("hub.book.submit", "Open the consignment") }),
    note,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      document_number: fields.document.value.trim(),
      consignor: { name: fields.consignor.value.trim(), country: fields.consignorCountry.value.trim().toUpperCase() },
      consignee: { name: fields.consignee.value.trim(), country: fields.consigneeCountry.value.trim().toUpperCase() },
      origin: route.origin,
      destination: route.destination,
      incoterm: incoterm.value,
      commodity: answer.request.commodity,
      goods: [{
        hs_code: fields.hs.value.trim(), description: fields.description.value.trim(),
        packages: Number(fields.packages.value), gross_mass_kg: Number(fields.mass.value),
        value: Number(fields.value.value), currency: fields.currency.value.trim().toUpperCase(),
      }],
      equipment: fields.container.value.trim() ? [{ container_number: fields.container.value.trim().toUpperCase() }] : [],
      planned_departure: withOffset(fields.departure.value),
      itinerary: { legs: legs.map((leg, i) => ({
        mode: leg.mode, from: leg.from, to: leg.to, ...(carrierInputs[i].value.trim() ? { carrier: carrierInputs[i].value.trim() } : {}),
      })) },
    };
    try {
      const made = await hubPost("/consignments", body);
      note.replaceChildren(message(t("hub.book.done", "Opened {document}: {legs} legs, ETA {eta}", {
        document: made.document_number, legs: made.legs.length, eta: made.eta ? dateTime(made.eta) : "–",
      })));
      section.replaceChildren(note);
      opened(made);
    } catch (err) {
      note.replaceChildren(message(t("hub.book.refused", "The hub refused the consignment: {reason}", { reason: reason(err) }), "error"));
    }
  });
  section.replaceChildren(form);
  fields.document.focus();
}
