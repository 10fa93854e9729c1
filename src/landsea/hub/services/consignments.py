"""Opening consignments (one contract, one document), planning their legs, assigning carriers."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from landsea.errors import ConflictError, DataError, Location, NotFoundError
from landsea.hub import audit, planning
from landsea.hub.auth import Principal, Role
from landsea.hub.db import Database
from landsea.hub.models import (
    Consignment,
    ConsignmentCrossing,
    Equipment,
    GoodsItem,
    Leg,
    Organisation,
    utcnow,
)
from landsea.hub.policy import (
    owned_consignment,
    visible_consignments,
    visible_revision,
    visible_row,
)
from landsea.hub.schemas.consignments import (
    AmendmentIn,
    CarrierIn,
    ConsignmentIn,
    ConsignmentOut,
    ItineraryIn,
)
from landsea.hub.viewcache import ViewCache
from landsea.hub.views import ConsignmentRows, consignment_view, names_needed, view_key

if TYPE_CHECKING:
    from landsea.network import Network


def plan_itinerary(network: Network, body: ConsignmentIn) -> planning.Itinerary:
    """The itinerary the operator asked for: planned by the router or given and checked.

    Raises:
        DataError: an unknown place or commodity, or given legs that do not fit the network.
        NoRouteError: no route joins origin and destination under the options.
    """
    _check_known(network, body)
    spec: ItineraryIn = body.itinerary
    if spec.legs is not None:
        given = [planning.GivenLeg(g.mode, g.from_place, g.to_place, g.carrier) for g in spec.legs]
        return planning.check_given(network, body.origin, body.destination, given, spec.regime)
    assert spec.plan is not None
    plan = spec.plan
    request = planning.PlanRequest(
        by=plan.by,
        avoid_countries=tuple(plan.avoid_countries),
        avoid_modes=tuple(plan.avoid_modes),
        avoid_crossings=tuple(plan.avoid_crossings),
        regime=plan.regime,
        carriers={str(mode): name for mode, name in plan.carriers.items()},
    )
    return planning.plan(network, body.origin, body.destination, body.commodity, request)


def _check_known(network: Network, body: ConsignmentIn) -> None:
    places = network.places
    for name in ("origin", "destination"):
        code = getattr(body, name)
        if code not in places.index:
            raise DataError(
                f"{code} is not a place of the corridor network",
                Location("consignment", None, name),
            )
    commodities = network.tables.parameters.commodities
    if body.commodity not in commodities:
        raise DataError(
            f"unknown commodity {body.commodity!r}; one of {', '.join(commodities)}",
            Location("consignment", None, "commodity"),
        )


def create(
    session: Session, caller: Principal, body: ConsignmentIn, itinerary: planning.Itinerary
) -> Consignment:
    """Store the consignment with goods, equipment, legs and crossings (caller's transaction).

    Raises:
        ConflictError: a consignment with this document number is already open.
        DataError: a named carrier is not a carrier organisation.
    """
    carriers = _carrier_ids(session, itinerary)
    consignment = Consignment(
        operator_id=caller.organisation_id,
        document_number=body.document_number,
        consignor=body.consignor.model_dump(),
        consignee=body.consignee.model_dump(),
        origin=body.origin,
        destination=body.destination,
        incoterm=body.incoterm,
        commodity=body.commodity,
        status="booked",
        planned_by=itinerary.planned_by,
        planned_departure=body.planned_departure,
        length_km=itinerary.length_km,
        planned_time_h=itinerary.time_h,
        transfers=[asdict(t) for t in itinerary.transfers],
    )
    session.add(consignment)
    try:
        session.flush()
    except IntegrityError:
        raise ConflictError(f"document {body.document_number} is already open") from None
    _add_parts(session, consignment, body, itinerary, carriers)
    payload = body.model_dump(mode="json", by_alias=True)
    audit.record(
        session, caller.actor, "consignment.create", "consignment", consignment.id, payload
    )
    session.flush()
    session.refresh(consignment)
    return consignment


def _add_parts(
    session: Session,
    consignment: Consignment,
    body: ConsignmentIn,
    itinerary: planning.Itinerary,
    carriers: dict[str, str],
) -> None:
    cid = consignment.id
    for seq, item in enumerate(body.goods, 1):
        session.add(GoodsItem(consignment_id=cid, seq=seq, **item.model_dump()))
    for seq, unit in enumerate(body.equipment, 1):
        session.add(Equipment(consignment_id=cid, seq=seq, **unit.model_dump()))
    clock = body.planned_departure
    crossing_seq = 0
    # Time at a transfer is spent between the leg that arrives and the one that leaves.
    transfer_h = {(t.place, t.from_mode): t.time_h for t in itinerary.transfers}
    for seq, leg in enumerate(itinerary.legs, 1):
        arrival = clock + timedelta(hours=leg.time_h)
        session.add(
            Leg(
                consignment_id=cid,
                seq=seq,
                mode=leg.mode,
                from_place=leg.from_place,
                to_place=leg.to_place,
                length_km=leg.length_km,
                planned_time_h=leg.time_h,
                places=list(leg.places),
                carrier_id=carriers.get(leg.carrier or ""),
                planned_departure=clock,
                planned_arrival=arrival,
                estimated_departure=clock,
                estimated_arrival=arrival,
            )
        )
        for crossing in leg.crossings:
            crossing_seq += 1
            fields = {k: v for k, v in asdict(crossing).items() if k != "time_h"}
            session.add(
                ConsignmentCrossing(consignment_id=cid, seq=crossing_seq, leg_seq=seq, **fields)
            )
        clock = arrival + timedelta(hours=transfer_h.get((leg.to_place, leg.mode), 0.0))
    consignment.eta = arrival


def _carrier_ids(session: Session, itinerary: planning.Itinerary) -> dict[str, str]:
    names = {leg.carrier for leg in itinerary.legs if leg.carrier}
    return {name: carrier_org(session, name).id for name in names}


def carrier_org(session: Session, name: str) -> Organisation:
    """The carrier organisation called `name`.

    Raises:
        DataError: no carrier organisation has that name.
    """
    found = session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if found is None or found.role != Role.CARRIER:
        raise DataError(
            f"no carrier organisation called {name!r}", Location("consignment", None, "carrier")
        )
    return found


def assign_carrier(
    session: Session, caller: Principal, consignment_id: str, leg_seq: int, body: CarrierIn
) -> Consignment:
    """Give one leg of the caller's own consignment to a carrier (audited).

    Raises:
        NotFoundError: not the caller's consignment, or no such leg.
        DataError: no carrier organisation by that name.
    """
    consignment = owned_consignment(session, caller, consignment_id)
    leg = next((leg for leg in consignment.legs if leg.seq == leg_seq), None)
    if leg is None:
        raise NotFoundError(f"consignment {consignment_id} has no leg {leg_seq}")
    leg.carrier_id = carrier_org(session, body.carrier).id
    consignment.updated_at = utcnow()
    audit.record(
        session,
        caller.actor,
        "leg.assign_carrier",
        "consignment",
        consignment_id,
        {"leg": leg_seq, "carrier": body.carrier},
    )
    return consignment


FINAL = ("cancelled", "delivered")


def amend(
    session: Session, caller: Principal, consignment_id: str, body: AmendmentIn
) -> Consignment:
    """Replace parts of the caller's own consignment's document (audited with the reason and
    the changes). Submitted declarations keep their snapshot of what was declared.

    Raises:
        NotFoundError: not the caller's consignment.
        ConflictError: it is cancelled or delivered.
    """
    consignment = _open_for_change(session, caller, consignment_id)
    changes = body.model_dump(mode="json", exclude_none=True, exclude={"reason"})
    for name in ("consignor", "consignee", "incoterm"):
        if name in changes:
            setattr(consignment, name, changes[name])
    if body.goods is not None:
        _replace(session, consignment.goods)
        session.add_all(
            GoodsItem(consignment_id=consignment.id, seq=seq, **item.model_dump())
            for seq, item in enumerate(body.goods, 1)
        )
    if body.equipment is not None:
        _replace(session, consignment.equipment)
        session.add_all(
            Equipment(consignment_id=consignment.id, seq=seq, **unit.model_dump())
            for seq, unit in enumerate(body.equipment, 1)
        )
    consignment.updated_at = utcnow()
    payload = {"reason": body.reason, "changes": changes}
    audit.record(session, caller.actor, "consignment.amend", "consignment", consignment.id, payload)
    session.flush()
    session.expire(consignment)
    return consignment


def cancel(session: Session, caller: Principal, consignment_id: str, reason: str) -> Consignment:
    """Cancel the caller's own consignment (audited with the reason); no event is taken after.

    Raises:
        NotFoundError: not the caller's consignment.
        ConflictError: it is already cancelled or delivered.
    """
    consignment = _open_for_change(session, caller, consignment_id)
    consignment.status = "cancelled"
    consignment.updated_at = utcnow()
    payload = {"reason": reason}
    audit.record(
        session, caller.actor, "consignment.cancel", "consignment", consignment.id, payload
    )
    return consignment


def _open_for_change(session: Session, caller: Principal, consignment_id: str) -> Consignment:
    consignment = owned_consignment(session, caller, consignment_id, lock=True)
    if consignment.status in FINAL:
        raise ConflictError(f"consignment {consignment_id} is {consignment.status}")
    return consignment


def _replace(session: Session, rows: list[GoodsItem] | list[Equipment]) -> None:
    for row in rows:
        session.delete(row)
    session.flush()


def listing(
    session: Session, caller: Principal, status: str | None, limit: int, offset: int
) -> list[Consignment]:
    """The consignments the caller may see, newest first."""
    query = visible_consignments(caller).order_by(Consignment.created_at.desc(), Consignment.id)
    if status:
        query = query.where(Consignment.status == status)
    return list(session.scalars(query.limit(limit).offset(offset)))


def organisation_names(session: Session, ids: set[str]) -> dict[str, str]:
    """Organisation id -> name, for the ids given."""
    if not ids:
        return {}
    rows = session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    )
    return {row[0]: row[1] for row in rows}


def view(session: Session, consignment: Consignment, caller: Principal) -> ConsignmentOut:
    """The consignment as the caller may see it, with the organisation names it shows."""
    names = organisation_names(session, names_needed(consignment))
    return consignment_view(consignment, caller, names)


def views(session: Session, found: list[Consignment], caller: Principal) -> list[ConsignmentOut]:
    """Many consignments as the caller may see them (one query for every name)."""
    ids = set().union(*(names_needed(c) for c in found)) if found else set()
    names = organisation_names(session, ids)
    return [consignment_view(c, caller, names) for c in found]


# A consignment's parts in order, read as rows for its view: built once, like the policy's
# statements, so a render costs no query building or ORM objects (a fifth of the ORM's cost).
_PARTS = tuple(
    select(*model.__table__.columns)
    .where(model.__table__.c.consignment_id == bindparam("consignment_id"))
    .order_by(model.__table__.c.seq)
    for model in (GoodsItem, Equipment, Leg, ConsignmentCrossing)
)
_NAMES = select(Organisation.id, Organisation.name).where(
    Organisation.id.in_(bindparam("ids", expanding=True))
)


def read_json(db: Database, caller: Principal, consignment_id: str, cache: ViewCache) -> bytes:
    """One consignment as the caller may see it, as JSON: from `cache` while it is unchanged,
    else rendered from rows of one read transaction and kept. Callers asking for the same view
    at once wait for one render (`ViewCache.once`).

    Raises:
        NotFoundError: missing or not the caller's to see.
    """
    with db.read_connection() as connection:
        row = connection.execute(*visible_row(caller, consignment_id)).first()
        if row is None:
            raise NotFoundError(f"no consignment {consignment_id}")
        key = (consignment_id, row.updated_at, *view_key(caller))
        return cache.once(key, lambda: _render(connection, caller, row))


def _render(connection: Connection, caller: Principal, row: Row[Any]) -> bytes:
    bound = {"consignment_id": row.id}
    goods, equipment, legs, crossings = (list(connection.execute(s, bound)) for s in _PARTS)
    consignment = ConsignmentRows(row, goods, equipment, legs, crossings)
    ids = list(names_needed(consignment))
    names: dict[str, str] = {r[0]: r[1] for r in connection.execute(_NAMES, {"ids": ids})}
    view = consignment_view(consignment, caller, names)
    return view.model_dump_json(exclude_none=True, by_alias=True).encode()


def cached_json(db: Database, caller: Principal, consignment_id: str, cache: ViewCache) -> bytes:
    """The view `read_json` would answer when it is in `cache` (one statement, no transaction, cheap
    enough for the event loop), else b"" (render it with `read_json`).

    Raises:
        NotFoundError: missing or not the caller's to see.
    """
    row = db.read_row(*visible_revision(caller, consignment_id))
    if row is None:
        raise NotFoundError(f"no consignment {consignment_id}")
    return cache.get((consignment_id, row[0], *view_key(caller))) or b""
