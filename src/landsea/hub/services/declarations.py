"""Declarations per crossing, seen by the authorities on both sides of it.

Submitting assesses each side against its country's risk rules (the strictest matching rule
decides: red over yellow over green). An inspection recorded by one side is visible to the other
(mutual recognition): a red channel is released on a compliant inspection by either side. A
non-compliant inspection holds the declaration; no side may then release it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from landsea.errors import ConflictError, DataError, Location, NotFoundError, PermissionDeniedError
from landsea.hub import audit, fx
from landsea.hub.auth import Principal, Role
from landsea.hub.models import (
    Consignment,
    Declaration,
    DeclarationSide,
    GoodsItem,
    Inspection,
    RiskRule,
    utcnow,
)
from landsea.hub.policy import owned_consignment, visible_declaration, visible_declarations
from landsea.hub.schemas.declarations import (
    DeclarationIn,
    DeclarationOut,
    InspectionIn,
    RiskRuleIn,
)
from landsea.hub.services.consignments import organisation_names
from landsea.hub.views import declaration_view, inspector_ids

SEVERITY = {"green": 0, "yellow": 1, "red": 2}


def submit(
    session: Session, caller: Principal, consignment_id: str, body: DeclarationIn
) -> Declaration:
    """Declare one crossing of the caller's consignment; each side assessed against its rules.

    Raises:
        NotFoundError: not the caller's consignment.
        DataError: the crossing is not on the itinerary.
        ConflictError: the crossing is already declared.
    """
    consignment = owned_consignment(session, caller, consignment_id)
    crossing = next((c for c in consignment.crossings if c.crossing_id == body.crossing_id), None)
    if crossing is None:
        on_route = ", ".join(c.crossing_id for c in consignment.crossings) or "none"
        raise DataError(
            f"{body.crossing_id} is not on this consignment's itinerary "
            f"(its crossings: {on_route})",
            Location("declaration", None, "crossing_id"),
        )
    declaration = Declaration(
        consignment_id=consignment.id,
        crossing_seq=crossing.seq,
        crossing_id=crossing.crossing_id,
        place_a=crossing.place_a,
        place_b=crossing.place_b,
        country_a=crossing.country_a,
        country_b=crossing.country_b,
        status="submitted",
        snapshot=_snapshot(consignment),
    )
    session.add(declaration)
    try:
        session.flush()
    except IntegrityError:
        raise ConflictError(f"{body.crossing_id} is already declared") from None
    for country in dict.fromkeys((crossing.country_a, crossing.country_b)):
        channel, reasons = assess(session, country, consignment)
        session.add(
            DeclarationSide(
                declaration_id=declaration.id, country=country, channel=channel, reasons=reasons
            )
        )
    audit.record(
        session,
        caller.actor,
        "declaration.submit",
        "declaration",
        declaration.id,
        declaration.snapshot,
    )
    session.flush()
    session.refresh(declaration)
    return declaration


def _snapshot(consignment: Consignment) -> dict[str, Any]:
    """What was declared, frozen: later changes to the consignment do not alter it."""
    return {
        "document_number": consignment.document_number,
        "commodity": consignment.commodity,
        "consignor": consignment.consignor,
        "consignee": consignment.consignee,
        "goods": [
            {
                "hs_code": g.hs_code,
                "description": g.description,
                "packages": g.packages,
                "gross_mass_kg": g.gross_mass_kg,
                "value": g.value,
                "currency": g.currency,
            }
            for g in consignment.goods
        ],
        "equipment": [e.container_number for e in consignment.equipment],
    }


def assess(session: Session, country: str, consignment: Consignment) -> tuple[str, list[str]]:
    """The channel of `country`'s strictest matching rule, and the names of the rules that hit."""
    rules = session.scalars(select(RiskRule).where(RiskRule.country == country))
    hits = [rule for rule in rules if _matches(rule, consignment)]
    if not hits:
        return "green", []
    channel = max((rule.channel for rule in hits), key=SEVERITY.__getitem__)
    return channel, sorted(rule.name for rule in hits)


def _matches(rule: RiskRule, consignment: Consignment) -> bool:
    goods = consignment.goods
    if rule.hs_prefix and not any(g.hs_code.startswith(rule.hs_prefix) for g in goods):
        return False
    if rule.commodity and rule.commodity != consignment.commodity:
        return False
    if rule.consignor_country and rule.consignor_country != consignment.consignor.get("country"):
        return False
    if rule.min_value is not None and rule.currency is not None:
        value = _value_in(goods, rule.currency)
        if value is not None and value < rule.min_value:
            return False
    return True


def _value_in(goods: Sequence[GoodsItem], currency: str) -> float | None:
    """The goods' total value in `currency` (converted by `landsea.hub.fx`'s dated table), or
    None when an item's currency cannot be converted: a rule on value then matches, so money
    the hub cannot weigh is looked at rather than waved through."""
    total = 0.0
    for item in goods:
        converted = fx.convert(item.value, item.currency, currency)
        if converted is None:
            return None
        total += converted
    return total


def listing(
    session: Session, caller: Principal, status: str | None, limit: int, offset: int
) -> list[Declaration]:
    """Declarations the caller may see, newest first."""
    query = visible_declarations(caller).order_by(Declaration.submitted_at.desc(), Declaration.id)
    if status:
        query = query.where(Declaration.status == status)
    return list(session.scalars(query.limit(limit).offset(offset)))


def _own_side(caller: Principal, declaration: Declaration) -> DeclarationSide:
    if caller.role is not Role.AUTHORITY:
        raise PermissionDeniedError("only the authorities of the crossing do this")
    side = next((s for s in declaration.sides if s.country == caller.country), None)
    if side is None:  # cannot happen for a visible declaration; kept as a guard
        raise NotFoundError(f"no declaration {declaration.id}")
    return side


def inspect(
    session: Session, caller: Principal, declaration_id: str, body: InspectionIn
) -> Declaration:
    """Record the caller's inspection of its side; a non-compliant one holds the declaration.

    Raises:
        NotFoundError: not a declaration of the caller's country.
        PermissionDeniedError: the caller is not an authority.
    """
    declaration = visible_declaration(session, caller, declaration_id)
    side = _own_side(caller, declaration)
    inspection = Inspection(
        declaration_id=declaration.id,
        country=side.country,
        organisation_id=caller.organisation_id,
        result=body.result,
        findings=body.findings,
        seals_intact=body.seals_intact,
        inspected_at=body.inspected_at,
    )
    session.add(inspection)
    if body.result == "non_compliant":
        declaration.status = "held"
    session.flush()
    audit.record(
        session,
        caller.actor,
        "declaration.inspect",
        "declaration",
        declaration.id,
        body.model_dump(mode="json"),
    )
    session.refresh(declaration)
    return declaration


def release(session: Session, caller: Principal, declaration_id: str) -> Declaration:
    """Release the caller's side; a red side needs a compliant inspection first.

    Raises:
        NotFoundError: not a declaration of the caller's country.
        ConflictError: held, or red without a compliant inspection.
    """
    declaration = visible_declaration(session, caller, declaration_id)
    side = _own_side(caller, declaration)
    if declaration.status == "held":
        raise ConflictError("held after a non-compliant inspection: it cannot be released")
    if side.released_at is not None:
        return declaration
    compliant = any(i.result == "compliant" for i in declaration.inspections)
    if side.channel == "red" and not compliant:
        raise ConflictError(
            "red channel: an inspection by either side must find it compliant before release"
        )
    side.released_at = utcnow()
    side.released_by = caller.organisation_id
    if all(s.released_at is not None for s in declaration.sides):
        declaration.status = "released"
    audit.record(
        session,
        caller.actor,
        "declaration.release",
        "declaration",
        declaration.id,
        {"country": side.country},
    )
    session.flush()
    return declaration


def add_rule(session: Session, caller: Principal, body: RiskRuleIn) -> RiskRule:
    """Add a risk rule for the caller's country (audited)."""
    assert caller.country is not None
    rule = RiskRule(
        organisation_id=caller.organisation_id, country=caller.country, **body.model_dump()
    )
    session.add(rule)
    session.flush()
    audit.record(
        session,
        caller.actor,
        "risk_rule.create",
        "risk_rule",
        rule.id,
        body.model_dump(mode="json"),
    )
    return rule


def rules_of(session: Session, caller: Principal) -> list[RiskRule]:
    """The caller's country's risk rules, by name."""
    query = select(RiskRule).where(RiskRule.country == caller.country).order_by(RiskRule.name)
    return list(session.scalars(query))


def remove_rule(session: Session, caller: Principal, rule_id: str) -> None:
    """Remove a risk rule of the caller's country (audited).

    Raises:
        NotFoundError: no such rule of the caller's country.
    """
    rule = session.get(RiskRule, rule_id)
    if rule is None or rule.country != caller.country:
        raise NotFoundError(f"no risk rule {rule_id}")
    session.delete(rule)
    audit.record(session, caller.actor, "risk_rule.delete", "risk_rule", rule_id, {})


def view(session: Session, declaration: Declaration, caller: Principal) -> DeclarationOut:
    """The declaration as the caller may see it, with its inspectors' names."""
    return declaration_view(
        declaration, caller, organisation_names(session, inspector_ids(declaration))
    )
