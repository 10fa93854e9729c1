"""The single-class network's equilibrium state: reachable demand, trees at given costs, gaps."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from landsea.assignment.equilibrium import Equilibrium, Outcome, settle, unreachable_pairs
from landsea.assignment.linesearch import optimal_step
from landsea.assignment.loading import all_or_nothing, shortest_path_total, trees
from landsea.assignment.problem import Problem
from landsea.assignment.result import AssignmentResult, relative_gap

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Measure:
    """The state of a flow vector: its costs, TSTT, SPTT, gap and the trees at those costs."""

    cost: FloatArray
    tstt: float
    sptt: float
    gap: float
    dist: FloatArray
    pred: IntArray


@dataclass
class Run(Equilibrium[Measure]):
    """One assignment of a `Problem` in progress. Link arrays are in CSR order.

    The demand of pairs without a path is set aside at the start (`unreachable`: origin_zone,
    destination_zone, origin_node, destination_node, demand) and never loaded.
    """

    problem: Problem
    started: float = field(default_factory=time.perf_counter)
    demand: FloatArray = field(init=False)
    unreachable: pd.DataFrame = field(init=False)
    gaps: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        csr = self.problem.csr
        dist, _ = trees(csr, csr.links.cost(np.zeros(self.problem.n_links)))
        self.demand, self.unreachable = _split_unreachable(self.problem, dist)

    def measure(self, flow: FloatArray) -> Measure:
        """Costs at `flow`, the trees at those costs, TSTT, SPTT and the relative gap."""
        csr = self.problem.csr
        cost = csr.links.cost(flow)
        dist, pred = trees(csr, cost)
        sptt = float(shortest_path_total(pred, dist, csr.origins, self.problem.zones, self.demand))
        tstt = float(flow @ cost)
        gap = relative_gap(tstt, sptt)
        self.gaps.append(gap)
        return Measure(cost, tstt, sptt, gap, dist, pred)

    def all_or_nothing(self, measure: Measure) -> FloatArray:
        """The reachable demand on the measure's shortest-path trees."""
        csr = self.problem.csr
        out = np.zeros(self.problem.n_links)
        all_or_nothing(
            measure.pred, measure.dist, csr.origins, self.problem.zones, self.demand, csr.tail, out
        )
        return out

    def initial_flow(self) -> FloatArray:
        """All-or-nothing at free-flow costs."""
        return self.all_or_nothing(self.measure(np.zeros(self.problem.n_links)))

    def hessian(self, flow: FloatArray) -> FloatArray:
        """The BPR cost slope of every link at `flow`."""
        return self.problem.csr.links.derivative(flow)

    def line_search(self, flow: FloatArray, direction: FloatArray) -> float:
        """The exact step on the Beckmann objective of the BPR links."""
        return optimal_step(self.problem.csr.links, flow, direction)

    def finish(
        self,
        algorithm: str,
        outcome: Outcome[Measure],
        target_gap: float,
        allow_unconverged: bool,
    ) -> AssignmentResult:
        """The result of `outcome` in the problem's link order.

        Raises:
            ConvergenceError: the outcome misses `target_gap` and `allow_unconverged` is false.
        """
        csr = self.problem.csr
        measure = outcome.measure
        done = settle(
            f"{algorithm} on {self.problem.name}",
            outcome.criterion,
            outcome.stop_value,
            target_gap,
            outcome.iterations,
            allow_unconverged,
        )
        return AssignmentResult(
            algorithm=algorithm,
            flow=csr.to_original(outcome.flow),
            cost=csr.to_original(measure.cost),
            relative_gap=measure.gap,
            tstt=measure.tstt,
            sptt=measure.sptt,
            objective=csr.links.integral(outcome.flow),
            iterations=outcome.iterations,
            seconds=time.perf_counter() - self.started,
            converged=done,
            target_gap=target_gap,
            unreachable=self.unreachable,
            gap_history=tuple(self.gaps),
        )


def _split_unreachable(problem: Problem, dist: FloatArray) -> tuple[FloatArray, pd.DataFrame]:
    """Demand with unreachable cells zeroed, and those cells listed with their demand."""
    csr = problem.csr
    distance = np.zeros(problem.demand.shape)  # rows without demand have nothing to miss
    distance[csr.origins] = dist[:, problem.zones]
    table = unreachable_pairs(distance, problem.demand)
    table = table.rename(columns={"origin": "origin_zone", "destination": "destination_zone"})
    table.insert(2, "origin_node", problem.zones[table["origin_zone"].to_numpy()])
    table.insert(3, "destination_node", problem.zones[table["destination_zone"].to_numpy()])
    demand = problem.demand.copy()
    demand[table["origin_zone"].to_numpy(), table["destination_zone"].to_numpy()] = 0.0
    return demand, table
