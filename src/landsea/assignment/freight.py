"""`assign_corridor`: demand on the corridor network, to a capacity-constrained equilibrium.

Two ways to reach it:
- "logit" (default): route and mode choice by path-size logit at congested costs, averaged by
  MSA (a stochastic user equilibrium). The freight structure comes straight from its route flows.
- "frank-wolfe" / "msa": deterministic multiclass user equilibrium on the edges. Its freight
  structure is the logit choice at the equilibrium costs (documented in docs/assignment.md).

The result holds crossing loads with utilisation, link loads, the freight transport structure
(mode shares by TEU and TEU-km per pair and in total), the backhaul report, and the pairs that
have demand but no route (with their TEU), never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landsea.assignment.backhaul import (
    chongqing_shuttles,
    directional_link_flows,
    line_imbalance,
    pair_imbalance,
)
from landsea.assignment.choice import (
    ChoiceParameters,
    RouteSets,
    build_route_sets,
    class_costs,
    logit_loading,
    mode_shares,
    stochastic_equilibrium,
    structure_report,
)
from landsea.assignment.multiclass import MulticlassProblem, objective, solve_multiclass
from landsea.assignment.multimodal_problem import (
    CapacitySettings,
    corridor_problem,
    crossing_loads,
    link_loads,
    terminal_loads,
)
from landsea.errors import DataError
from landsea.network.graph import GraphOptions, MultimodalGraph, build_graph
from landsea.network.model import Network
from landsea.network.timing import link_is_open
from landsea.routing.kernels import shortest_trees

CORRIDOR_ALGORITHMS = ("logit", "frank-wolfe", "cfw", "bfw", "msa")


@dataclass(frozen=True)
class CorridorAssignment:
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
    chongqing: dict[str, float]
    unreachable: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
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
            "chongqing_shuttles": self.chongqing,
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
    """Assign a demand table (origin, destination, commodity, teu_per_year) on the corridor."""
    if algorithm not in CORRIDOR_ALGORITHMS:
        raise DataError(
            f"unknown corridor algorithm {algorithm!r}; choose {', '.join(CORRIDOR_ALGORITHMS)}"
        )
    capacity = capacity or CapacitySettings()
    choice = choice or ChoiceParameters()
    graph = build_graph(network, options or GraphOptions(year=year))
    crossings = network.tables.crossings
    loaded = demand[demand["teu_per_year"] > 0]
    problem, origins, destinations = corridor_problem(graph, loaded, crossings, capacity)
    if algorithm == "logit":
        sue = stochastic_equilibrium(problem, choice, gap, max_iterations, allow_unconverged)
        flow, sets = sue.flow, sue.sets
        converged, iterations, ue_gap, change = (
            sue.converged, sue.iterations, sue.ue_relative_gap, sue.relative_change,
        )  # fmt: skip
        beckmann = None
    else:
        ue = solve_multiclass(problem, algorithm, gap, max_iterations, allow_unconverged)
        flow = ue.flow
        sets = build_route_sets(problem, class_costs(problem, ue.time_h), choice)
        sets.flows.update(logit_loading(problem, sets, class_costs(problem, ue.time_h), choice)[0])
        converged, iterations, ue_gap, change = ue.converged, ue.iterations, ue.relative_gap, None
        beckmann = objective(problem, ue.flow)
    total = flow.sum(axis=0)
    structure = structure_report(problem, sets, graph.mode, graph.length_km, origins, destinations)
    empty_costs = _empty_costs(problem, origins, destinations)
    return CorridorAssignment(
        algorithm=algorithm,
        year=year,
        converged=converged,
        iterations=iterations,
        relative_gap=ue_gap,
        relative_change=change,
        objective=beckmann,
        crossings=crossing_loads(graph, total, crossings, capacity),
        terminals=terminal_loads(problem, total),
        links=link_loads(graph, total),
        structure=structure,
        shares_total=mode_shares(structure, []),
        shares_by_pair=mode_shares(structure, ["origin", "destination"]),
        backhaul=pair_imbalance(structure, empty_costs),
        lines=_line_report(network, graph, total),
        chongqing=chongqing_shuttles(structure, capacity.teu_per_unit["vehicles"]),
        unreachable=_unreachable(problem, sets, origins, destinations),
    )


def _line_report(network: Network, graph: MultimodalGraph, total: np.ndarray) -> pd.DataFrame:
    """The backhaul of each of the paper's lines, routed through its waypoints."""
    from landsea.routing.lines import model_lines

    directional = directional_link_flows(
        graph.link_id, graph.node_place[graph.tail], graph.node_place[graph.head], total
    )
    lines = []
    for line in model_lines(network):
        legs = [
            (leg.link_id, leg.from_id, leg.to_id, leg.mode, leg.length_km)
            for route in line.segments
            for leg in route.steps
            if leg.link_id
        ]
        lines.append((line.line_id, line.name, legs))
    costs = {mode: p.cost_usd_per_teu_km for mode, p in network.tables.parameters.modes.items()}
    return line_imbalance(directional, lines, costs)


def _unreachable(
    problem: MulticlassProblem, sets: RouteSets, origins: list[str], destinations: list[str]
) -> pd.DataFrame:
    records = []
    for c, o, d in zip(*np.nonzero(problem.demand > 0), strict=True):
        if not sets.routes.get((int(c), int(o), int(d))):
            records.append(
                {
                    "origin": origins[o],
                    "destination": destinations[d],
                    "commodity": problem.classes[c],
                    "teu_per_year": float(problem.demand[c, o, d]) * 365.0,
                }
            )
    return pd.DataFrame(records, columns=["origin", "destination", "commodity", "teu_per_year"])


def _empty_costs(
    problem: MulticlassProblem, origins: list[str], destinations: list[str]
) -> dict[tuple[str, str], float]:
    """Cheapest money cost (USD/TEU) of moving an empty box back: destination -> origin.

    Only pairs present in both directions' zone lists can be priced (origins that are also
    destinations); others stay unpriced.
    """
    place_origin = {p: i for i, p in enumerate(origins)}
    place_dest = {p: i for i, p in enumerate(destinations)}
    dist, _ = shortest_trees(problem.indptr, problem.head, problem.money_usd, problem.origin_nodes)
    costs = {}
    for a, i in place_origin.items():
        for b, j in place_dest.items():
            value = float(dist[i, problem.destination_nodes[j]])
            if np.isfinite(value) and a != b:
                costs[(a, b)] = value
    return costs


CLR_CROSSING = "MOHAN_BOTEN_RAIL"  # the China-Laos Railway's border section


def clr_open(network: Network, year: int | None) -> bool:
    """Whether the China-Laos Railway carries freight in `year`, from its links' opening year."""
    links = network.links[network.links["crossing_id"] == CLR_CROSSING]
    return bool(len(links)) and all(
        link_is_open(str(status), open_year, year)
        for status, open_year in zip(links["status"], links["open_year"], strict=True)
    )


def clr_comparison(
    network: Network,
    demand: pd.DataFrame,
    years: tuple[int, ...] = (2020, 2022),
    regime: str = "standard",
    **kwargs: Any,
) -> pd.DataFrame:
    """Mode shares (TEU and TEU-km) by year, without and with the China-Laos Railway."""
    frames = []
    for year in years:
        options = GraphOptions(year=year, regime=regime)
        result = assign_corridor(network, demand, year=year, options=options, **kwargs)
        shares = result.shares_total.assign(year=year, clr=clr_open(network, year))
        frames.append(shares)
    return pd.concat(frames, ignore_index=True)
