// The carrier's view: the consignments with a leg assigned to it (the hub shows no others) and a
// form to post a tracking event on one of its legs, in the DCSA Track & Trace vocabulary. The
// hub checks that the event fits the leg (place, container, order of times) and says why not.
import { dateTime, t } from "../text.js";
import { showConsignment } from "./consignment.js";
import { button, dataTable, el, field, listRegion, localInputValue, message, select, withButtons, withOffset } from "./dom.js";
import { placeName } from "./names.js";
import { hubGet, hubPost, reason } from "./session.js";

// What a carrier reports: [key, event type, type code field, type code, classifier].
const KINDS = [
  ["depart", "TRANSPORT", "transport_event_type_code", "DEPA", "ACT"],
  ["arrive", "TRANSPORT", "transport_event_type_code", "ARRI", "ACT"],
  ["estimate", "TRANSPORT", "transport_event_type_code", "ARRI", "EST"],
  ["gateIn", "EQUIPMENT", "equipment_event_type_code", "GTIN", "ACT"],
  ["gateOut", "EQUIPMENT", "equipment_event_type_code", "GTOT", "ACT"],
  ["load", "EQUIPMENT", "equipment_event_type_code", "LOAD", "ACT"],
  ["discharge", "EQUIPMENT", "equipment_event_type_code", "DISC", "ACT"],
];

export async function showCarrier(root, ctx) {
  const found = await hubGet("/consignments?limit=200");
  const detail = el("section", { id: "hub-detail", "aria-live": "polite" });
  const me = ctx.session.me.organisation;
  const rows = found.map((c) => ({
    id: c.id,
    document: c.document_number,
    lane: `${placeName(c.origin)} → ${placeName(c.destination)}`,
    mine: c.legs.filter((leg) => leg.carrier === me).map((leg) => `${leg.leg}: ${placeName(leg.from)} → ${placeName(leg.to)}`).join("; "),
    status: t(`hub.status.${c.status}`, c.status),
  }));
  const list = dataTable("hub-consignments", [
    { key: "document", label: t("hub.col.document", "document") },
    { key: "lane", label: t("hub.col.lane", "from → to") },
    { key: "mine", label: t("hub.col.myLegs", "your legs") },
    { key: "status", label: t("hub.col.status", "status") },
  ], rows, t("hub.carrier.listCaption", "Consignments with a leg assigned to you"));
  withButtons(list, rows, t("hub.col.open", "open"), (row) => button(t("hub.open", "Open"), () => showConsignment(detail, row.id, ctx, (section, c) => section.append(eventForm(c, me))), {
    "aria-label": `${t("hub.open", "Open")} ${row.document}`,
  }));
  root.append(...listRegion(t("hub.carrier.heading", "Your legs"), list), detail);
}

function eventForm(c, me) {
  const legs = c.legs.filter((leg) => leg.carrier === me);
  const form = el("form", { id: "hub-event-form" });
  const note = el("div", { id: "hub-event-note", "aria-live": "polite" });
  if (!legs.length) return message(t("hub.carrier.noLeg", "No leg of this consignment is assigned to you."));
  const legChoice = select("hub-event-leg", legs.map((leg) => [String(leg.leg), `${leg.leg}: ${placeName(leg.from)} → ${placeName(leg.to)}`]), String(legs[0].leg));
  const kind = select("hub-event-kind", KINDS.map(([key]) => [key, t(`hub.kind.${key}`, key)]), "depart");
  const place = select("hub-event-place", [], "");
  const fillPlaces = () => {
    const leg = legs.find((l) => String(l.leg) === legChoice.value);
    place.replaceChildren(...leg.places.map((p) => new Option(placeName(p), p)));
  };
  legChoice.addEventListener("change", fillPlaces);
  fillPlaces();
  const when = el("input", { id: "hub-event-time", type: "datetime-local", required: true, value: localInputValue(new Date()) });
  const containers = select("hub-event-container", c.equipment.map((e) => [e.container_number, e.container_number]), c.equipment[0]?.container_number);
  form.append(
    el("h4", { textContent: t("hub.carrier.post", "Post an event") }),
    field(t("hub.carrier.leg", "Leg"), legChoice),
    field(t("hub.carrier.kind", "What happened"), kind),
    field(t("hub.carrier.place", "Where"), place),
    field(t("hub.carrier.time", "When"), when),
    c.equipment.length ? field(t("hub.carrier.container", "Container (equipment events)"), containers) : null,
    el("button", { type: "submit", id: "hub-event-submit", textContent: t("hub.carrier.submit", "Post the event") }),
    note,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const [, type, codeField, code, classifier] = KINDS.find(([key]) => key === kind.value);
    const body = {
      event_id: crypto.randomUUID(),
      event_type: type,
      event_classifier_code: classifier,
      [codeField]: code,
      event_datetime: withOffset(when.value),
      location: place.value,
      leg: Number(legChoice.value),
    };
    if (type === "EQUIPMENT") Object.assign(body, { equipment_reference: containers.value, empty_indicator_code: "LADEN" });
    try {
      const stored = await hubPost(`/consignments/${c.id}/events`, body);
      note.dataset.eventId = stored.event_id;
      note.replaceChildren(message(t("hub.carrier.posted", "Posted: {what} at {place}, {when}", {
        what: t(`hub.event.${stored.type_code}`, stored.type_code), place: placeName(stored.location), when: dateTime(stored.event_datetime),
      })));
    } catch (err) {
      note.replaceChildren(message(t("hub.carrier.refused", "The hub refused the event: {reason}", { reason: reason(err) }), "error"));
    }
  });
  return form;
}
