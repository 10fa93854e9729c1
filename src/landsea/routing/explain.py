"""A route explained leg by leg: loading, moves, crossings, waits, transfers, gauge changes.

The explanation is built from the graph's own edge attributes, so the totals a user reads are
exactly what the router minimised.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from landsea.network.graph import EDGE_KINDS, MultimodalGraph

P90_Z = 1.2815515655446004  # standard normal 0.9 quantile: P90 = mean + z * sd


@dataclass(frozen=True)
class Step:
    """One step of a route through the graph (a hub consignment's `Leg` is another thing).

    `mode` is a mode, or `a>b` for a transfer between two modes.
    """

    kind: str
    mode: str
    from_id: str
    to_id: str
    length_km: float
    time_h: float
    cost_usd: float
    co2_kg: float
    crossing_id: str = ""
    regime: str = ""
    link_id: str = ""
    note: str = ""


@dataclass(frozen=True)
class Route:
    """A route with its legs and totals (per TEU)."""

    origin: str
    destination: str
    objective: str
    commodity: str
    steps: tuple[Step, ...]
    edges: tuple[int, ...]
    generalized_usd: float
    time_sd_h: float

    @property
    def time_h(self) -> float:
        """Door-to-door hours: moves, waits, crossings, transfers and handling."""
        return math.fsum(leg.time_h for leg in self.steps)

    @property
    def cost_usd(self) -> float:
        """Door-to-door USD per TEU."""
        return math.fsum(leg.cost_usd for leg in self.steps)

    @property
    def co2_kg(self) -> float:
        """kg of CO2 per TEU."""
        return math.fsum(leg.co2_kg for leg in self.steps)

    @property
    def length_km(self) -> float:
        """Kilometres moved."""
        return math.fsum(leg.length_km for leg in self.steps)

    @property
    def p90_time_h(self) -> float:
        """Door-to-door P90 time: normal approximation from the summed variances of the steps."""
        return self.time_h + P90_Z * self.time_sd_h

    @property
    def modes(self) -> tuple[str, ...]:
        """Modes moved on, in order, each run of one mode once."""
        seen: list[str] = []
        for leg in self.steps:
            if leg.kind == "move" and (not seen or seen[-1] != leg.mode):
                seen.append(leg.mode)
        return tuple(seen)

    @property
    def mode_mix(self) -> str:
        """The modes in order of first use, joined by `+` (`road+rail_1435`)."""
        return "+".join(dict.fromkeys(self.modes))

    @property
    def crossings(self) -> tuple[str, ...]:
        """The ids of the border crossings passed, in order."""
        return tuple(leg.crossing_id for leg in self.steps if leg.kind == "crossing")

    @property
    def signature(self) -> tuple[tuple[str, str], ...]:
        """The physical itinerary: links and transfers in order (ignores waits and loading)."""
        return tuple(
            (leg.kind, leg.link_id or f"{leg.from_id}:{leg.mode}")
            for leg in self.steps
            if leg.kind in ("move", "transfer", "gauge_change")
        )

    def summary(self) -> dict[str, object]:
        """The totals and the route's shape as a JSON-ready dict, without the legs."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "objective": self.objective,
            "commodity": self.commodity,
            "modes": list(self.modes),
            "mode_mix": self.mode_mix,
            "crossings": list(self.crossings),
            "length_km": round(self.length_km, 1),
            "time_h": round(self.time_h, 2),
            "p90_time_h": round(self.p90_time_h, 2),
            "cost_usd": round(self.cost_usd, 2),
            "co2_kg": round(self.co2_kg, 2),
            "generalized_usd": round(self.generalized_usd, 2),
        }

    def to_dict(self) -> dict[str, object]:
        """The documented, stable JSON form (docs/cli-json.md)."""
        return {**self.summary(), "legs": [asdict(leg) for leg in self.steps]}


def explain(
    graph: MultimodalGraph,
    edges: Sequence[int],
    *,
    objective: str,
    commodity: str,
) -> Route:
    """Turn a path of graph edges into a Route with one leg per step."""
    legs: list[Step] = []
    for edge in edges:
        legs.extend(_edge_legs(graph, int(edge)))
    weights = graph.generalized_cost_usd(commodity)
    idx = np.asarray(edges, dtype=np.int64)
    origin = str(graph.node_place[graph.tail[idx[0]]])
    destination = str(graph.node_place[graph.head[idx[-1]]])
    return Route(
        origin=origin,
        destination=destination,
        objective=objective,
        commodity=commodity,
        steps=tuple(legs),
        edges=tuple(int(e) for e in edges),
        generalized_usd=float(weights[idx].sum()),
        time_sd_h=float(math.sqrt(graph.time_var_h2[idx].sum())),
    )


def _edge_legs(graph: MultimodalGraph, e: int) -> list[Step]:
    kind = EDGE_KINDS[int(graph.kind[e])]
    a = str(graph.node_place[graph.tail[e]])
    b = str(graph.node_place[graph.head[e]])
    mode = str(graph.mode[e])
    wait = float(graph.wait_h[e])
    if kind == "through":
        return []  # staying on board at a place is no step of its own
    if kind == "crossing_move":
        return [_crossing_leg(graph, e, a, b), _move_leg(graph, e, a, b, crossing=True)]
    if kind == "move":
        return [_move_leg(graph, e, a, b, crossing=False)]
    step = Step(
        kind=kind,
        mode=mode,
        from_id=a,
        to_id=b,
        length_km=0.0,
        time_h=float(graph.time_h[e]) - wait,
        cost_usd=float(graph.cost_usd[e]),
        co2_kg=0.0,
    )
    if wait <= 0.0:
        return [step]
    boarded = mode.split(">")[-1]
    waiting = Step(
        kind="wait",
        mode=boarded,
        from_id=b,
        to_id=b,
        length_km=0.0,
        time_h=wait,
        cost_usd=0.0,
        co2_kg=0.0,
        note=f"half the headway of the {boarded} services",  # the step names the place
    )
    return [step, waiting]


def _crossing_leg(graph: MultimodalGraph, e: int, a: str, b: str) -> Step:
    return Step(
        kind="crossing",
        mode=str(graph.mode[e]),
        from_id=a,
        to_id=b,
        length_km=0.0,
        time_h=float(graph.crossing_time_h[e]),
        cost_usd=float(graph.crossing_cost_usd[e]),
        co2_kg=0.0,
        crossing_id=str(graph.crossing_id[e]),
        regime=str(graph.regime[e]),
        link_id=str(graph.link_id[e]),
    )


def _move_leg(graph: MultimodalGraph, e: int, a: str, b: str, *, crossing: bool) -> Step:
    time_h = float(graph.time_h[e])
    cost = float(graph.cost_usd[e])
    if crossing:
        time_h -= float(graph.crossing_time_h[e])
        cost -= float(graph.crossing_cost_usd[e])
    return Step(
        kind="move",
        mode=str(graph.mode[e]),
        from_id=a,
        to_id=b,
        length_km=float(graph.length_km[e]),
        time_h=time_h,
        cost_usd=cost,
        co2_kg=float(graph.co2_kg[e]),
        link_id=str(graph.link_id[e]),
    )
