"""Status and estimated times of a consignment, recomputed from the actual events.

Leg times are facts from events (first actual departure, first actual arrival) and are kept
whatever order events arrive in; estimates are then recomputed forward from the latest facts:
a leg leaves when the previous one arrived plus the planned transfer time (never before its plan),
and arrives after its planned running time unless the carrier reported an estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from landsea.vocabulary import ARRIVAL_EVENTS, DEPARTURE_EVENTS, EventClassifier


class Leg(Protocol):
    """What scheduling reads and writes of a leg (an ORM row or a plain state object)."""

    seq: int
    from_place: str
    to_place: str
    planned_time_h: float
    planned_departure: datetime
    planned_arrival: datetime
    estimated_departure: datetime | None
    estimated_arrival: datetime | None
    actual_departure: datetime | None
    actual_arrival: datetime | None
    reported_arrival: datetime | None


class Consignment(Protocol):
    """What scheduling writes of a consignment."""

    eta: datetime | None
    status: str


DEPARTURES = DEPARTURE_EVENTS  # (event type, type code) pairs, defined in landsea.vocabulary
ARRIVALS = ARRIVAL_EVENTS


def apply_event(
    leg: Leg, event_type: str, classifier: str, type_code: str, location: str, at: datetime
) -> bool:
    """Fold one event into its leg's known times (ACT facts, EST estimates, PLN plans); True
    when something changed."""
    key = (event_type, type_code)
    if classifier == EventClassifier.ACT:
        if key in DEPARTURES and location == leg.from_place:
            return _set_earliest(leg, "actual_departure", at)
        if key in ARRIVALS and location == leg.to_place:
            return _set_earliest(leg, "actual_arrival", at)
    elif classifier == EventClassifier.EST and key in ARRIVALS and location == leg.to_place:
        leg.reported_arrival = at
        return True
    elif classifier == "PLN":
        return _replan(leg, key, location, at)
    return False


def _replan(leg: Leg, key: tuple[str, str], location: str, at: datetime) -> bool:
    """A planned (PLN) departure moves the leg's plan, keeping its running time; a planned
    arrival sets the running time. Estimates then follow from the new plan."""
    if key in DEPARTURES and location == leg.from_place:
        leg.planned_departure = at
        leg.planned_arrival = at + timedelta(hours=leg.planned_time_h)
        return True
    if key in ARRIVALS and location == leg.to_place and at > leg.planned_departure:
        leg.planned_arrival = at
        leg.planned_time_h = (at - leg.planned_departure).total_seconds() / 3600.0
        return True
    return False


def _set_earliest(leg: Leg, name: str, at: datetime) -> bool:
    # The first actual is the fact: a repeated gate-in later does not move the departure.
    current = getattr(leg, name)
    if current is None or at < current:
        setattr(leg, name, at)
        return True
    return False


def reschedule(consignment: Consignment, legs: Sequence[Leg]) -> None:
    """Recompute every leg's estimates, the consignment's ETA and its status."""
    previous: Leg | None = None
    for leg in legs:
        leg.estimated_departure = _departure(leg, previous)
        leg.estimated_arrival = _arrival(leg)
        previous = leg
    consignment.eta = legs[-1].estimated_arrival
    consignment.status = status_of(legs)


def _departure(leg: Leg, previous: Leg | None) -> datetime:
    if leg.actual_departure is not None:
        return leg.actual_departure
    if previous is None or previous.estimated_arrival is None:
        return leg.planned_departure
    transfer = leg.planned_departure - previous.planned_arrival
    return max(leg.planned_departure, previous.estimated_arrival + transfer)


def _arrival(leg: Leg) -> datetime:
    if leg.actual_arrival is not None:
        return leg.actual_arrival
    if leg.reported_arrival is not None:
        return leg.reported_arrival
    assert leg.estimated_departure is not None
    return leg.estimated_departure + timedelta(hours=leg.planned_time_h)


def status_of(legs: Sequence[Leg]) -> str:
    """booked, in_transit or delivered, from the legs' actual times."""
    if legs[-1].actual_arrival is not None:
        return "delivered"
    if any(leg.actual_departure or leg.actual_arrival for leg in legs):
        return "in_transit"
    return "booked"
