"""Tracking events: stored once per client event id, folded into legs, status and ETA.

A carrier posts events on the legs assigned to it; an operator posts shipment events on its own
consignments. Duplicates (same organisation and event id) are acknowledged again when their
content matches and refused (409) when it differs. A batch is one transaction: all or nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, lazyload

from landsea.errors import ConflictError, DataError, Location, NotFoundError, PermissionDeniedError
from landsea.hub import audit
from landsea.hub.audit import canonical_json
from landsea.hub.auth import Principal, Role
from landsea.hub.models import Consignment, Leg, TrackingEvent, utcnow
from landsea.hub.schemas.events import EventIn
from landsea.hub.services import schedule, subscriptions
from landsea.hub.services.access import visible_consignments


@dataclass(frozen=True)
class Stored:
    """The outcome of one posted event: its row and whether it was already there."""

    event: TrackingEvent
    duplicate: bool


def record(
    session: Session, caller: Principal, consignment_id: str, events: Sequence[EventIn]
) -> list[Stored]:
    """Store events of one consignment in the caller's transaction and update its legs."""
    consignment, legs = _consignment_and_legs(session, caller, consignment_id)
    stored = [_store(session, caller, consignment, legs, event) for event in events]
    fresh = [s for s in stored if not s.duplicate]
    if fresh:
        touched = [_fold(legs, s.event) for s in fresh]
        if any(touched):
            schedule.reschedule(consignment, legs)
        consignment.updated_at = utcnow()
        subscriptions.enqueue(session, consignment.id, [s.event.id for s in fresh])
        audit.append(session, [_audit_record(caller, s.event) for s in fresh])
    return stored


def record_batch(
    session: Session, caller: Principal, events: Sequence[tuple[str, EventIn]]
) -> list[Stored]:
    """Store events of many consignments (grouped per consignment), all in one transaction."""
    by_consignment: dict[str, list[int]] = defaultdict(list)
    for index, (consignment_id, _event) in enumerate(events):
        by_consignment[consignment_id].append(index)
    results: list[Stored | None] = [None] * len(events)
    for consignment_id, indices in by_consignment.items():
        try:
            stored = record(session, caller, consignment_id, [events[i][1] for i in indices])
        except (DataError, NotFoundError, PermissionDeniedError, ConflictError) as err:
            raise type(err)(f"events[{indices[0]}]: {err}") from None
        for index, outcome in zip(indices, stored, strict=True):
            results[index] = outcome
    return [r for r in results if r is not None]


def _consignment_and_legs(
    session: Session, caller: Principal, consignment_id: str
) -> tuple[Consignment, list[Leg]]:
    if caller.role not in (Role.CARRIER, Role.OPERATOR):
        raise PermissionDeniedError("only carriers and operators post events")
    query = visible_consignments(caller).where(Consignment.id == consignment_id)
    consignment = session.scalars(query.options(lazyload("*"))).first()
    if consignment is None:
        raise NotFoundError(f"no consignment {consignment_id}")
    legs = list(
        session.scalars(select(Leg).where(Leg.consignment_id == consignment_id).order_by(Leg.seq))
    )
    return consignment, legs


def _leg_for(caller: Principal, legs: list[Leg], event: EventIn) -> Leg | None:
    """The leg an event belongs to: given, or the caller's leg that touches its location."""
    if caller.role is Role.OPERATOR:
        if event.event_type != "SHIPMENT":
            raise PermissionDeniedError("operators post SHIPMENT events; carriers the others")
        return None
    mine = [leg for leg in legs if leg.carrier_id == caller.organisation_id]
    if event.leg is not None:
        chosen = next((leg for leg in legs if leg.seq == event.leg), None)
        if chosen is None:
            raise DataError(f"there is no leg {event.leg}", Location("event", None, "leg"))
        if chosen not in mine:
            raise PermissionDeniedError(f"leg {event.leg} is not assigned to you")
        return chosen
    if len(mine) == 1:
        return mine[0]
    touching = [leg for leg in mine if event.location in leg.places]
    if len(touching) == 1:
        return touching[0]
    raise DataError(
        f"cannot tell which of your legs {[leg.seq for leg in mine]} this event belongs to: "
        "give `leg`",
        Location("event", None, "leg"),
    )


def _store(
    session: Session, caller: Principal, consignment: Consignment, legs: list[Leg], event: EventIn
) -> Stored:
    leg = _leg_for(caller, legs, event)
    content = event.model_dump(mode="json", exclude={"leg", "consignment_id"})
    content["consignment_id"] = consignment.id
    digest = hashlib.sha256(canonical_json(content)).hexdigest()
    row = _row(caller, consignment, leg, event, digest)
    inserted = _insert_once(session, row)
    if inserted is not None:
        return Stored(inserted, duplicate=False)
    existing = session.scalars(
        select(TrackingEvent).where(
            TrackingEvent.organisation_id == caller.organisation_id,
            TrackingEvent.event_id == event.event_id,
        )
    ).one()
    if existing.digest != digest:
        raise ConflictError(f"event {event.event_id} was already posted with other content")
    return Stored(existing, duplicate=True)


def _row(
    caller: Principal, consignment: Consignment, leg: Leg | None, event: EventIn, digest: str
) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "organisation_id": caller.organisation_id,
        "consignment_id": consignment.id,
        "leg_seq": leg.seq if leg is not None else None,
        "event_type": event.event_type,
        "classifier": event.event_classifier_code,
        "type_code": event.type_code,
        "location": event.location,
        "event_datetime": event.event_datetime,
        "equipment_reference": event.equipment_reference,
        "empty_indicator": event.empty_indicator_code,
        "mode": event.mode_of_transport,
        "digest": digest,
        "received_at": utcnow(),
    }


def _insert_once(session: Session, row: dict[str, Any]) -> TrackingEvent | None:
    """INSERT ... ON CONFLICT DO NOTHING: the new row, or None when the event id was taken."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(TrackingEvent)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["organisation_id", "event_id"])
        .returning(TrackingEvent.id)
    )
    new_id = session.execute(statement).scalar()
    if new_id is None:
        return None
    return TrackingEvent(id=new_id, **row)


def _fold(legs: list[Leg], event: TrackingEvent) -> bool:
    if event.leg_seq is None:
        return False
    leg = legs[event.leg_seq - 1]
    return schedule.apply_event(
        leg,
        event.event_type,
        event.classifier,
        event.type_code,
        event.location,
        event.event_datetime,
    )


def _audit_record(caller: Principal, event: TrackingEvent) -> audit.AuditRecord:
    payload = {
        "event_id": event.event_id,
        "consignment_id": event.consignment_id,
        "digest": event.digest,
    }
    return audit.AuditRecord(caller.actor, "event.record", "event", str(event.id), payload)


def listing(
    session: Session, caller: Principal, consignment_id: str, after: int, limit: int
) -> list[TrackingEvent]:
    """A consignment's events in order of receipt, after a sequence number (for polling)."""
    visible = visible_consignments(caller).where(Consignment.id == consignment_id)
    if session.scalars(visible.options(lazyload("*"))).first() is None:
        raise NotFoundError(f"no consignment {consignment_id}")
    query = (
        select(TrackingEvent)
        .where(TrackingEvent.consignment_id == consignment_id, TrackingEvent.id > after)
        .order_by(TrackingEvent.id)
        .limit(limit)
    )
    return list(session.scalars(query))
