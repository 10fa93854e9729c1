"""`assign_corridor`: demand on the corridor network, to a capacity-constrained equilibrium.

The algorithm is a record of `algorithms.REGISTRY` that solves the corridor:
- "logit" (default): route and mode choice by path-size logit at congested costs, averaged by
  MSA (a stochastic user equilibrium). The freight structure comes straight from its route flows.
- "frank-wolfe", "cfw", "bfw", "msa": deterministic multiclass user equilibrium on the edges.
  Its freight structure is the logit choice at the equilibrium costs (docs/assignment.md).

The result holds crossing loads with utilisation, link loads, the freight transport structure
(mode shares by TEU and TEU-km per pair and in total), the backhaul report (empties per pair and
per line), and the pairs that have demand but no route (with their TEU), never dropped silently.
The paper's studies built on it (the China-Laos Railway by year, the Chongqing shuttles) live in
`landsea.scenarios.studies`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from landsea.assignment.algorithms import find_algorithm
from landsea.assignment.backhaul import directional_link_flows, line_imbalance, pair_imbalance
from landsea.assignment.choice import (
    HELD,
    ChoiceParameters,
    CorridorEquilibrium,
    RouteSets,
    mode_shares,
    structure_report,
)
from landsea.assignment.equilibrium import Settings
from landsea.assignment.multiclass import MulticlassProblem, unreachable_demand
from landsea.assignment.multimodal_problem import (
    CapacitySettings,
    corridor_problem,
    crossing_loads,
    link_loads,
    terminal_loads,
)
from landsea.network.graph import GraphOptions, MultimodalGraph
from landsea.network.model import Network
from landsea.routing.kernels import shortest_trees
from landsea.routing.lines import model_lines
from landsea.units import DAYS_PER_YEAR


@dataclass(frozen=True)
class AssignmentDetail:
    """The graph, problem, route sets and congested edge times behind an assignment."""

    graph: MultimodalGraph
    problem: MulticlassProblem
    route_sets: RouteSets
    edge_time_h: np.ndarray
    origins: list[str]
    destinations: list[str]


@dataclass(frozen=True)
class CorridorAssignment:
    """The reports of one corridor assignment (see the module docstring); `to_dict` is the
    JSON of `landsea assign --json` without the studies (`landsea.scenarios.studies`)."""

    algorithm: str
    year: int | None
    converged: bool
    iterations: int
    relative_gap: float  # standard UE gap of the final flows
    relative_change: float | None  # MSA flow change (logit only)
    objective: float | None  # Beckmann objective, hours-equivalent TEU-h a day (UE only)
    crossings: pd.DataFrame
    terminals: pd.DataFrame  # terminals and gauge-change yards with a capacity
    links: pd.DataFrame
    structure: pd.DataFrame
    shares_total: pd.DataFrame
    shares_by_pair: pd.DataFrame
    backhaul: pd.DataFrame
    lines: pd.DataFrame  # per paper line: TEU-km out and back, empties
    unreachable: pd.DataFrame
    # What produced the figures, for scenario KPIs per route (not part of the JSON).
    detail: AssignmentDetail | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready records (NaN as None), in the documented key order."""

        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return frame.replace({np.nan: None}).to_dict("records")  # type: ignore[return-value]

        return {
            "algorithm": self.algorithm,
            "year": self.year,
            "converged": self.converged,
            "iterations": self.iterations,
            "relative_gap": self.relative_gap,
            "relative_change": self.relative_change,
            "objective": self.objective,
            "mode_shares": records(self.shares_total),
            "crossings": records(self.crossings),
            "terminals": records(self.terminals),
            "links": records(self.links),
            "mode_shares_by_pair": records(self.shares_by_pair),
            "backhaul": records(self.backhaul),
            "lines": records(self.lines),
            "unreachable": records(self.unreachable),
        }


def assign_corridor(
    network: Network,
    demand: pd.DataFrame,
    *,
    year: int | None = None,
    algorithm: str = "logit",
    gap: float = 1e-3,
    max_iterations: int = 200,
    allow_unconverged: bool = False,
    options: GraphOptions | None = None,
    capacity: CapacitySettings | None = None,
    choice: ChoiceParameters | None = None,
) -> CorridorAssignment:
    """Assign a demand table (origin, destination, commodity, teu_per_year) on the corridor.

    `algorithm` is a name of `algorithms.REGISTRY` that solves the corridor.

    Raises:
        DataError: an unknown algorithm, or demand naming a place the year's network lacks.
        ConvergenceError: the target `gap` is missed after `max_iterations`, unless
            `allow_unconverged`.
    """
    record = find_algorithm(algorithm, "corridor")
    capacity = capacity or CapacitySettings()
    graph = network.graph(options or GraphOptions(year=year))
    crossings = network.tables.crossings
    loaded = demand[demand["teu_per_year"] > 0]
    held = choice or HELD
    services = network.tables.services
    problem, origins, destinations = corridor_problem(
        graph, loaded, crossings, capacity, services=services, by_way=held.hold_services
    )
    settings = Settings(gap, max_iterations, allow_unconverged)
    # `landsea assign`, calibrate and the scenario loop hold the services to their departures
    result = record.corridor_solver()(problem, settings, held)
    detail = AssignmentDetail(graph, problem, result.sets, result.time_h, origins, destinations)
    return _reports(network, record.name, year, result, detail, capacity)


def assignment_of(
    network: Network,
    result: CorridorEquilibrium,
    detail: AssignmentDetail,
    *,
    year: int | None = None,
    algorithm: str = "logit",
    capacity: CapacitySettings | None = None,
    lines: bool = True,
) -> CorridorAssignment:
    """The reports of an equilibrium solved already (the scenario loop's last one), as
    `assign_corridor` would give them for the same problem: no second solve. `lines=False`
    leaves empty what a sweep sample's KPIs do not use: the per-line backhaul report (it
    routes every paper line), the terminal and link loads and the shares by pair."""
    return _reports(network, algorithm, year, result, detail, capacity or CapacitySettings(), lines)


def _reports(
    network: Network,
    algorithm: str,
    year: int | None,
    result: CorridorEquilibrium,
    detail: AssignmentDetail,
    capacity: CapacitySettings,
    lines: bool = True,
) -> CorridorAssignment:
    """The reports of an equilibrium: loads, structure, shares, backhaul, unreachable pairs."""
    graph, problem = detail.graph, detail.problem
    total = result.flow.sum(axis=0)
    structure = structure_report(
        problem, result.sets, graph.mode, graph.length_km, detail.origins, detail.destinations
    )
    return CorridorAssignment(
        algorithm=algorithm,
        year=year,
        converged=result.converged,
        iterations=result.iterations,
        relative_gap=result.relative_gap,
        relative_change=result.relative_change,
        objective=result.objective,
        crossings=crossing_loads(
            graph, total, network.tables.crossings, capacity, services=network.tables.services
        ),
        terminals=terminal_loads(problem, total) if lines else pd.DataFrame(),
        links=link_loads(graph, total) if lines else pd.DataFrame(),
        structure=structure,
        shares_total=mode_shares(structure, []),
        shares_by_pair=mode_shares(structure, ["origin", "destination"])
        if lines
        else pd.DataFrame(),
        backhaul=pair_imbalance(structure, _empty_costs(detail)),
        lines=_line_report(network, graph, total) if lines else pd.DataFrame(),
        unreachable=_unreachable(detail),
        detail=detail,
    )


def _line_report(network: Network, graph: MultimodalGraph, total: np.ndarray) -> pd.DataFrame:
    """The backhaul of each of the paper's lines, routed through its waypoints."""
    directional = directional_link_flows(
        graph.link_id, graph.node_place[graph.tail], graph.node_place[graph.head], total
    )
    lines = []
    for line in model_lines(network):
        legs = [
            (leg.link_id, leg.from_id, leg.to_id, leg.length_km, leg.cost_usd / leg.length_km)
            for route in line.segments
            for leg in route.steps
            if leg.link_id and leg.kind == "move" and leg.length_km > 0
        ]
        lines.append((line.line_id, line.name, legs))
    return line_imbalance(directional, lines)


def _unreachable(detail: AssignmentDetail) -> pd.DataFrame:
    """Pairs with demand but no route, by place and commodity, with their TEU a year."""
    table = unreachable_demand(detail.problem)
    return pd.DataFrame(
        {
            "origin": [detail.origins[int(o)] for o in table["origin"]],
            "destination": [detail.destinations[int(d)] for d in table["destination"]],
            "commodity": [detail.problem.classes[int(c)] for c in table["class"]],
            "teu_per_year": table["demand"].to_numpy(np.float64) * DAYS_PER_YEAR,
        },
        columns=["origin", "destination", "commodity", "teu_per_year"],
    )


def _empty_costs(detail: AssignmentDetail) -> dict[tuple[str, str], float]:
    """Cheapest money cost (USD/TEU) of moving an empty box back: destination -> origin.

    Only pairs present in both directions' zone lists can be priced (origins that are also
    destinations); others stay unpriced.
    """
    problem = detail.problem
    place_origin = {p: i for i, p in enumerate(detail.origins)}
    place_dest = {p: i for i, p in enumerate(detail.destinations)}
    dist, _ = shortest_trees(problem.indptr, problem.head, problem.money_usd, problem.origin_nodes)
    costs = {}
    for a, i in place_origin.items():
        for b, j in place_dest.items():
            value = float(dist[i, problem.destination_nodes[j]])
            if np.isfinite(value) and a != b:
                costs[(a, b)] = value
    return costs
