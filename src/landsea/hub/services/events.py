"""Tracking events: stored once per client event id, folded into legs, status and ETA.

A carrier posts events on the legs assigned to it; an operator posts shipment events on its own
consignments. Duplicates (same organisation and event id) are acknowledged again when their
content matches and refused (409) when it differs. A batch is one transaction: all or nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from landsea.errors import (
    ConflictError,
    DataError,
    HubError,
    Location,
    NotFoundError,
    PermissionDeniedError,
)
from landsea.hub import audit, bulk
from landsea.hub.audit import canonical_json
from landsea.hub.auth import Principal, Role
from landsea.hub.models import EventRecord, TrackingEvent, utcnow
from landsea.hub.policy import check_event_type, sees_consignment
from landsea.hub.schemas.events import EventIn
from landsea.hub.services import eventstate, schedule, subscriptions


@dataclass(frozen=True)
class Stored:
    """The outcome of one posted event: its row and whether it was already there."""

    event: TrackingEvent | EventRecord
    duplicate: bool


@dataclass(frozen=True)
class Posting:
    """One event posted by one caller for one consignment."""

    caller: Principal
    consignment_id: str
    event: EventIn


Outcome = Stored | HubError | DataError


def record(
    session: Session, caller: Principal, consignment_id: str, events: Sequence[EventIn]
) -> list[Stored]:
    """Store events of one consignment in the caller's transaction; the first error raises."""
    return _all_or_error(record_many(session, [Posting(caller, consignment_id, e) for e in events]))


def record_batch(
    session: Session, caller: Principal, events: Sequence[tuple[str, EventIn]]
) -> list[Stored]:
    """Store events of many consignments; the first error raises, naming its index (the caller's
    transaction then stores none of them)."""
    postings = [Posting(caller, consignment_id, event) for consignment_id, event in events]
    return _all_or_error(record_many(session, postings, one_audit_entry=True), indexed=True)


def _all_or_error(outcomes: list[Outcome], indexed: bool = False) -> list[Stored]:
    for index, outcome in enumerate(outcomes):
        if not isinstance(outcome, Stored):
            if indexed:
                raise type(outcome)(f"events[{index}]: {outcome}")
            raise outcome
    return [o for o in outcomes if isinstance(o, Stored)]


def record_many(
    session: Session, postings: Sequence[Posting], one_audit_entry: bool = False
) -> list[Outcome]:
    """Store many postings at once: one read per consignment, one INSERT, one audit append.

    The audit log gets an entry per new event, or with `one_audit_entry` (a batch request: one
    write) a single entry listing every new event's id and digest. Each posting gets its own
    outcome. A refused posting (404, 403, 409, 422) writes nothing,
    so the others can be committed without it: this is what lets the group writer merge many
    requests' single events into one statement each.
    """
    outcomes: list[Outcome | None] = [None] * len(postings)
    states = eventstate.load_many(session, {p.consignment_id for p in postings})
    rows: list[tuple[int, dict[str, Any]]] = []
    pending = _Pending()
    for index, posting in enumerate(postings):
        try:
            state = _visible_state(states, posting.caller, posting.consignment_id)
            leg = _leg_for(posting.caller, state.legs, posting.event)
            _check_fits(state, leg, posting.event, pending)
            rows.append((index, _row(posting.caller, state, leg, posting.event)))
        except (HubError, DataError) as err:
            outcomes[index] = err
    for index, outcome in _insert_once(session, rows).items():
        outcomes[index] = outcome
    fresh = [(i, o) for i, o in enumerate(outcomes) if isinstance(o, Stored) and not o.duplicate]
    _apply(session, states, [(postings[i], o) for i, o in fresh], one_audit_entry)
    return [o for o in outcomes if o is not None]


def _apply(
    session: Session,
    states: dict[str, eventstate.ConsignmentState],
    fresh: list[tuple[Posting, Stored]],
    one_audit_entry: bool,
) -> None:
    """Fold new events into legs, status and ETA; queue webhooks; append to the audit log."""
    if not fresh:
        return
    by_consignment: dict[str, list[TrackingEvent | EventRecord]] = defaultdict(list)
    for posting, stored in fresh:
        by_consignment[posting.consignment_id].append(stored.event)
    touched = []
    for consignment_id, new_events in by_consignment.items():
        state = states[consignment_id]
        if any([_fold(state.legs, event) for event in new_events]):
            schedule.reschedule(state, state.legs)
            touched.append(state)
    eventstate.save_many(session, touched, utcnow())
    subscriptions.enqueue(
        session, {cid: [event.id for event in new] for cid, new in by_consignment.items()}
    )
    if one_audit_entry:
        audit.append(session, [_batch_audit_record(fresh)])
    else:
        audit.append(
            session, [_audit_record(posting.caller, stored.event) for posting, stored in fresh]
        )


def _visible_state(
    states: dict[str, eventstate.ConsignmentState], caller: Principal, consignment_id: str
) -> eventstate.ConsignmentState:
    """The consignment's state if the caller may post on it; 404 when it is not theirs."""
    if caller.role not in (Role.CARRIER, Role.OPERATOR):
        raise PermissionDeniedError("only carriers and operators post events")
    state = states.get(consignment_id)
    org = caller.organisation_id
    visible = state is not None and (
        state.operator_id == org
        if caller.role is Role.OPERATOR
        else any(leg.carrier_id == org for leg in state.legs)
    )
    if state is None or not visible:
        raise NotFoundError(f"no consignment {consignment_id}")
    if state.status == "cancelled":
        raise ConflictError(f"consignment {consignment_id} is cancelled: it takes no events")
    return state


def _leg_for(
    caller: Principal, legs: list[eventstate.LegState], event: EventIn
) -> eventstate.LegState | None:
    """The leg an event belongs to: given, or the caller's leg that touches its location."""
    check_event_type(caller, event.event_type)
    if caller.role is Role.OPERATOR:
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


@dataclass
class _Pending:
    """Actual departures and arrivals accepted earlier in the same group, per leg id: an
    arrival is checked against a departure posted a moment before it in the same commit."""

    departure: dict[int, datetime] = field(default_factory=dict)
    arrival: dict[int, datetime] = field(default_factory=dict)


def _check_fits(
    state: eventstate.ConsignmentState,
    leg: eventstate.LegState | None,
    event: EventIn,
    pending: _Pending,
) -> None:
    """An event must fit its leg: a place of the leg, a container of the consignment, and an
    actual arrival no earlier than the leg's actual departure (a correction is a retraction,
    not a second fact).

    Raises:
        DataError: naming the field that does not fit (422).
    """
    places = leg.places if leg is not None else [p for lg in state.legs for p in lg.places]
    if event.location not in places:
        where = f"leg {leg.seq} ({' - '.join(leg.places)})" if leg else "this consignment"
        raise DataError(
            f"{event.location} is not a place of {where}", Location("event", None, "location")
        )
    unit = event.equipment_reference
    if unit is not None and unit not in state.equipment:
        raise DataError(
            f"container {unit} is not on this consignment",
            Location("event", None, "equipment_reference"),
        )
    if leg is not None and event.event_classifier_code == "ACT":
        _check_time_order(leg, event, pending)


def _check_time_order(leg: eventstate.LegState, event: EventIn, pending: _Pending) -> None:
    key, at = (event.event_type, event.type_code), event.event_datetime
    departures = [t for t in (leg.actual_departure, pending.departure.get(leg.id)) if t]
    arrivals = [t for t in (leg.actual_arrival, pending.arrival.get(leg.id)) if t]
    field_ = Location("event", None, "event_datetime")
    if key in schedule.ARRIVALS and event.location == leg.to_place:
        if departures and at < min(departures):
            raise DataError(
                f"an arrival at {at.isoformat()} comes before leg {leg.seq}'s actual departure "
                f"at {min(departures).isoformat()}",
                field_,
            )
        pending.arrival[leg.id] = min([at, *arrivals])
    elif key in schedule.DEPARTURES and event.location == leg.from_place:
        if arrivals and at > min(arrivals):
            raise DataError(
                f"a departure at {at.isoformat()} comes after leg {leg.seq}'s actual arrival "
                f"at {min(arrivals).isoformat()}",
                field_,
            )
        pending.departure[leg.id] = min([at, *departures])


def _row(
    caller: Principal,
    consignment: eventstate.ConsignmentState,
    leg: eventstate.LegState | None,
    event: EventIn,
) -> dict[str, Any]:
    # An event without a price digests as it did before prices existed, so a retried old post
    # is still recognised as the same event.
    unpriced = {"price", "currency"} if event.price is None else set()
    content = event.model_dump(mode="json", exclude={"leg", "consignment_id", *unpriced})
    content["consignment_id"] = consignment.id
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
        "price": event.price,
        "currency": event.currency,
        "digest": hashlib.sha256(canonical_json(content)).hexdigest(),
        "received_at": utcnow(),
    }


def _insert_once(
    session: Session, rows: list[tuple[int, dict[str, Any]]]
) -> dict[int, Stored | HubError]:
    """One multi-row INSERT ... ON CONFLICT DO NOTHING. A row not inserted repeats an event
    already stored: acknowledged when its content matches, refused (409) when not."""
    if not rows:
        return {}
    table = cast(Table, TrackingEvent.__table__)  # Core, not the ORM's slower bulk path
    payload = [row for _i, row in rows]
    inserted: list[Any]  # rows of (id, organisation_id, event_id)
    if session.get_bind().dialect.name == "postgresql":
        inserted = bulk.pg_insert(
            session,
            table,
            payload,
            conflict=("organisation_id", "event_id"),
            returning=("id", "organisation_id", "event_id"),
        )
    else:
        statement = (
            sqlite.insert(table)
            .on_conflict_do_nothing(index_elements=["organisation_id", "event_id"])
            .returning(table.c.id, table.c.organisation_id, table.c.event_id)
        )
        inserted = list(session.execute(statement, payload).all())
    new_ids = {(r[1], r[2]): r[0] for r in inserted}
    keys = [(row["organisation_id"], row["event_id"]) for _i, row in rows]
    existing = _existing(session, set(keys) - set(new_ids))
    outcomes: dict[int, Stored | HubError] = {}
    for (index, row), key in zip(rows, keys, strict=True):
        if key in new_ids and key not in existing:
            stored = EventRecord(id=new_ids[key], **row)
            existing[key] = stored  # a repeat later in the same call is a duplicate of this
            outcomes[index] = Stored(stored, duplicate=False)
        elif existing[key].digest != row["digest"]:
            outcomes[index] = ConflictError(
                f"event {row['event_id']} was already posted with other content"
            )
        else:
            outcomes[index] = Stored(existing[key], duplicate=True)
    return outcomes


def _existing(
    session: Session, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], TrackingEvent | EventRecord]:
    if not keys:
        return {}
    found: dict[tuple[str, str], TrackingEvent | EventRecord] = {}
    by_org: dict[str, list[str]] = defaultdict(list)
    for org, event_id in keys:
        by_org[org].append(event_id)
    for org, event_ids in by_org.items():
        query = select(TrackingEvent).where(
            TrackingEvent.organisation_id == org, TrackingEvent.event_id.in_(event_ids)
        )
        found.update({(org, e.event_id): e for e in session.scalars(query)})
    return found


def _fold(legs: list[eventstate.LegState], event: TrackingEvent | EventRecord) -> bool:
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


def _audit_record(caller: Principal, event: TrackingEvent | EventRecord) -> audit.AuditRecord:
    payload = {
        "event_id": event.event_id,
        "consignment_id": event.consignment_id,
        "digest": event.digest,
    }
    return audit.AuditRecord(caller.actor, "event.record", "event", str(event.id), payload)


def _batch_audit_record(fresh: list[tuple[Posting, Stored]]) -> audit.AuditRecord:
    events = [stored.event for _posting, stored in fresh]
    payload = [[e.id, e.event_id, e.consignment_id, e.digest] for e in events]
    span = f"{events[0].id}-{events[-1].id}"
    return audit.AuditRecord(fresh[0][0].caller.actor, "event.batch", "event", span, payload)


def events_after(
    session: Session, caller: Principal, consignment_id: str, after: int, limit: int
) -> list[TrackingEvent]:
    """A visible consignment's events in order of receipt, after a sequence number: the one
    query behind polling, the event list and the SSE stream.

    Raises:
        NotFoundError: the consignment is missing or not the caller's to see.
    """
    if not sees_consignment(session, caller, consignment_id):
        raise NotFoundError(f"no consignment {consignment_id}")
    query = (
        select(TrackingEvent)
        .where(TrackingEvent.consignment_id == consignment_id, TrackingEvent.id > after)
        .order_by(TrackingEvent.id)
        .limit(limit)
    )
    return list(session.scalars(query))
