"""Route and mode choice: route sets, multinomial and path-size logit, stochastic equilibrium.

Route sets come from the shared kernel: the cheapest route, then again with the edges already
used made dearer (the link-penalty method), so the set holds distinct alternatives (road, rail
via a gauge change, rail-sea) without enumerating paths. Choice among them is logit on the
generalized cost relative to the best route, ``V = -theta * C / C_min``, with the path-size
correction ``+ ln PS`` (Ben-Akiva & Bierlaire 1999) where routes share edges. `theta` is per
commodity. `stochastic_equilibrium` repeats the choice at congested costs and averages (MSA),
adding each iteration's cheapest route to the sets; each loading holds the scheduled services
(a rail border's trains each way) to what their departures carry (`_ServiceCaps`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from landsea.assignment._path_kernels import segment_sums, tree_paths
from landsea.assignment.equilibrium import Settings, settle
from landsea.assignment.multiclass import EdgeTimes, MulticlassProblem, objective, solve_multiclass
from landsea.assignment.result import relative_gap
from landsea.errors import DataError
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
    hold_services: bool = False  # cap each loading at the services' departures (_ServiceCaps)
    routes: int = 5
    penalty: float = 0.5
    default_theta: float = 10.0

    def theta_of(self, commodity: str) -> float:
        """The commodity's dispersion, or `default_theta` for one without its own."""
        return float(self.theta.get(commodity, self.default_theta))


HELD = ChoiceParameters(hold_services=True)
"""The choice `landsea assign`, calibrate and the scenario loop make: the services held to their
departures (one capacity, issue 11.6)."""


@dataclass
class RouteSets:
    """Routes (edge id arrays) and their TEU/day per (class, origin, destination) with demand."""

    routes: dict[tuple[int, int, int], list[IntArray]] = field(default_factory=dict)
    flows: dict[tuple[int, int, int], FloatArray] = field(default_factory=dict)
    sizes: dict[tuple[int, int, int], FloatArray] = field(default_factory=dict)
    # each pair's routes as bytes: a membership test without comparing arrays one by one
    seen: dict[tuple[int, int, int], set[bytes]] = field(default_factory=dict, repr=False)

    def add(self, key: tuple[int, int, int], edges: IntArray) -> bool:
        """Add a route (with no flow yet) to the pair's set; False when the set has it."""
        known = self.routes.setdefault(key, [])
        if key not in self.seen:
            self.seen[key] = {r.astype(np.int64).tobytes() for r in known}
        seen = self.seen[key]
        digest = edges.astype(np.int64).tobytes()
        if digest in seen:
            return False
        seen.add(digest)
        known.append(edges)
        self.sizes.pop(key, None)  # the path sizes of this set change
        old = self.flows.get(key, np.zeros(0))
        self.flows[key] = np.concatenate([old, [0.0]])
        return True

    def copy(self) -> RouteSets:
        """A copy whose sets and flows can change without touching this one (routes are shared,
        never changed in place)."""
        return RouteSets(
            routes={k: list(v) for k, v in self.routes.items()},
            flows={k: v.copy() for k, v in self.flows.items()},
            sizes=dict(self.sizes),
            seen={k: set(v) for k, v in self.seen.items()},
        )


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
    flat = _FlatRoutes.of(problem, sets, params)
    volume = flat.volumes(costs)
    flows = flat.edge_flows(volume, (len(problem.classes), problem.head.size))
    return dict(zip(flat.keys, flat.split(volume), strict=True)), flows


@dataclass(frozen=True)
class _FlatRoutes:
    """Every route of a RouteSets laid flat, for logit over all pairs at once.

    Routes are ordered by pair (the sets' order), so a pair's routes are contiguous; `entry_*`
    list every (route, edge) incidence. Rebuilt whenever a route joins a set.
    """

    keys: list[tuple[int, int, int]]
    route_set: IntArray  # the pair (index into keys) of each route
    set_start: IntArray  # each pair's first route
    entry_route: IntArray
    entry_cell: IntArray  # class * edges + edge: its index in the flat classes x edges array
    theta: FloatArray  # per route
    log_size: FloatArray  # ln PS per route, 0 where the pair has one route or path size is off
    demand: FloatArray  # per pair

    @classmethod
    def of(
        cls, problem: MulticlassProblem, sets: RouteSets, params: ChoiceParameters
    ) -> _FlatRoutes:
        keys = list(sets.routes)
        counts = np.array([len(sets.routes[k]) for k in keys], dtype=np.int64)
        routes = [r for k in keys for r in sets.routes[k]]
        lengths = np.array([r.size for r in routes], dtype=np.int64)
        edges = np.concatenate(routes) if routes else np.zeros(0, dtype=np.int64)
        route_set = np.repeat(np.arange(len(keys)), counts)
        set_class = np.array([k[0] for k in keys], dtype=np.int64)
        entry_route = np.repeat(np.arange(len(routes)), lengths)
        n_edges = problem.head.size
        thetas = np.array([params.theta_of(problem.classes[c]) for c in set_class])
        log_size = np.zeros(len(routes))
        if params.path_size:
            free = problem.money_usd + problem.base_time_h
            sizes = []
            for key, count in zip(keys, counts, strict=True):
                if key not in sets.sizes:  # path sizes on free-flow costs, once per route set
                    sets.sizes[key] = path_sizes(sets.routes[key], free)
                sizes.append(np.log(sets.sizes[key]) if count > 1 else np.zeros(count))
            log_size = np.concatenate(sizes) if sizes else log_size
        return cls(
            keys=keys,
            route_set=route_set,
            set_start=(np.cumsum(counts) - counts).astype(np.int64),
            entry_route=entry_route,
            entry_cell=set_class[route_set][entry_route] * n_edges + edges,
            theta=thetas[route_set],
            log_size=log_size,
            demand=np.array([problem.demand[k] for k in keys], dtype=np.float64),
        )

    def route_costs(self, costs: FloatArray) -> FloatArray:
        """Each route's cost at class edge costs (classes x edges)."""
        weights = costs.ravel()[self.entry_cell]
        return np.bincount(self.entry_route, weights, self.theta.size).astype(
            np.float64, copy=False
        )

    def shares(self, costs: FloatArray) -> FloatArray:
        """Logit shares of every route within its pair: V = -theta C / C_min (+ ln PS)."""
        if not self.keys:
            return np.zeros(0)
        route_cost = self.route_costs(costs)
        best = np.maximum(np.minimum.reduceat(route_cost, self.set_start), 1e-9)
        utility = -self.theta * route_cost / best[self.route_set] + self.log_size
        utility -= np.maximum.reduceat(utility, self.set_start)[self.route_set]
        weights = np.exp(utility)
        return weights / np.add.reduceat(weights, self.set_start)[self.route_set]

    def volumes(self, costs: FloatArray) -> FloatArray:
        """TEU a day on every route by logit at `costs`."""
        return self.demand[self.route_set] * self.shares(costs)

    def edge_flows(self, volume: FloatArray, shape: tuple[int, int]) -> FloatArray:
        """Class edge flows (classes x edges) of route volumes."""
        flat = np.bincount(
            self.entry_cell, weights=volume[self.entry_route], minlength=shape[0] * shape[1]
        )
        return flat.astype(np.float64, copy=False).reshape(shape)

    def split(self, volume: FloatArray) -> list[FloatArray]:
        """Route volumes pair by pair, in the order of `keys`."""
        return np.split(volume, self.set_start[1:]) if self.keys else []

    def store(self, sets: RouteSets, volume: FloatArray) -> None:
        """Write route volumes back into the sets' flows (pair by pair)."""
        sets.flows.update(zip(self.keys, self.split(volume), strict=True))

    def carry(self, before: _FlatRoutes, volume: FloatArray) -> FloatArray:
        """Route volumes of `before` placed in this layout, where sets may have grown (new
        routes at the end of their pair, new pairs at the end): the new ones carry 0."""
        carried = np.zeros(self.theta.size)
        if before.keys:
            within = np.arange(before.theta.size) - before.set_start[before.route_set]
            carried[self.set_start[before.route_set] + within] = volume
        return carried

    def gather(self, sets: RouteSets) -> FloatArray:
        """The sets' route flows laid flat (the inverse of `store`)."""
        parts = [sets.flows[k] for k in self.keys]
        return np.concatenate(parts).astype(np.float64) if parts else np.zeros(0)


_CAP_ROUNDS = 25  # passes of the service cap: moved boxes may fill another service


@dataclass(frozen=True)
class _ServiceCaps:
    """Scheduled services' capacity each way, held as a cap on each logit loading (issue 11.4).

    A train or a sailing carries no more than its departures' TEU: where the logit would send
    more along a service (a `service` capacity group: a rail border's trains one way), each route
    through it keeps the share the departures carry and the rest of its boxes take the pair's
    other routes, in proportion to their logit volumes. A pair with no other route keeps its
    boxes where they are (nowhere else to go: the report shows the service over capacity).
    """

    routes_of: tuple[IntArray, ...]  # per service group: the routes through it
    capacity_teu: FloatArray  # per service group: TEU a day its departures carry
    # routes_of as one pool with each group's start and length (`segment_sums`)
    pool: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    starts: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    lengths: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @classmethod
    def of(cls, problem: MulticlassProblem, flat: _FlatRoutes) -> _ServiceCaps:
        groups = [g for g in problem.groups if g.kind == "service"]
        entry_edge = flat.entry_cell % problem.head.size
        routes = tuple(np.unique(flat.entry_route[np.isin(entry_edge, g.edges)]) for g in groups)
        capacity = np.array([g.capacity_per_day * g.teu_per_unit for g in groups], dtype=float)
        lengths = np.array([r.size for r in routes], dtype=np.int64)
        starts = np.zeros(lengths.size, dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        pool = np.concatenate(routes).astype(np.int64) if routes else np.zeros(0, np.int64)
        return cls(routes, capacity, pool, starts, lengths)

    def cap(self, flat: _FlatRoutes, volume: FloatArray) -> FloatArray:
        """Route volumes with every service within its departures where the pair can move."""
        volume = volume.copy()
        for _ in range(_CAP_ROUNDS):
            accept = np.ones(volume.size)
            # every service's load in one kernel call, the same floats as volume[routes].sum()
            loads = segment_sums(volume[None, :], self.pool, self.starts, self.lengths)[:, 0]
            over = loads > self.capacity_teu * (1.0 + 1e-6)
            for index in np.flatnonzero(over):
                routes, capacity = self.routes_of[index], self.capacity_teu[index]
                accept[routes] = np.minimum(accept[routes], capacity / float(loads[index]))
            if np.all(accept >= 1.0):
                break
            volume = _moved(flat, volume, accept)
        return volume


def _held(problem: MulticlassProblem, flat: _FlatRoutes, params: ChoiceParameters) -> _ServiceCaps:
    """The services' caps when `params.hold_services`, else none (nothing capped)."""
    if not params.hold_services:
        return _ServiceCaps((), np.zeros(0))
    return _ServiceCaps.of(problem, flat)


def _moved(flat: _FlatRoutes, volume: FloatArray, accept: FloatArray) -> FloatArray:
    """Each route keeps `accept` of its volume; the rest goes to its pair's routes through no
    full service, in proportion to their volumes (or stays, where the pair has none)."""
    free = accept >= 1.0
    free_volume = np.where(free, volume, 0.0)
    pair_free = np.add.reduceat(free_volume, flat.set_start)
    stuck = pair_free[flat.route_set] <= 0.0
    kept = np.where(stuck, volume, volume * accept)
    rejected = np.add.reduceat(volume - kept, flat.set_start)
    share = np.divide(
        free_volume,
        pair_free[flat.route_set],
        out=np.zeros_like(volume),
        where=pair_free[flat.route_set] > 0,
    )
    return kept + share * rejected[flat.route_set]


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
    problem: MulticlassProblem,
    settings: Settings,
    params: ChoiceParameters,
    start: RouteSets | None = None,
    grow: bool = True,
) -> CorridorEquilibrium:
    """Logit (path-size) equilibrium at congested costs by the method of successive averages,
    until the relative flow change meets `settings.gap`.

    `start`: route sets with flows from an earlier equilibrium of a problem on the same graph
    and pairs (a warm start: each pair's flows are scaled to this problem's demand); they are
    copied, not changed. Without it the sets are built at free-flow costs. `grow=False` keeps
    a warm start's route sets as they are (no cheapest route added each iteration: the
    shortest-path trees that finds them are most of an iteration's time).

    Raises:
        ConvergenceError: the flow change misses the target after `settings.max_iterations`,
            unless `settings.allow_unconverged`.
    """
    times = EdgeTimes(problem)
    shape = (len(problem.classes), problem.head.size)
    if start is None:
        free = class_costs(problem, problem.base_time_h)
        sets = build_route_sets(problem, free, params)
        flat = _FlatRoutes.of(problem, sets, params)
        volume = _held(problem, flat, params).cap(flat, flat.volumes(free))
    else:
        sets = _rescaled(problem, start)
        flat = _FlatRoutes.of(problem, sets, params)
        volume = flat.gather(sets)
    flow = flat.edge_flows(volume, shape)
    caps = _held(problem, flat, params)
    change, iteration = np.inf, 1
    while iteration < settings.max_iterations and change > settings.gap:
        costs = class_costs(problem, times.edge_times(flow.sum(axis=0)))
        if (grow or start is None) and _add_cheapest(problem, sets, costs):
            grown = _FlatRoutes.of(problem, sets, params)
            volume = grown.carry(flat, volume)
            flat = grown
            caps = _held(problem, flat, params)
        target_volume = caps.cap(flat, flat.volumes(costs))
        target = flat.edge_flows(target_volume, shape)
        step = 1.0 / (iteration + 1)
        volume = volume + step * (target_volume - volume)
        total = float(target.sum())
        change = float(np.abs(target - flow).sum()) / total if total > 0 else 0.0
        flow = flow + step * (target - flow)
        iteration += 1
    flat.store(sets, volume)
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


def _rescaled(problem: MulticlassProblem, start: RouteSets) -> RouteSets:
    """A copy of `start` with each pair's route flows scaled to the problem's demand (pairs
    without flow yet split it evenly); pairs `start` lacks get their free-flow routes."""
    sets = start.copy()
    for key, flows in sets.flows.items():
        demand = float(problem.demand[key])
        carried = float(flows.sum())
        sets.flows[key] = (
            flows * (demand / carried) if carried > 0 else np.full(flows.size, demand / flows.size)
        )
    missing = [tuple(int(i) for i in k) for k in np.argwhere(problem.demand > 0)]
    missing = [k for k in missing if k not in sets.routes]
    if missing:
        raise DataError(
            f"a warm start lacks {len(missing)} pair(s) with demand, e.g. class, origin, "
            f"destination {missing[0]}: start cold"
        )
    return sets


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


def _add_cheapest(problem: MulticlassProblem, sets: RouteSets, costs: FloatArray) -> bool:
    """Add each pair's cheapest route at `costs` to its set; True when any set grew."""
    grew = False
    for c in range(len(problem.classes)):
        pairs = np.argwhere(problem.demand[c] > 0)
        if pairs.size == 0:
            continue
        dist, pred = shortest_trees(problem.indptr, problem.head, costs[c], problem.origin_nodes)
        targets = problem.destination_nodes[pairs[:, 1]]
        reached = np.isfinite(dist[pairs[:, 0], targets])
        pool, offsets, cyclic = tree_paths(pred, problem.tail, pairs[reached, 0], targets[reached])
        if cyclic >= 0:
            raise DataError("pred_edge has a cycle: it is not a shortest-path tree")
        for i, (o, d) in enumerate(pairs[reached]):
            route = pool[offsets[i] : offsets[i + 1]]
            grew |= sets.add((c, int(o), int(d)), route.copy())
    return grew


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


_KM: list[tuple[np.ndarray, FloatArray, dict[bytes, dict[str, float]]]] = []
_KM_BY_CONTENT: dict[bytes, dict[bytes, dict[str, float]]] = {}
KM_GRAPHS_KEPT = 4


def _route_km(route: IntArray, edge_mode: np.ndarray, edge_km: FloatArray) -> dict[str, float]:
    """`route_modes`, kept per graph (its edge arrays) and route: a sweep's samples report the
    same routes again and again (issue 9 performance). The arrays are kept with their routes,
    so another graph's cannot be taken for them; a graph whose arrays are equal to a known
    one's (a sample whose edits change the tables builds its own graph) shares its routes."""
    found_graph = [k for modes, kms, k in _KM if modes is edge_mode and kms is edge_km]
    if found_graph:
        known = found_graph[0]
    else:
        content = hashlib.blake2b(
            edge_km.tobytes() + pickle.dumps(edge_mode.tolist()), digest_size=20
        ).digest()
        if content not in _KM_BY_CONTENT:
            if len(_KM_BY_CONTENT) >= KM_GRAPHS_KEPT:
                _KM_BY_CONTENT.pop(next(iter(_KM_BY_CONTENT)))
            _KM_BY_CONTENT[content] = {}
        known = _KM_BY_CONTENT[content]
        if len(_KM) >= KM_GRAPHS_KEPT:
            _KM.pop(0)
        _KM.append((edge_mode, edge_km, known))
    key = route.dtype.str.encode() + route.tobytes()
    found = known.get(key)
    if found is None:
        found = known[key] = route_modes(route, edge_mode, edge_km)
    return found


def route_sums(figures: FloatArray, routes: list[IntArray]) -> FloatArray:
    """(routes, figures): each route's sum of each row of `figures` (figures x edges) over its
    edges, the same floats as `figures[k, route].sum()` for each (numpy's pairwise summation,
    which the kernel follows), in one call instead of one numpy sum each (issue 9
    performance: a sweep sample sums hundreds of routes)."""
    if not routes:
        return np.zeros((0, figures.shape[0]))
    lengths = np.array([route.size for route in routes], dtype=np.int64)
    starts = np.zeros(lengths.size, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    pool = np.concatenate(routes).astype(np.int64, copy=False)
    return segment_sums(np.ascontiguousarray(figures, dtype=np.float64), pool, starts, lengths)


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
    columns = ["origin", "destination", "commodity", "mode", "teu_per_year", "teu_km_per_year"]
    # each key's two sums as pandas' group-by sums them (Kahan's compensated sum over the rows
    # in route order), kept in a dict instead of a table of every row grouped afterwards: a
    # sweep sample has thousands of these rows (issue 9 performance); the same floats
    sums: dict[tuple[str, str, str, str], list[float]] = {}
    for (c, o, d), routes in sets.routes.items():
        for route, teu_day in zip(routes, sets.flows[(c, o, d)], strict=True):
            if teu_day <= 0:
                continue
            km = _route_km(route, edge_mode, edge_km)
            main = max(km, key=lambda m: km[m]) if km else "none"
            pair = (origins[o], destinations[d], problem.classes[c])
            for mode in set(km) | {main}:
                key = (*pair, mode)
                found = sums.get(key)
                if found is None:
                    found = sums[key] = [0.0, 0.0, 0.0, 0.0]
                _kahan_add(found, float(teu_day * 365.0 if mode == main else 0.0), 0)
                _kahan_add(found, float(teu_day * 365.0 * km.get(mode, 0.0)), 2)
    if not sums:
        return (
            pd.DataFrame({column: [] for column in columns}, columns=columns)
            .groupby(columns[:4], as_index=False)
            .sum()
        )
    keys = sorted(sums)
    return pd.DataFrame(
        {
            "origin": [k[0] for k in keys],
            "destination": [k[1] for k in keys],
            "commodity": [k[2] for k in keys],
            "mode": [k[3] for k in keys],
            "teu_per_year": [sums[k][0] for k in keys],
            "teu_km_per_year": [sums[k][2] for k in keys],
        },
        columns=columns,
    )


def _kahan_add(acc: list[float], value: float, at: int) -> None:
    """acc[at] += value with acc[at + 1] the compensation, as pandas' group-by sum adds (its
    `group_sum`: a NaN compensation, from infinities, is reset to 0)."""
    total, compensation = acc[at], acc[at + 1]
    y = value - compensation
    t = total + y
    compensation = t - total - y
    acc[at] = t
    acc[at + 1] = 0.0 if compensation != compensation else compensation


def mode_shares(structure: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Shares of TEU and TEU-km by mode within each group of `by` (empty list: in total)."""
    keys = [*by, "mode"]
    table = structure.groupby(keys, as_index=False)[["teu_per_year", "teu_km_per_year"]].sum()
    for column, share in (("teu_per_year", "share_teu"), ("teu_km_per_year", "share_teu_km")):
        total = table.groupby(by)[column].transform("sum") if by else table[column].sum()
        table[share] = table[column] / total
    return table
