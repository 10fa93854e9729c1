"""Capacity-constrained multiclass user equilibrium on a multimodal graph (TEU per day).

Classes are commodities. A class pays money (USD per TEU, carbon priced in) plus its value of
time times the edge time; edge times grow with the flow of the capacity group the edge belongs
to (crossings, terminals, gauge-change yards; see `delay.py`). Dividing a class's cost by its
value of time gives ``money / vot + time(flow)``: a class-specific fixed part plus a time that
all classes share, so the equilibrium is the minimum of one convex (Beckmann) objective and
Frank-Wolfe with an exact line search solves it. The gap is the standard relative gap in those
units: (sum over classes of flow x cost - shortest-path cost) / flow x cost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from landsea.assignment.delay import CapacityGroup
from landsea.assignment.linear import Directions, descend
from landsea.assignment.loading import all_or_nothing
from landsea.assignment.result import relative_gap
from landsea.errors import ConvergenceError, DataError
from landsea.routing.kernels import shortest_trees

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
MULTICLASS_METHODS = ("frank-wolfe", "cfw", "bfw", "msa")


@dataclass(frozen=True)
class MulticlassProblem:
    """Edges in CSR order; `demand[c]` is origins x destinations (TEU/day) of class c."""

    indptr: IntArray
    head: IntArray
    tail: IntArray
    base_time_h: FloatArray
    money_usd: FloatArray
    classes: tuple[str, ...]
    value_of_time: FloatArray  # USD per TEU-hour, per class
    origin_nodes: IntArray
    destination_nodes: IntArray
    demand: FloatArray  # classes x origins x destinations
    groups: tuple[CapacityGroup, ...]

    def __post_init__(self) -> None:
        if np.any(self.value_of_time <= 0):
            raise DataError("every class needs a positive value of time")
        shape = (len(self.classes), self.origin_nodes.size, self.destination_nodes.size)
        if self.demand.shape != shape:
            raise DataError(f"demand has shape {self.demand.shape}, expected {shape}")

    @property
    def n_edges(self) -> int:
        return int(self.head.shape[0])

    def group_of_edge(self) -> IntArray:
        owner = np.full(self.n_edges, -1, dtype=np.int64)
        for index, group in enumerate(self.groups):
            owner[group.edges] = index
        return owner


@dataclass(frozen=True)
class MulticlassResult:
    """Class flows (classes x edges, TEU/day), edge times at those flows, and convergence."""

    flow: FloatArray
    time_h: FloatArray
    group_flow: FloatArray  # TEU/day per capacity group
    group_delay_h: FloatArray
    relative_gap: float
    iterations: int
    seconds: float
    converged: bool
    unreachable: pd.DataFrame  # class, origin_node, destination_node, teu_per_day


class EdgeTimes:
    """Edge times as a function of the total flow, through the capacity groups."""

    def __init__(self, problem: MulticlassProblem) -> None:
        self.problem = problem
        self.owner = problem.group_of_edge()
        self.grouped = np.flatnonzero(self.owner >= 0)

    def group_flows(self, total: FloatArray) -> FloatArray:
        sums = np.bincount(
            self.owner[self.grouped],
            weights=total[self.grouped],
            minlength=len(self.problem.groups),
        )
        return sums.astype(np.float64)

    def delays(self, total: FloatArray) -> FloatArray:
        flows = self.group_flows(total)
        return np.array(
            [g.delay_h(np.array(f)).item() for g, f in zip(self.problem.groups, flows, strict=True)]
        )

    def edge_slopes(self, total: FloatArray) -> FloatArray:
        """d time / d flow per edge through its group (the diagonal of the Hessian, roughly)."""
        slopes = np.zeros(self.problem.n_edges)
        flows = self.group_flows(total)
        for index, group in enumerate(self.problem.groups):
            slopes[group.edges] = group.slope_h(float(flows[index]))
        return slopes

    def edge_times(self, total: FloatArray) -> FloatArray:
        times = self.problem.base_time_h.copy()
        if self.grouped.size:
            times[self.grouped] += self.delays(total)[self.owner[self.grouped]]
        return times


def solve_multiclass(
    problem: MulticlassProblem,
    algorithm: str = "frank-wolfe",
    gap: float = 1e-4,
    max_iterations: int = 500,
    allow_unconverged: bool = False,
) -> MulticlassResult:
    if algorithm not in MULTICLASS_METHODS:
        raise DataError(
            f"unknown algorithm {algorithm!r} here; choose {', '.join(MULTICLASS_METHODS)}"
        )
    started = time.perf_counter()
    times = EdgeTimes(problem)
    fixed = problem.money_usd[None, :] / problem.value_of_time[:, None]  # hours-equivalent
    unreachable = _unreachable(problem, fixed + problem.base_time_h[None, :])
    demand = problem.demand.copy()
    for c, o, d, _ in unreachable.itertuples(index=False):
        demand[problem.classes.index(c), o, d] = 0.0
    flow, _ = _all_or_nothing(problem, demand, fixed + problem.base_time_h[None, :])
    iteration, current, memory = 1, np.inf, Directions()
    while True:
        edge_time = times.edge_times(flow.sum(axis=0))
        aon, sptt = _all_or_nothing(problem, demand, fixed + edge_time[None, :])
        current = relative_gap(float(np.sum(flow * (fixed + edge_time[None, :]))), sptt)
        if current <= gap or iteration >= max_iterations:
            break
        if algorithm == "msa":
            flow = flow + (aon - flow) / (iteration + 1)
        else:
            flow, memory = _descend(algorithm, times, fixed, flow, aon, memory)
        iteration += 1
    converged = current <= gap
    if not converged and not allow_unconverged:
        raise ConvergenceError(
            f"{algorithm} on the corridor: relative gap {current:.3g} after {iteration} "
            f"iterations, target {gap:.3g}"
        )
    total = flow.sum(axis=0)
    return MulticlassResult(
        flow=flow,
        time_h=times.edge_times(total),
        group_flow=times.group_flows(total),
        group_delay_h=times.delays(total),
        relative_gap=current,
        iterations=iteration,
        seconds=time.perf_counter() - started,
        converged=converged,
        unreachable=_named(problem, unreachable),
    )


def objective(problem: MulticlassProblem, flow: FloatArray) -> float:
    """The Beckmann objective in hours-equivalent TEU-hours per day."""
    fixed = problem.money_usd[None, :] / problem.value_of_time[:, None]
    total = flow.sum(axis=0)
    value = float(np.sum(flow * (fixed + problem.base_time_h[None, :])))
    groups = EdgeTimes(problem).group_flows(total)
    return value + sum(g.integral(float(x)) for g, x in zip(problem.groups, groups, strict=True))


def _all_or_nothing(
    problem: MulticlassProblem, demand: FloatArray, costs: FloatArray
) -> tuple[FloatArray, float]:
    """Shortest-path loading of every class at the given class costs; with the total SPTT."""
    flows = np.zeros((len(problem.classes), problem.n_edges))
    rows = np.arange(problem.origin_nodes.size, dtype=np.int64)
    sptt = 0.0
    for c in range(len(problem.classes)):
        dist, pred = shortest_trees(problem.indptr, problem.head, costs[c], problem.origin_nodes)
        sptt += float(
            all_or_nothing(
                pred, dist, rows, problem.destination_nodes, demand[c], problem.tail, flows[c]
            )
        )
    return flows, sptt


def _descend(
    algorithm: str,
    times: EdgeTimes,
    fixed: FloatArray,
    flow: FloatArray,
    aon: FloatArray,
    memory: Directions,
) -> tuple[FloatArray, Directions]:
    """One Frank-Wolfe-type step (FW, CFW or BFW direction) with an exact line search."""
    hessian = times.edge_slopes(flow.sum(axis=0))
    return descend(algorithm, hessian, flow, aon, memory, partial(_line_search, times, fixed, flow))


def _line_search(
    times: EdgeTimes, fixed: FloatArray, flow: FloatArray, direction: FloatArray
) -> float:
    """Bisection on the derivative of the objective along the direction (it is convex)."""
    fixed_slope = float(np.sum(direction * fixed))
    total, total_direction = flow.sum(axis=0), direction.sum(axis=0)

    def slope(step: float) -> float:
        return fixed_slope + float(
            total_direction @ times.edge_times(total + step * total_direction)
        )

    if slope(0.0) >= 0.0:
        return 0.0
    if slope(1.0) <= 0.0:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(50):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if slope(mid) < 0.0 else (low, mid)
    return 0.5 * (low + high)


def _unreachable(problem: MulticlassProblem, costs: FloatArray) -> pd.DataFrame:
    records = []
    for c, name in enumerate(problem.classes):
        dist, _ = shortest_trees(problem.indptr, problem.head, costs[c], problem.origin_nodes)
        reach = dist[:, problem.destination_nodes]
        for o, d in zip(*np.nonzero(~np.isfinite(reach) & (problem.demand[c] > 0)), strict=True):
            records.append((name, int(o), int(d), float(problem.demand[c, o, d])))
    return pd.DataFrame(records, columns=["commodity", "origin", "destination", "teu_per_day"])


def _named(problem: MulticlassProblem, table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    out["origin_node"] = problem.origin_nodes[out["origin"].to_numpy(dtype=np.int64)]
    out["destination_node"] = problem.destination_nodes[out["destination"].to_numpy(dtype=np.int64)]
    return out
