// The authority's view: the declarations at its country's crossings (the hub shows no others:
// a Vietnamese authority never sees a Mohan/Boten declaration), each with both sides' channels,
// the inspections of either side (mutual recognition), a form to record its own inspection and
// a button to release its side.
import { dateTime, num, t } from "../text.js";
import { button, dataTable, el, field, listRegion, localInputValue, message, select, withButtons, withOffset } from "./dom.js";
import { crossingName, placeName } from "./names.js";
import { hubGet, hubPost, reason } from "./session.js";

export async function showAuthority(root, ctx) {
  const found = await hubGet("/declarations?limit=200");
  const detail = el("section", { id: "hub-detail", "aria-live": "polite" });
  const country = ctx.session.me.country;
  const rows = found.map((d) => ({
    id: d.id,
    crossing: crossingName(d.crossing_id),
    crossing_id: d.crossing_id,
    document: d.document_number,
    channel: channelOf(d, country),
    status: t(`hub.declaration.${d.status}`, d.status),
    submitted: dateTime(d.submitted_at),
  }));
  const list = dataTable("hub-declarations", [
    { key: "crossing", label: t("hub.col.crossing", "crossing") },
    { key: "document", label: t("hub.col.document", "document") },
    { key: "channel", label: t("hub.col.channel", "your channel") },
    { key: "status", label: t("hub.col.status", "status") },
    { key: "submitted", label: t("hub.col.submitted", "declared") },
  ], rows, t("hub.authority.listCaption", "Declarations at your country's crossings ({country})", { country }));
  [...list.tBodies[0].rows].forEach((tr, i) => { tr.dataset.crossing = rows[i].crossing_id; });
  withButtons(list, rows, t("hub.col.open", "open"), (row) => button(t("hub.open", "Open"), () => showDeclaration(detail, row.id, country), {
    "aria-label": `${t("hub.open", "Open")} ${row.document} ${row.crossing}`,
  }));
  root.append(...listRegion(t("hub.authority.heading", "Declarations at your crossings"), list), detail);
  if (!rows.length) root.append(message(t("hub.authority.none", "No declaration at your country's crossings.")));
}

function channelOf(d, country) {
  const side = d.sides.find((s) => s.country === country);
  return side?.channel ? t(`hub.channel.${side.channel}`, side.channel) : "–";
}

async function showDeclaration(section, id, country) {
  let d;
  try {
    d = await hubGet(`/declarations/${id}`);
  } catch (err) {
    section.replaceChildren(message(reason(err), "error"));
    return;
  }
  const sides = dataTable("hub-sides", [
    { key: "country", label: t("hub.col.country", "country") },
    { key: "channel", label: t("hub.col.channelAny", "channel") },
    { key: "reasons", label: t("hub.col.reasons", "why") },
    { key: "released", label: t("hub.col.released", "released") },
  ], d.sides.map((s) => ({
    country: s.country,
    channel: s.channel ? t(`hub.channel.${s.channel}`, s.channel) : "–",
    reasons: s.reasons?.join("; ") || "–",
    released: s.released_at ? dateTime(s.released_at) : t("hub.no", "no"),
  })), t("hub.authority.sides", "Both sides of the crossing"));
  const inspections = dataTable("hub-inspections", [
    { key: "country", label: t("hub.col.country", "country") },
    { key: "inspector", label: t("hub.col.inspector", "inspector") },
    { key: "result", label: t("hub.col.result", "result") },
    { key: "findings", label: t("hub.col.findings", "findings") },
    { key: "when", label: t("hub.col.when", "when") },
  ], d.inspections.map((i) => ({
    ...i, result: t(`hub.result.${i.result}`, i.result), when: dateTime(i.inspected_at),
  })), t("hub.authority.inspections", "Inspections (either side's count for both)"));
  const goods = dataTable("hub-goods", [
    { key: "hs_code", label: t("hub.book.hs", "HS code") },
    { key: "description", label: t("hub.book.goods", "Goods") },
    { key: "packages", label: t("hub.book.packages", "Packages"), format: (v) => num(v) },
    { key: "gross_mass_kg", label: t("hub.book.mass", "Gross mass (kg)"), format: (v) => num(v) },
    { key: "value", label: t("hub.book.value", "Value"), format: (v, row) => `${num(v)} ${row.currency || ""}` },
  ], d.goods, t("hub.authority.goods", "Goods as declared"));
  section.replaceChildren(
    el("h3", { id: "hub-declaration-heading", textContent: t("hub.authority.declaration", "{crossing}: {document}", { crossing: crossingName(d.crossing_id), document: d.document_number }) }),
    el("p", { textContent: t("hub.authority.parties", "From {consignor} ({from}) to {consignee} ({to}); {a} → {b}", {
      consignor: d.consignor?.name ?? "–", from: d.consignor?.country ?? "", consignee: d.consignee?.name ?? "–", to: d.consignee?.country ?? "",
      a: placeName(d.place_a), b: placeName(d.place_b),
    }) }),
    goods, sides, inspections, inspectionForm(section, d, country),
  );
}

function inspectionForm(section, d, country) {
  const form = el("form", { id: "hub-inspection-form" });
  const note = el("div", { id: "hub-inspection-note", "aria-live": "polite" });
  const result = select("hub-inspection-result", [["compliant", t("hub.result.compliant", "compliant")], ["non_compliant", t("hub.result.non_compliant", "not compliant")]], "compliant");
  const findings = el("input", { id: "hub-inspection-findings", type: "text", value: "" });
  const seals = el("input", { id: "hub-inspection-seals", type: "checkbox", checked: true });
  const when = el("input", { id: "hub-inspection-time", type: "datetime-local", required: true, value: localInputValue(new Date()) });
  const release = button(t("hub.authority.release", "Release our side"), async () => {
    try {
      await hubPost(`/declarations/${d.id}/release`, {});
      await showDeclaration(section, d.id, country);
    } catch (err) {
      note.replaceChildren(message(reason(err), "error"));
    }
  }, { id: "hub-release" });
  const sealsBox = el("div", { className: "field" }, el("label", { className: "check", htmlFor: "hub-inspection-seals" }, seals, ` ${t("hub.authority.seals", "Seals intact")}`));
  form.append(
    el("h4", { textContent: t("hub.authority.record", "Record an inspection") }),
    field(t("hub.col.result", "result"), result),
    field(t("hub.col.findings", "findings"), findings),
    sealsBox,
    field(t("hub.col.when", "when"), when),
    el("button", { type: "submit", id: "hub-inspection-submit", textContent: t("hub.authority.submit", "Record the inspection") }),
    " ",
    release,
    note,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await hubPost(`/declarations/${d.id}/inspections`, {
        result: result.value, findings: findings.value, seals_intact: seals.checked, inspected_at: withOffset(when.value),
      });
      await showDeclaration(section, d.id, country);
      section.querySelector("#hub-inspection-note").replaceChildren(message(t("hub.authority.recorded", "Inspection recorded; the other side sees it.")));
    } catch (err) {
      note.replaceChildren(message(t("hub.authority.refused", "The hub refused: {reason}", { reason: reason(err) }), "error"));
    }
  });
  return form;
}
