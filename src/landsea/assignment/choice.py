"""Route and mode choice: route sets, multinomial and path-size logit, stochastic equilibrium.

Route sets come from the shared kernel: the cheapest route, then again with the edges already
used made dearer (the link-penalty method), so the set holds distinct alternatives (road, rail
via a gauge change, rail-sea) without enumerating paths. Choice among them is logit on the
generalized cost relative to the best route, ``V = -theta * C / C_min``, with the path-size
correction ``+ ln PS`` (Ben-Akiva & Bierlaire 1999) where routes share edges. `theta` is per
commodity. `stochastic_equilibrium` repeats the choice at congested costs and averages (MSA),
adding each iteration's cheapest route to the sets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from landsea.assignment.equilibrium import Settings, settle
from landsea.assignment.multiclass import EdgeTimes, MulticlassProblem, objective, solve_multiclass
from landsea.assignment.result import relative_gap
from landsea.routing.kernels import path_edges, shortest_tree, shortest_trees

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class ChoiceParameters:
    """Logit parameters per commodity and how route sets are built.

    estimate: theta (dispersion on cost relative to the best route) higher for goods whose
    shippers compare options closely and time-critical goods (perishables, electronics), lower
    for bulk, where habit and contracts blur small cost differences. With theta 10, a route 10 %
    dearer than the best draws e^-1 = 0.37 times its share.
    """

    theta: Mapping[str, float] = field(
        default_factory=lambda: {
            "electronics": 12.0,
            "machinery": 10.0,
            "agri_perishable": 14.0,
            "plastics_chemicals": 8.0,
            "fuels_bulk": 8.0,
        }
    )
    path_size: bool = True
    routes: int = 5
    penalty: float = 0.5
    default_theta: float = 10.0

    def theta_of(self, commodity: str) -> float:
        """The commodity's dispersion, or `default_theta` for one without its own."""
        return float(self.theta.get(commodity, self.default_theta))


@dataclass
class RouteSets:
    """Routes (edge id arrays) and their TEU/day per (class, origin, destination) with demand."""

    routes: dict[tuple[int, int, int], list[IntArray]] = field(default_factory=dict)
    flows: dict[tuple[int, int, int], FloatArray] = field(default_factory=dict)
    sizes: dict[tuple[int, int, int], FloatArray] = field(default_factory=dict)

    def add(self, key: tuple[int, int, int], edges: IntArray) -> bool:
        """Add a route (with no flow yet) to the pair's set; False when the set has it."""
        known = self.routes.setdefault(key, [])
        if any(r.size == edges.size and np.array_equal(r, edges) for r in known):
            return False
        known.append(edges)
        self.sizes.pop(key, None)  # the path sizes of this set change
        old = self.flows.get(key, np.zeros(0))
        self.flows[key] = np.concatenate([old, [0.0]])
        return True


def class_costs(problem: MulticlassProblem, edge_time: FloatArray) -> FloatArray:
    """USD per TEU on every edge for every class: money + value of time x time."""
    return problem.money_usd[None, :] + problem.value_of_time[:, None] * edge_time[None, :]


def build_route_sets(
    problem: MulticlassProblem, costs: FloatArray, params: ChoiceParameters
) -> RouteSets:
    """Up to `params.routes` distinct routes per pair with demand, by link penalties."""
    sets = RouteSets()
    for c, o, d in zip(*np.nonzero(problem.demand > 0), strict=True):
        weights = costs[c].copy()
        source, target = int(problem.origin_nodes[o]), int(problem.destination_nodes[d])
        for _ in range(params.routes * 2):
            dist, pred = shortest_tree(problem.indptr, problem.head, weights, source)
            if not np.isfinite(dist[target]):
                break
            edges = path_edges(pred, problem.tail, target)
            sets.add((int(c), int(o), int(d)), edges)
            if len(sets.routes[(int(c), int(o), int(d))]) >= params.routes:
                break
            weights[edges] *= 1.0 + params.penalty
    return sets


def choice_probabilities(
    routes: list[IntArray], edge_cost: FloatArray, theta: float, sizes: FloatArray | None
) -> FloatArray:
    """Logit shares of routes: V = -theta * C / C_min (+ ln PS when `sizes` are given)."""
    costs = np.array([edge_cost[r].sum() for r in routes])
    best = max(float(costs.min()), 1e-9)
    utility = -theta * costs / best
    if sizes is not None and len(routes) > 1:
        utility += np.log(sizes)
    utility -= utility.max()
    weights = np.exp(utility)
    return weights / weights.sum()


def path_sizes(routes: list[IntArray], edge_cost: FloatArray) -> FloatArray:
    """PS_r = sum over edges of r of (c_e / C_r) / (routes using e), with c_e the edge cost.

    1 for a route that shares nothing; 1/n for n identical routes.
    """
    uses = np.bincount(np.concatenate(routes), minlength=edge_cost.size)
    sizes = np.ones(len(routes))
    for i, r in enumerate(routes):
        total = float(edge_cost[r].sum())
        if total > 0:
            sizes[i] = float(np.sum(edge_cost[r] / uses[r])) / total
    return np.maximum(sizes, 1e-12)


def logit_loading(
    problem: MulticlassProblem,
    sets: RouteSets,
    costs: FloatArray,
    params: ChoiceParameters,
) -> tuple[dict[tuple[int, int, int], FloatArray], FloatArray]:
    """Route flows by logit at the given class costs, and the class link flows they make."""
    flows = np.zeros((len(problem.classes), problem.head.size))
    route_flows = {}
    for key, routes in sets.routes.items():
        c, o, d = key
        sizes = None
        if params.path_size:
            if key not in sets.sizes:  # path sizes on free-flow costs, once per route set
                sets.sizes[key] = path_sizes(routes, problem.money_usd + problem.base_time_h)
            sizes = sets.sizes[key]
        shares = choice_probabilities(routes, costs[c], params.theta_of(problem.classes[c]), sizes)
        volume = problem.demand[c, o, d] * shares
        route_flows[key] = volume
        for route, v in zip(routes, volume, strict=True):
            flows[c, route] += v
    return route_flows, flows


@dataclass(frozen=True)
class CorridorEquilibrium:
    """What a corridor algorithm returns: route sets with their flows, class edge flows
    (classes x edges, TEU/day), the congested edge times, and how far it got.

    `relative_gap` is the standard UE gap of the final flows in USD; `relative_change` the
    last flow change (stochastic algorithms only); `objective` the Beckmann objective in
    hours-equivalent TEU-hours a day (deterministic ones only).
    """

    sets: RouteSets
    flow: FloatArray
    time_h: FloatArray
    relative_gap: float
    relative_change: float | None
    objective: float | None
    iterations: int
    converged: bool


def stochastic_equilibrium(
    problem: MulticlassProblem, settings: Settings, params: ChoiceParameters
) -> CorridorEquilibrium:
    """Logit (path-size) equilibrium at congested costs by the method of successive averages,
    until the relative flow change meets `settings.gap`.

    Raises:
        ConvergenceError: the flow change misses the target after `settings.max_iterations`,
            unless `settings.allow_unconverged`.
    """
    times = EdgeTimes(problem)
    free = class_costs(problem, problem.base_time_h)
    sets = build_route_sets(problem, free, params)
    route_flows, flow = logit_loading(problem, sets, free, params)
    sets.flows.update(route_flows)
    change, iteration = np.inf, 1
    while iteration < settings.max_iterations and change > settings.gap:
        costs = class_costs(problem, times.edge_times(flow.sum(axis=0)))
        _add_cheapest(problem, sets, costs)
        route_flows, target = logit_loading(problem, sets, costs, params)
        step = 1.0 / (iteration + 1)
        for key, volume in route_flows.items():
            sets.flows[key] = sets.flows[key] + step * (volume - sets.flows[key])
        total = float(target.sum())
        change = float(np.abs(target - flow).sum()) / total if total > 0 else 0.0
        flow = flow + step * (target - flow)
        iteration += 1
    converged = settle(
        "logit equilibrium on the corridor",
        "flow change",
        change,
        settings.gap,
        iteration,
        settings.allow_unconverged,
    )
    edge_time = times.edge_times(flow.sum(axis=0))
    gap = _ue_gap(problem, flow, edge_time)
    return CorridorEquilibrium(sets, flow, edge_time, gap, change, None, iteration, converged)


def deterministic_equilibrium(
    problem: MulticlassProblem, settings: Settings, params: ChoiceParameters, method: str
) -> CorridorEquilibrium:
    """Multiclass user equilibrium by a link-based `method` (`multiclass.solve_multiclass`);
    the route sets and their flows are the logit choice at the equilibrium costs.

    Raises:
        DataError: `method` is not a link-based method.
        ConvergenceError: the relative gap misses `settings.gap` after
            `settings.max_iterations`, unless `settings.allow_unconverged`.
    """
    ue = solve_multiclass(
        problem, method, settings.gap, settings.max_iterations, settings.allow_unconverged
    )
    costs = class_costs(problem, ue.time_h)
    sets = build_route_sets(problem, costs, params)
    sets.flows.update(logit_loading(problem, sets, costs, params)[0])
    beckmann = objective(problem, ue.flow)
    return CorridorEquilibrium(
        sets, ue.flow, ue.time_h, ue.relative_gap, None, beckmann, ue.iterations, ue.converged
    )


def _add_cheapest(problem: MulticlassProblem, sets: RouteSets, costs: FloatArray) -> None:
    for c in range(len(problem.classes)):
        pairs = np.argwhere(problem.demand[c] > 0)
        if pairs.size == 0:
            continue
        dist, pred = shortest_trees(problem.indptr, problem.head, costs[c], problem.origin_nodes)
        for o, d in pairs:
            target = int(problem.destination_nodes[d])
            if np.isfinite(dist[o, target]):
                sets.add((c, int(o), int(d)), path_edges(pred[o], problem.tail, target))


def _ue_gap(problem: MulticlassProblem, flow: FloatArray, edge_time: FloatArray) -> float:
    """The standard relative gap of these flows (how far logit spreading is from UE)."""
    costs = class_costs(problem, edge_time)
    tstt = float(np.sum(flow * costs))
    sptt = 0.0
    for c in range(len(problem.classes)):
        dist, _ = shortest_trees(problem.indptr, problem.head, costs[c], problem.origin_nodes)
        reach = dist[:, problem.destination_nodes]
        ok = np.isfinite(reach)
        sptt += float(np.sum(problem.demand[c][ok] * reach[ok]))
    return relative_gap(tstt, sptt)


def route_modes(route: IntArray, edge_mode: np.ndarray, edge_km: FloatArray) -> dict[str, float]:
    """Kilometres by mode along a route (moves only: edges with a length)."""
    km: dict[str, float] = {}
    for e in route:
        if edge_km[e] > 0:
            km[str(edge_mode[e])] = km.get(str(edge_mode[e]), 0.0) + float(edge_km[e])
    return km


def structure_report(
    problem: MulticlassProblem,
    sets: RouteSets,
    edge_mode: np.ndarray,
    edge_km: FloatArray,
    origins: list[str],
    destinations: list[str],
) -> pd.DataFrame:
    """TEU and TEU-km a year by (origin, destination, commodity, main mode) from route flows.

    A route's TEU count for its main mode (the mode with the most km); its TEU-km split over
    every mode it uses.
    """
    records = []
    for (c, o, d), routes in sets.routes.items():
        for route, teu_day in zip(routes, sets.flows[(c, o, d)], strict=True):
            if teu_day <= 0:
                continue
            km = route_modes(route, edge_mode, edge_km)
            main = max(km, key=lambda m: km[m]) if km else "none"
            for mode in set(km) | {main}:
                records.append(
                    {
                        "origin": origins[o],
                        "destination": destinations[d],
                        "commodity": problem.classes[c],
                        "mode": mode,
                        "teu_per_year": teu_day * 365.0 if mode == main else 0.0,
                        "teu_km_per_year": teu_day * 365.0 * km.get(mode, 0.0),
                    }
                )
    columns = ["origin", "destination", "commodity", "mode", "teu_per_year", "teu_km_per_year"]
    table = pd.DataFrame(records, columns=columns)
    return table.groupby(columns[:4], as_index=False).sum()


def mode_shares(structure: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Shares of TEU and TEU-km by mode within each group of `by` (empty list: in total)."""
    keys = [*by, "mode"]
    table = structure.groupby(keys, as_index=False)[["teu_per_year", "teu_km_per_year"]].sum()
    for column, share in (("teu_per_year", "share_teu"), ("teu_km_per_year", "share_teu_km")):
        total = table.groupby(by)[column].transform("sum") if by else table[column].sum()
        table[share] = table[column] / total
    return table
