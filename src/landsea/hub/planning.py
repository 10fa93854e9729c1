"""A consignment's itinerary: planned by the routing engine, or given by the operator and checked.

This module is the hub's only door to rooms 2-3. Both paths give an `Itinerary` of hub legs: a
hub leg is one run of one mode between transfers (what one carrier moves), carrying the border
crossings it passes. Operator-given legs are checked against the network: known places, a chain
of links of the leg's mode between its ends, a transfer where the mode changes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from landsea.errors import DataError, Location, NoRouteError
from landsea.regimes import STANDARD_NAME
from landsea.vocabulary import Objective

if TYPE_CHECKING:
    from landsea.network import Network
    from landsea.routing import Route, Step


@dataclass(frozen=True)
class PlannedCrossing:
    """A border crossing on a planned leg, with its regime."""

    crossing_id: str
    regime: str
    place_a: str
    place_b: str
    country_a: str
    country_b: str
    time_h: float


@dataclass(frozen=True)
class PlannedLeg:
    """A planned leg: mode, ends, places, length, time, crossings, carrier."""

    mode: str
    from_place: str
    to_place: str
    length_km: float
    time_h: float
    places: tuple[str, ...]
    crossings: tuple[PlannedCrossing, ...] = ()
    carrier: str | None = None


@dataclass(frozen=True)
class PlannedTransfer:
    """A change of mode at a place, with its handling time."""

    place: str
    from_mode: str
    to_mode: str
    kind: str
    time_h: float


@dataclass(frozen=True)
class Itinerary:
    """Legs and transfers, and how they were planned."""

    legs: tuple[PlannedLeg, ...]
    transfers: tuple[PlannedTransfer, ...]
    planned_by: str

    @property
    def length_km(self) -> float:
        """The itinerary's length."""
        return math.fsum(leg.length_km for leg in self.legs)

    @property
    def time_h(self) -> float:
        """Running and transfer time together."""
        return math.fsum(leg.time_h for leg in self.legs) + math.fsum(
            t.time_h for t in self.transfers
        )


@dataclass(frozen=True)
class GivenLeg:
    """A leg as an operator states it: mode and ends (places by UN/LOCODE), optional carrier."""

    mode: str
    from_place: str
    to_place: str
    carrier: str | None = None


@dataclass(frozen=True)
class PlanRequest:
    """What the operator asks of the router (passed through to `landsea.routing.RouteRequest`)."""

    by: str = Objective.GENERALIZED
    avoid_countries: tuple[str, ...] = ()
    avoid_modes: tuple[str, ...] = ()
    avoid_crossings: tuple[str, ...] = ()
    regime: str = STANDARD_NAME
    year: int | None = None
    carriers: dict[str, str] = field(default_factory=dict)


def plan(
    network: Network, origin: str, destination: str, commodity: str, request: PlanRequest
) -> Itinerary:
    """Ask the routing engine for the best route and cut it into hub legs."""
    from landsea.routing import RouteRequest, route

    found = route(
        network,
        RouteRequest(
            origin=origin,
            destination=destination,
            by=request.by,
            commodity=commodity,
            avoid_countries=request.avoid_countries,
            avoid_modes=request.avoid_modes,
            avoid_crossings=request.avoid_crossings,
            year=request.year,
            regime=request.regime,
        ),
    )
    return itinerary_from_route(network, found, request.carriers)


def itinerary_from_route(
    network: Network, found: Route, carriers: dict[str, str] | None = None
) -> Itinerary:
    """Group a route's steps into legs: runs of one mode, split at transfers and gauge changes."""
    builder = _LegBuilder(network, carriers or {})
    for step in found.steps:
        builder.add(step)
    return builder.finish()


class _LegBuilder:
    def __init__(self, network: Network, carriers: dict[str, str]) -> None:
        self.network = network
        self.carriers = carriers
        self.legs: list[PlannedLeg] = []
        self.transfers: list[PlannedTransfer] = []
        self.current: dict[str, Any] | None = None
        self.pending_h = 0.0  # loading and waits before the next move
        self.pending_crossings: list[PlannedCrossing] = []

    def add(self, step: Any) -> None:
        if step.kind == "move":
            self._move(step)
        elif step.kind == "crossing":
            self.pending_crossings.append(
                _crossing(self.network, step.crossing_id, step.regime, step.time_h)
            )
        elif step.kind in ("transfer", "gauge_change"):
            self._close()
            modes = step.mode.split(">")
            self.transfers.append(
                PlannedTransfer(step.from_id, modes[0], modes[-1], step.kind, step.time_h)
            )
        elif step.kind == "unload" and self.legs:
            self._close()
            last = self.legs[-1]
            self.legs[-1] = _replace_time(last, last.time_h + step.time_h)
        else:  # load, wait: time spent before the next move
            self.pending_h += step.time_h

    def _move(self, step: Any) -> None:
        if self.current is not None and self.current["mode"] != step.mode:
            self._close()
        if self.current is None:
            self.current = {
                "mode": step.mode,
                "places": [step.from_id],
                "km": 0.0,
                "h": 0.0,
                "crossings": [],
            }
            self.current["h"] += self.pending_h
            self.pending_h = 0.0
        self.current["places"].append(step.to_id)
        self.current["km"] += step.length_km
        self.current["h"] += step.time_h + sum(c.time_h for c in self.pending_crossings)
        self.current["crossings"].extend(self.pending_crossings)
        self.pending_crossings = []

    def _close(self) -> None:
        if self.current is None:
            return
        places = tuple(self.current["places"])
        mode = self.current["mode"]
        self.legs.append(
            PlannedLeg(
                mode,
                places[0],
                places[-1],
                self.current["km"],
                self.current["h"],
                places,
                tuple(self.current["crossings"]),
                self.carriers.get(mode),
            )
        )
        self.current = None

    def finish(self) -> Itinerary:
        self._close()
        if not self.legs:
            raise NoRouteError("the route has no moves")
        return Itinerary(tuple(self.legs), tuple(self.transfers), "router")


def _replace_time(leg: PlannedLeg, time_h: float) -> PlannedLeg:
    return replace(leg, time_h=time_h)


def _crossing(network: Network, crossing_id: str, regime: str, time_h: float) -> PlannedCrossing:
    row = network.crossings.loc[crossing_id]
    return PlannedCrossing(
        crossing_id,
        regime,
        str(row["place_a"]),
        str(row["place_b"]),
        str(row["country_a"]),
        str(row["country_b"]),
        float(time_h),
    )


def check_given(
    network: Network,
    origin: str,
    destination: str,
    legs: Sequence[GivenLeg],
    regime: str = "standard",
) -> Itinerary:
    """Check operator-given legs against the network and time them; DataError names the leg."""
    if not legs:
        raise DataError("an itinerary needs at least one leg", _at(0, "legs"))
    _check_chain(origin, destination, legs)
    planned = [_given_leg(network, i, leg, regime) for i, leg in enumerate(legs)]
    transfers = [
        _given_transfer(network, i + 1, before, after)
        for i, (before, after) in enumerate(itertools.pairwise(legs))
        if before.mode != after.mode
    ]
    return Itinerary(tuple(planned), tuple(transfers), "operator")


def _at(index: int, name: str) -> Location:
    """Where in the given itinerary: leg number (1-based) and field."""
    return Location("itinerary", index + 1, name)


def _check_chain(origin: str, destination: str, legs: Sequence[GivenLeg]) -> None:
    if legs[0].from_place != origin:
        raise DataError(
            f"the first leg starts at {legs[0].from_place}, not at the origin {origin}",
            _at(0, "from"),
        )
    if legs[-1].to_place != destination:
        raise DataError(
            f"the last leg ends at {legs[-1].to_place}, not at the destination {destination}",
            _at(len(legs) - 1, "to"),
        )
    for i, (before, after) in enumerate(itertools.pairwise(legs)):
        if before.to_place != after.from_place:
            raise DataError(
                f"leg {i + 2} starts at {after.from_place} but leg {i + 1} ends at "
                f"{before.to_place}",
                _at(i + 1, "from"),
            )


def _given_leg(network: Network, index: int, leg: GivenLeg, regime: str) -> PlannedLeg:
    places = network.places
    for name, place in (("from", leg.from_place), ("to", leg.to_place)):
        if place not in places.index:
            raise DataError(f"{place} is not a place of the network", _at(index, name))
    steps = _one_mode_chain(network, index, leg, regime)
    moves = [step for step in steps if step.kind == "move"]
    crossings = [
        _crossing(network, step.crossing_id, step.regime, step.time_h)
        for step in steps
        if step.kind == "crossing"
    ]
    return PlannedLeg(
        leg.mode,
        leg.from_place,
        leg.to_place,
        math.fsum(step.length_km for step in moves),
        math.fsum(step.time_h for step in moves) + math.fsum(c.time_h for c in crossings),
        (leg.from_place, *(step.to_id for step in moves)),
        tuple(crossings),
        leg.carrier,
    )


def _one_mode_chain(network: Network, index: int, leg: GivenLeg, regime: str) -> list[Step]:
    """The shortest chain of the leg's mode between its ends, as the router explains it (the
    same link speeds and crossing times as every other plan)."""
    from landsea.routing import RouteRequest, route
    from landsea.vocabulary import MODES

    if leg.from_place == leg.to_place:
        return []
    others = tuple(mode for mode in MODES if mode != leg.mode)
    request = RouteRequest(
        leg.from_place, leg.to_place, by="distance", avoid_modes=others, regime=regime
    )
    try:
        return list(route(network, request).steps)
    except NoRouteError:
        raise DataError(
            f"no chain of {leg.mode} links joins {leg.from_place} and {leg.to_place}",
            _at(index, "mode"),
        ) from None


def _given_transfer(
    network: Network, index: int, before: GivenLeg, after: GivenLeg
) -> PlannedTransfer:
    place = before.to_place
    transfers = network.tables.transfers
    pair = {before.mode, after.mode}
    rows = transfers[
        (transfers["place_id"] == place)
        & transfers.apply(lambda r: {r["mode_a"], r["mode_b"]} == pair, axis=1)
    ]
    if rows.empty:
        raise DataError(
            f"{place} has no transfer between {before.mode} and {after.mode}", _at(index, "mode")
        )
    row = rows.iloc[0]
    return PlannedTransfer(place, before.mode, after.mode, str(row["kind"]), float(row["time_h"]))
