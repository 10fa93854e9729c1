"""Who may see and do what in the hub: the one module that decides.

Two questions, answered here and nowhere else:

- **May this role ever do this?** `ALLOWED` maps each `Action` to the roles that may take it;
  `check` raises `PermissionDeniedError` (403) for the others.
- **Which records may this caller see or change?** The `visible_*` queries and `owned_consignment`
  narrow to what is the caller's own; what is not visible does not exist (404, never 403, so a
  foreign record's existence is not leaked).

Roles: an operator owns its consignments; a carrier reads the consignments with a leg assigned
to it and posts events on those legs; an authority reads what crosses its country's borders,
keeps its risk rules and inspects and releases its side; the public reads aggregates only. The
admin runs the hub (organisations, tokens, trusted keys, imports, the audit log) and reads
everything, but writes no trade data: it opens no consignment, assigns no carrier, declares,
posts, inspects and releases nothing. An admin may sign an export (a read, audited).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, false, or_, select, true
from sqlalchemy.orm import Session, lazyload

from landsea.errors import NotFoundError, PermissionDeniedError
from landsea.hub.auth import Principal, Role
from landsea.hub.models import (
    Consignment,
    ConsignmentCrossing,
    Declaration,
    ImportedCountry,
    ImportedDocument,
    Leg,
    Organisation,
    TirOffice,
    TirTransport,
)

__all__ = [
    "ALLOWED",
    "Action",
    "check",
    "check_event_type",
    "may",
    "may_import",
    "organisation_principal",
    "owned_consignment",
    "readable_consignment",
    "sees_channels",
    "sees_consignment",
    "sees_parties",
    "visible_consignment",
    "visible_consignments",
    "visible_declaration",
    "visible_declarations",
    "visible_import",
    "visible_imports",
    "visible_revision",
    "visible_row",
    "visible_tir_transport",
    "visible_tir_transports",
]


_Row = TypeVar("_Row")


class Action(StrEnum):
    """What a caller may ask the hub to do."""

    OPEN_CONSIGNMENT = "open a consignment"
    READ_CONSIGNMENT = "read consignments"
    ASSIGN_CARRIER = "assign a carrier"
    AMEND_CONSIGNMENT = "amend or cancel a consignment"
    POST_EVENT = "post events"
    READ_EVENTS = "read events"
    SUBSCRIBE = "subscribe to events"
    DECLARE = "declare a crossing"
    READ_DECLARATION = "read declarations"
    INSPECT = "inspect and release"
    KEEP_RISK_RULES = "keep risk rules"
    EXPORT_CONSIGNMENT = "export a consignment"
    EXPORT_DECLARATION = "export a declaration"
    IMPORT_DOCUMENT = "import a document"
    READ_IMPORTS = "read imports"
    READ_TRUSTED_KEYS = "read trusted keys"
    READ_OWN_KEY = "read the hub's public key"
    MANAGE_IDENTITY = "manage organisations and tokens"
    MANAGE_KEYS = "manage trusted keys"
    READ_AUDIT = "read the audit log"
    READ_METRICS = "read the operational metrics"
    REGISTER_TIR = "register a TIR transport"
    READ_TIR = "read TIR transports"
    RECORD_TIR = "record TIR operations"


_O, _C, _A, _P, _ADM = Role.OPERATOR, Role.CARRIER, Role.AUTHORITY, Role.PUBLIC, Role.ADMIN

ALLOWED: dict[Action, frozenset[Role]] = {
    Action.OPEN_CONSIGNMENT: frozenset({_O}),
    Action.READ_CONSIGNMENT: frozenset({_O, _C, _A, _ADM}),
    Action.ASSIGN_CARRIER: frozenset({_O}),
    Action.AMEND_CONSIGNMENT: frozenset({_O}),
    Action.POST_EVENT: frozenset({_O, _C}),
    Action.READ_EVENTS: frozenset({_O, _C, _A, _ADM}),
    Action.SUBSCRIBE: frozenset({_O, _C, _A, _ADM}),
    Action.DECLARE: frozenset({_O}),
    Action.READ_DECLARATION: frozenset({_O, _A, _ADM}),
    Action.INSPECT: frozenset({_A}),
    Action.KEEP_RISK_RULES: frozenset({_A}),
    Action.EXPORT_CONSIGNMENT: frozenset({_O, _ADM}),
    Action.EXPORT_DECLARATION: frozenset({_O, _A, _ADM}),
    Action.IMPORT_DOCUMENT: frozenset({_A, _ADM}),
    Action.READ_IMPORTS: frozenset({_A, _ADM}),
    Action.READ_TRUSTED_KEYS: frozenset({_A, _ADM}),
    Action.READ_OWN_KEY: frozenset({_O, _C, _A, _P, _ADM}),
    Action.MANAGE_IDENTITY: frozenset({_ADM}),
    Action.MANAGE_KEYS: frozenset({_ADM}),
    Action.READ_AUDIT: frozenset({_ADM}),
    Action.READ_METRICS: frozenset({_ADM}),
    Action.REGISTER_TIR: frozenset({_O}),
    Action.READ_TIR: frozenset({_O, _A, _ADM}),
    Action.RECORD_TIR: frozenset({_A}),
}


def may(caller: Principal, action: Action) -> bool:
    """Whether the caller's role may ever take `action` (on its own records)."""
    return caller.role in ALLOWED[action]


def check(caller: Principal, action: Action) -> Principal:
    """The caller, if its role may take `action`.

    Raises:
        PermissionDeniedError: the role may never do this (403).
    """
    if not may(caller, action):
        allowed = ", ".join(sorted(str(r) for r in ALLOWED[action]))
        raise PermissionDeniedError(f"to {action} needs the role {allowed}; you are {caller.role}")
    return caller


def check_event_type(caller: Principal, event_type: str) -> None:
    """Operators post SHIPMENT events (the document's life); carriers post the movements
    (TRANSPORT and EQUIPMENT events) and never SHIPMENT events.

    Raises:
        PermissionDeniedError: the caller's role does not post this type (403).
    """
    operator = caller.role is Role.OPERATOR
    if operator != (event_type == "SHIPMENT"):
        raise PermissionDeniedError("operators post SHIPMENT events; carriers the others")


def sees_parties(caller: Principal) -> bool:
    """Parties, Incoterm and values: for the operator, the authorities and the admin."""
    return caller.role in (Role.OPERATOR, Role.AUTHORITY, Role.ADMIN)


def sees_channels(caller: Principal) -> bool:
    """Risk channels: authorities and the admin; traders never learn their channel."""
    return caller.role in (Role.AUTHORITY, Role.ADMIN)


def visible_consignments(caller: Principal) -> Select[Consignment]:
    """A query of the consignments `caller` may read."""
    query = select(Consignment)
    if caller.role is Role.ADMIN:
        return query
    visible = _visible(caller.role, caller.organisation_id, caller.country, bool(caller.country))
    return query.where(visible)


def _visible(role: Role, org: object, country: object, has_country: bool) -> ColumnElement[bool]:
    """Which consignments a caller of `role` may read, for its organisation and country given as
    values or as bind parameters (one definition for both uses)."""
    if role is Role.ADMIN:
        return true()
    if role is Role.OPERATOR:
        return Consignment.operator_id == org
    if role is Role.CARRIER:
        return Consignment.id.in_(select(Leg.consignment_id).where(Leg.carrier_id == org))
    if role is Role.AUTHORITY and has_country:
        crossings = select(ConsignmentCrossing.consignment_id).where(
            or_(ConsignmentCrossing.country_a == country, ConsignmentCrossing.country_b == country)
        )
        return Consignment.id.in_(crossings)
    return false()


def _per_role(*columns: Any) -> dict[tuple[Role, bool], Select[Any]]:
    """`columns` of the consignment `:consignment_id` if a caller of each role may read it (no
    row otherwise): one statement per role and whether it has a country, built once, so reading
    it per request costs no query building or compiling."""
    return {
        (role, has_country): select(*columns).where(
            Consignment.id == bindparam("consignment_id"),
            _visible(role, bindparam("org"), bindparam("country"), has_country),
        )
        for role in Role
        for has_country in (False, True)
    }


# A consignment's revision (its `updated_at`), and its row (every column of the table).
_REVISIONS = _per_role(Consignment.updated_at)
_ROWS = _per_role(*Consignment.__table__.columns)


def _bound(caller: Principal, consignment_id: str) -> dict[str, Any]:
    return {
        "consignment_id": consignment_id,
        "org": caller.organisation_id,
        "country": caller.country,
    }


def visible_revision(caller: Principal, consignment_id: str) -> tuple[Select[Any], dict[str, Any]]:
    """A statement and its parameters reading the consignment's `updated_at` when `caller` may
    read it (no row otherwise): what a cached view of it is checked against."""
    return _REVISIONS[(caller.role, bool(caller.country))], _bound(caller, consignment_id)


def visible_row(caller: Principal, consignment_id: str) -> tuple[Select[Any], dict[str, Any]]:
    """A statement and its parameters reading the consignment's row (no ORM object) when
    `caller` may read it (no row otherwise): what a view of it is rendered from."""
    return _ROWS[(caller.role, bool(caller.country))], _bound(caller, consignment_id)


def sees_consignment(session: Session, caller: Principal, consignment_id: str) -> bool:
    """Whether the caller may see the consignment now (cheap: no related rows are loaded).
    Long-lived subscriptions ask this as they go, so withdrawn access ends them."""
    query = visible_consignments(caller).where(Consignment.id == consignment_id)
    return session.scalars(query.options(lazyload("*"))).first() is not None


def organisation_principal(org: Organisation) -> Principal:
    """An organisation acting on its own (a webhook's subscriber): its role and country."""
    return Principal(org.id, org.name, Role(org.role), org.country, "organisation")


def visible_consignment(session: Session, caller: Principal, consignment_id: str) -> Consignment:
    """The consignment if `caller` may read it.

    Raises:
        NotFoundError: it is missing or not the caller's to see (404 either way).
    """
    query = visible_consignments(caller).where(Consignment.id == consignment_id)
    return _first_or_404(session, query, f"no consignment {consignment_id}")


def owned_consignment(
    session: Session, caller: Principal, consignment_id: str, *, lock: bool = False
) -> Consignment:
    """A consignment the caller may change: its operator's own (the admin changes none).

    Raises:
        NotFoundError: missing, or not the caller's own (404 either way).
    """
    if caller.role is not Role.OPERATOR:
        raise NotFoundError(f"no consignment {consignment_id}")
    query = select(Consignment).where(
        Consignment.id == consignment_id, Consignment.operator_id == caller.organisation_id
    )
    if lock:
        query = query.with_for_update()
    return _first_or_404(session, query, f"no consignment {consignment_id}")


def readable_consignment(session: Session, caller: Principal, consignment_id: str) -> Consignment:
    """A consignment in full: the operator's own, or any for the admin (exports).

    Raises:
        NotFoundError: missing, or not the caller's own (404 either way).
    """
    if caller.role is Role.ADMIN:
        return visible_consignment(session, caller, consignment_id)
    return owned_consignment(session, caller, consignment_id)


def visible_declarations(caller: Principal) -> Select[Declaration]:
    """Declarations the caller may read: its own consignments' (operator), those at its
    country's crossings (authority), all (admin)."""
    query = select(Declaration)
    if caller.role is Role.ADMIN:
        return query
    if caller.role is Role.AUTHORITY and caller.country:
        return query.where(
            or_(Declaration.country_a == caller.country, Declaration.country_b == caller.country)
        )
    if caller.role is Role.OPERATOR:
        own = select(Consignment.id).where(Consignment.operator_id == caller.organisation_id)
        return query.where(Declaration.consignment_id.in_(own))
    return query.where(false())


def visible_declaration(session: Session, caller: Principal, declaration_id: str) -> Declaration:
    """The declaration if the caller may read it.

    Raises:
        NotFoundError: missing or not the caller's to see.
    """
    query = visible_declarations(caller).where(Declaration.id == declaration_id)
    return _first_or_404(session, query, f"no declaration {declaration_id}")


def may_import(caller: Principal, countries: set[str]) -> bool:
    """An imported document follows the policy of what it carries: a consignment or
    declaration concerns the countries of its crossings, and only their authorities (and the
    admin) may bring it in or read it."""
    if caller.role is Role.ADMIN:
        return True
    return caller.role is Role.AUTHORITY and caller.country in countries


def visible_imports(caller: Principal) -> Select[ImportedDocument]:
    """Imported documents the caller may read (see `may_import`)."""
    query = select(ImportedDocument)
    if caller.role is Role.ADMIN:
        return query
    if caller.role is Role.AUTHORITY and caller.country:
        concerned = select(ImportedCountry.document_id).where(
            ImportedCountry.country == caller.country
        )
        return query.where(ImportedDocument.id.in_(concerned))
    return query.where(false())


def visible_import(session: Session, caller: Principal, document_id: str) -> ImportedDocument:
    """The imported document if the caller may read it.

    Raises:
        NotFoundError: missing or not the caller's to see.
    """
    query = visible_imports(caller).where(ImportedDocument.id == document_id)
    return _first_or_404(session, query, f"no imported document {document_id}")


def visible_tir_transports(caller: Principal) -> Select[TirTransport]:
    """TIR transports the caller may read: its own as their holder (operator), those with a
    customs office in its country (authority: the countries on the route only), all (admin)."""
    query = select(TirTransport)
    if caller.role is Role.ADMIN:
        return query
    if caller.role is Role.OPERATOR:
        return query.where(TirTransport.holder_org_id == caller.organisation_id)
    if caller.role is Role.AUTHORITY and caller.country:
        on_route = select(TirOffice.transport_id).where(TirOffice.country == caller.country)
        return query.where(TirTransport.id.in_(on_route))
    return query.where(false())


def visible_tir_transport(session: Session, caller: Principal, transport_id: str) -> TirTransport:
    """The TIR transport if the caller may read it.

    Raises:
        NotFoundError: missing or not the caller's to see (404 either way).
    """
    query = visible_tir_transports(caller).where(TirTransport.id == transport_id)
    return _first_or_404(session, query, f"no TIR transport {transport_id}")


def _first_or_404(session: Session, query: Select[_Row], missing: str) -> _Row:
    # What a caller may not see does not exist: the same 404 for missing and foreign records.
    found = session.scalars(query).first()
    if found is None:
        raise NotFoundError(missing)
    return found
