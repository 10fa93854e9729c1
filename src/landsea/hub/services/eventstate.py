"""The few columns event posting reads and writes, loaded and saved with plain statements.

Posting an event is the hub's hot path. It needs the consignment's operator, status and ETA and
its legs' times: one joined SELECT reads them into these small objects, and only what an event
changed is written back. (The ORM would cost several times as much per event.)
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from landsea.hub.models import Consignment, Equipment, Leg

# What posting may change on a leg: its plan (PLN), estimates (EST) and facts (ACT).
TIMES = (
    "planned_departure",
    "planned_arrival",
    "planned_time_h",
    "estimated_departure",
    "estimated_arrival",
    "actual_departure",
    "actual_arrival",
    "reported_arrival",
)


@dataclass
class LegState:
    """A leg's place list, carrier and times: what posting checks and updates."""

    id: int
    seq: int
    from_place: str
    to_place: str
    places: list[str]
    carrier_id: str | None
    planned_time_h: float
    planned_departure: datetime
    planned_arrival: datetime
    estimated_departure: datetime | None
    estimated_arrival: datetime | None
    actual_departure: datetime | None
    actual_arrival: datetime | None
    reported_arrival: datetime | None
    loaded: tuple[Any, ...] = field(default=(), repr=False)

    def changed(self) -> bool:
        """Whether any time differs from what was loaded."""
        return self.loaded != tuple(getattr(self, name) for name in TIMES)


@dataclass
class ConsignmentState:
    """A consignment's operator, status, ETA, legs and container numbers."""

    id: str
    operator_id: str
    status: str
    eta: datetime | None
    legs: list[LegState]
    equipment: set[str] = field(default_factory=set)


_LEG_COLUMNS = [f.name for f in fields(LegState) if f.name != "loaded"]


def load_many(session: Session, consignment_ids: set[str]) -> dict[str, ConsignmentState]:
    """The states of these consignments (missing ids are simply absent), in one query."""
    columns = [getattr(Leg, name) for name in _LEG_COLUMNS]
    query = (
        select(
            Consignment.id, Consignment.operator_id, Consignment.status, Consignment.eta, *columns
        )
        .join(Leg, Leg.consignment_id == Consignment.id)
        .where(Consignment.id.in_(consignment_ids))
        .order_by(Consignment.id, Leg.seq)
    )
    states: dict[str, ConsignmentState] = {}
    for row in session.execute(query):
        leg = LegState(**dict(zip(_LEG_COLUMNS, row[4:], strict=True)))
        leg.loaded = tuple(getattr(leg, name) for name in TIMES)
        state = states.get(row[0])
        if state is None:
            state = states[row[0]] = ConsignmentState(row[0], row[1], row[2], row[3], [])
        state.legs.append(leg)
    if states:
        units = select(Equipment.consignment_id, Equipment.container_number).where(
            Equipment.consignment_id.in_(states)
        )
        for consignment_id, container in session.execute(units):
            states[consignment_id].equipment.add(container)
    return states


def save_many(session: Session, states: list[ConsignmentState], now: datetime) -> None:
    """Write back the legs whose times changed and the consignments' status and ETA: one
    statement for all legs, one for all consignments."""
    changed = [leg for state in states for leg in state.legs if leg.changed()]
    if changed:
        legs = cast(Table, Leg.__table__)
        statement = (
            update(legs)
            .where(legs.c.id == bindparam("leg_id"))
            .values({name: bindparam(name) for name in TIMES})
        )
        session.execute(
            statement,
            [{"leg_id": leg.id, **{name: getattr(leg, name) for name in TIMES}} for leg in changed],
        )
    if states:
        consignments = cast(Table, Consignment.__table__)
        statement = (
            update(consignments)
            .where(consignments.c.id == bindparam("consignment_id"))
            .values(status=bindparam("status"), eta=bindparam("eta"), updated_at=now)
        )
        session.execute(
            statement, [{"consignment_id": s.id, "status": s.status, "eta": s.eta} for s in states]
        )
