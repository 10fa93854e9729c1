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

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from landsea.assignment.delay import CapacityGroup
from landsea.assignment.equilibrium import Equilibrium, Outcome, Settings, settle, unreachable_pairs
from landsea.assignment.linear import solve_linear
from landsea.assignment.linesearch import exact_step
from landsea.assignment.loading import all_or_nothing
from landsea.assignment.result import relative_gap
from landsea.errors import DataError
from landsea.routing.kernels import shortest_trees

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class MulticlassProblem:
    """Edges in CSR order; `demand[c]` is origins x destinations (TEU/day) of class c.

    Raises:
        DataError: a value of time that is not positive, or demand of the wrong shape.
    """

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
        """The number of edges."""
        return int(self.head.shape[0])

    def group_of_edge(self) -> IntArray:
        """The capacity group of every edge (its index in `groups`), -1 for none."""
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
        # a delay curve's figures as plain floats, for `delays` (called once per equilibrium
        # iteration, thousands of times a sweep sample: issue 9 performance)
        self._curves = [_CurveFigures.of(group) for group in problem.groups]

    def group_flows(self, total: FloatArray) -> FloatArray:
        """TEU a day through each capacity group at the total edge flows."""
        sums = np.bincount(
            self.owner[self.grouped],
            weights=total[self.grouped],
            minlength=len(self.problem.groups),
        )
        return sums.astype(np.float64)

    def delays(self, total: FloatArray) -> FloatArray:
        """Each capacity group's delay (h) at the total edge flows."""
        flows = self.group_flows(total).tolist()
        return np.array(
            [
                g.delay_h(np.array(f)).item() if c is None else c.delay_h(f)
                for g, c, f in zip(self.problem.groups, self._curves, flows, strict=True)
            ]
        )

    def edge_slopes(self, total: FloatArray) -> FloatArray:
        """d time / d flow per edge through its group (the diagonal of the Hessian, roughly)."""
        slopes = np.zeros(self.problem.n_edges)
        flows = self.group_flows(total)
        for index, group in enumerate(self.problem.groups):
            slopes[group.edges] = group.slope_h(float(flows[index]))
        return slopes

    def edge_times(self, total: FloatArray) -> FloatArray:
        """Base times plus each grouped edge's group delay (h) at the total edge flows."""
        times = self.problem.base_time_h.copy()
        if self.grouped.size:
            times[self.grouped] += self.delays(total)[self.owner[self.grouped]]
        return times


@dataclass(frozen=True)
class _CurveFigures:
    """`CapacityGroup.delay_h` of a group with a delay curve, for one flow, as plain floats:
    the same operations in the same order (`DelayCurve.delay`), so the same numbers, without
    making arrays for one value."""

    teu_per_unit: float
    flows: FloatArray
    delays: FloatArray
    last_flow: float
    last_delay: float
    slope: float

    @classmethod
    def of(cls, group: CapacityGroup) -> _CurveFigures | None:
        curve = group.curve
        if curve is None:
            return None
        flows, delays = curve.flow_per_day, curve.mean_delay_h
        slope = (delays[-1] - delays[-2]) / (flows[-1] - flows[-2])
        return cls(
            float(group.teu_per_unit),
            flows,
            delays,
            float(flows[-1]),
            float(delays[-1]),
            float(slope),
        )

    def delay_h(self, teu_per_day: float) -> float:
        units = teu_per_day / self.teu_per_unit
        if units > self.last_flow:
            return self.last_delay + self.slope * (units - self.last_flow)
        return float(np.interp(units, self.flows, self.delays))


@dataclass(frozen=True)
class ClassMeasure:
    """Edge times at a class flow stack, the all-or-nothing target at them, and the gap."""

    edge_time: FloatArray
    aon: FloatArray
    gap: float


class MulticlassRun(Equilibrium[ClassMeasure]):
    """A multiclass problem on its way to equilibrium, in hours-equivalent costs per class.

    Pairs with demand but no route are set aside at the start (`unreachable`).
    """

    def __init__(self, problem: MulticlassProblem) -> None:
        self.problem = problem
        self.times = EdgeTimes(problem)
        self.fixed = problem.money_usd[None, :] / problem.value_of_time[:, None]
        self.unreachable = unreachable_demand(problem)
        self.demand = problem.demand.copy()
        cells = self.unreachable[["class", "origin", "destination"]].to_numpy().T
        self.demand[tuple(cells)] = 0.0

    def initial_flow(self) -> FloatArray:
        """All-or-nothing at the edges' base times (no queue anywhere)."""
        return self._load(self.fixed + self.problem.base_time_h[None, :])[0]

    def measure(self, flow: FloatArray) -> ClassMeasure:
        """Edge times at the class flows, the loading at them and the relative gap."""
        edge_time = self.times.edge_times(flow.sum(axis=0))
        costs = self.fixed + edge_time[None, :]
        aon, sptt = self._load(costs)
        return ClassMeasure(edge_time, aon, relative_gap(float(np.sum(flow * costs)), sptt))

    def all_or_nothing(self, measure: ClassMeasure) -> FloatArray:
        """The loading `measure` already made."""
        return measure.aon

    def hessian(self, flow: FloatArray) -> FloatArray:
        """d time / d flow per edge through its capacity group, at the class sum."""
        return self.times.edge_slopes(flow.sum(axis=0))

    def line_search(self, flow: FloatArray, direction: FloatArray) -> float:
        """The exact step on the Beckmann objective: fixed parts plus the shared times."""
        fixed_slope = float(np.sum(direction * self.fixed))
        total, total_direction = flow.sum(axis=0), direction.sum(axis=0)

        def slope(step: float) -> float:
            times = self.times.edge_times(total + step * total_direction)
            return fixed_slope + float(total_direction @ times)

        return exact_step(slope)

    def _load(self, costs: FloatArray) -> tuple[FloatArray, float]:
        """Shortest-path loading of every class at the given class costs; with the total SPTT."""
        problem = self.problem
        flows = np.zeros((len(problem.classes), problem.n_edges))
        rows = np.arange(problem.origin_nodes.size, dtype=np.int64)
        sptt = 0.0
        for c in range(len(problem.classes)):
            dist, pred = shortest_trees(
                problem.indptr, problem.head, costs[c], problem.origin_nodes
            )
            sptt += float(
                all_or_nothing(
                    pred,
                    dist,
                    rows,
                    problem.destination_nodes,
                    self.demand[c],
                    problem.tail,
                    flows[c],
                )
            )
        return flows, sptt

    def result(
        self, outcome: Outcome[ClassMeasure], converged: bool, started: float
    ) -> MulticlassResult:
        """The result of `outcome`: class flows, times, group loads and the unreachable pairs."""
        total = outcome.flow.sum(axis=0)
        return MulticlassResult(
            flow=outcome.flow,
            time_h=self.times.edge_times(total),
            group_flow=self.times.group_flows(total),
            group_delay_h=self.times.delays(total),
            relative_gap=outcome.measure.gap,
            iterations=outcome.iterations,
            seconds=time.perf_counter() - started,
            converged=converged,
            unreachable=_named(self.problem, self.unreachable),
        )


def solve_multiclass(
    problem: MulticlassProblem,
    algorithm: str = "frank-wolfe",
    gap: float = 1e-4,
    max_iterations: int = 500,
    allow_unconverged: bool = False,
) -> MulticlassResult:
    """Multiclass user equilibrium by a link-based method (frank-wolfe, cfw, bfw or msa).

    Raises:
        DataError: `algorithm` is not a link-based method.
        ConvergenceError: the relative gap misses `gap` after `max_iterations`, unless
            `allow_unconverged` (the result then says ``converged=False``).
    """
    started = time.perf_counter()
    state = MulticlassRun(problem)
    outcome = solve_linear(state, Settings(gap, max_iterations, allow_unconverged), algorithm)
    converged = settle(
        f"{algorithm} on the corridor",
        outcome.criterion,
        outcome.stop_value,
        gap,
        outcome.iterations,
        allow_unconverged,
    )
    return state.result(outcome, converged, started)


def objective(problem: MulticlassProblem, flow: FloatArray) -> float:
    """The Beckmann objective in hours-equivalent TEU-hours per day."""
    fixed = problem.money_usd[None, :] / problem.value_of_time[:, None]
    total = flow.sum(axis=0)
    value = float(np.sum(flow * (fixed + problem.base_time_h[None, :])))
    groups = EdgeTimes(problem).group_flows(total)
    return value + sum(g.integral(float(x)) for g, x in zip(problem.groups, groups, strict=True))


def unreachable_demand(problem: MulticlassProblem) -> pd.DataFrame:
    """Cells with demand but no route (`equilibrium.unreachable_pairs`: class, origin and
    destination indices, demand in TEU a day)."""
    distance = np.empty(problem.demand.shape)
    costs = problem.money_usd[None, :] / problem.value_of_time[:, None] + problem.base_time_h
    for c in range(len(problem.classes)):
        dist, _ = shortest_trees(problem.indptr, problem.head, costs[c], problem.origin_nodes)
        distance[c] = dist[:, problem.destination_nodes]
    return unreachable_pairs(distance, problem.demand)


def _named(problem: MulticlassProblem, table: pd.DataFrame) -> pd.DataFrame:
    """The unreachable cells with the commodity's name and the zone nodes."""
    origin = table["origin"].to_numpy(dtype=np.int64)
    destination = table["destination"].to_numpy(dtype=np.int64)
    return pd.DataFrame(
        {
            "commodity": [problem.classes[int(c)] for c in table["class"]],
            "origin": origin,
            "destination": destination,
            "teu_per_day": table["demand"].to_numpy(np.float64),
            "origin_node": problem.origin_nodes[origin],
            "destination_node": problem.destination_nodes[destination],
        }
    )
