"""What every algorithm shares: the reachable demand, trees at given costs, gap measurement."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from landsea.assignment.loading import all_or_nothing, shortest_path_total, trees
from landsea.assignment.problem import Problem
from landsea.assignment.result import AssignmentResult, relative_gap
from landsea.errors import ConvergenceError

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
class Run:
    """One assignment in progress. Link arrays are in CSR order."""

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
        csr = self.problem.csr
        cost = csr.links.cost(flow)
        dist, pred = trees(csr, cost)
        sptt = float(shortest_path_total(pred, dist, csr.origins, self.problem.zones, self.demand))
        tstt = float(flow @ cost)
        gap = relative_gap(tstt, sptt)
        self.gaps.append(gap)
        return Measure(cost, tstt, sptt, gap, dist, pred)

    def all_or_nothing(self, measure: Measure) -> FloatArray:
        csr = self.problem.csr
        out = np.zeros(self.problem.n_links)
        all_or_nothing(
            measure.pred, measure.dist, csr.origins, self.problem.zones, self.demand, csr.tail, out
        )
        return out

    def initial_flow(self) -> FloatArray:
        """All-or-nothing at free-flow costs."""
        return self.all_or_nothing(self.measure(np.zeros(self.problem.n_links)))

    def finish(
        self,
        algorithm: str,
        flow: FloatArray,
        measure: Measure,
        iterations: int,
        target_gap: float,
        allow_unconverged: bool,
        stop: tuple[str, float] | None = None,
    ) -> AssignmentResult:
        """The result from final flows; ConvergenceError on a missed target unless allowed.

        `stop` names the stopping criterion and its last value (default: the relative gap).
        """
        csr = self.problem.csr
        criterion, reached = stop if stop is not None else ("relative gap", measure.gap)
        done = reached <= target_gap
        if not done and not allow_unconverged:
            raise ConvergenceError(
                f"{algorithm} on {self.problem.name}: {criterion} {reached:.3g} after "
                f"{iterations} iterations, target {target_gap:.3g}; raise --max-iterations "
                "or allow an unconverged result"
            )
        return AssignmentResult(
            algorithm=algorithm,
            flow=csr.to_original(flow),
            cost=csr.to_original(measure.cost),
            relative_gap=measure.gap,
            tstt=measure.tstt,
            sptt=measure.sptt,
            objective=csr.links.integral(flow),
            iterations=iterations,
            seconds=time.perf_counter() - self.started,
            converged=done,
            target_gap=target_gap,
            unreachable=self.unreachable,
            gap_history=tuple(self.gaps),
        )


def _split_unreachable(problem: Problem, dist: FloatArray) -> tuple[FloatArray, pd.DataFrame]:
    """Demand with unreachable cells zeroed, and those cells listed with their demand."""
    csr = problem.csr
    demand = problem.demand.copy()
    reach = np.isfinite(dist[:, problem.zones])  # rows: origins with demand
    cut = np.zeros_like(demand, dtype=bool)
    cut[csr.origins] = ~reach
    cut &= demand > 0
    rows, cols = np.nonzero(cut)
    table = pd.DataFrame(
        {
            "origin_zone": rows.astype(np.int64),
            "destination_zone": cols.astype(np.int64),
            "origin_node": problem.zones[rows],
            "destination_node": problem.zones[cols],
            "demand": demand[rows, cols],
        }
    )
    demand[cut] = 0.0
    return demand, table
