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

from landsea.hub.models import Consignment, Leg

TIMES = (
    "estimated_departure",
    "estimated_arrival",
    "actual_departure",
    "actual_arrival",
    "reported_arrival",
)


@dataclass
class LegState:
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
        return self.loaded != tuple(getattr(self, name) for name in TIMES)


@dataclass
class ConsignmentState:
    id: str
    operator_id: str
    status: str
    eta: datetime | None
    legs: list[LegState]


_LEG_COLUMNS = [f.name for f in fields(LegState) if f.name != "loaded"]


def load(session: Session, consignment_id: str) -> ConsignmentState | None:
    columns = [getattr(Leg, name) for name in _LEG_COLUMNS]
    query = (
        select(Consignment.operator_id, Consignment.status, Consignment.eta, *columns)
        .join(Leg, Leg.consignment_id == Consignment.id)
        .where(Consignment.id == consignment_id)
        .order_by(Leg.seq)
    )
    rows = session.execute(query).all()
    if not rows:
        return None
    legs = []
    for row in rows:
        leg = LegState(**dict(zip(_LEG_COLUMNS, row[3:], strict=True)))
        leg.loaded = tuple(getattr(leg, name) for name in TIMES)
        legs.append(leg)
    return ConsignmentState(consignment_id, rows[0][0], rows[0][1], rows[0][2], legs)


def save(session: Session, state: ConsignmentState, now: datetime) -> None:
    """Write back the legs whose times changed, and the consignment's status and ETA."""
    changed = [leg for leg in state.legs if leg.changed()]
    if changed:
        table = cast(Table, Leg.__table__)
        statement = (
            update(table)
            .where(table.c.id == bindparam("leg_id"))
            .values({name: bindparam(name) for name in TIMES})
        )
        session.execute(
            statement,
            [{"leg_id": leg.id, **{name: getattr(leg, name) for name in TIMES}} for leg in changed],
        )
    session.execute(
        update(Consignment)
        .where(Consignment.id == state.id)
        .values(status=state.status, eta=state.eta, updated_at=now)
    )
