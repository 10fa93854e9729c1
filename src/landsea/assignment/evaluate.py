"""Judge any link flow vector (ours or another tool's) by the same standard measures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landsea.assignment.problem import Problem
from landsea.assignment.run import Run
from landsea.errors import DataError


@dataclass(frozen=True)
class FlowEvaluation:
    """Relative gap (TSTT - SPTT) / TSTT, TSTT, SPTT and the Beckmann objective of a flow."""

    relative_gap: float
    tstt: float
    sptt: float
    objective: float


def evaluate_flows(problem: Problem, flow: NDArray[np.float64]) -> FlowEvaluation:
    """Measures of `flow` (one value per link, in the problem's link order).

    This is how the benchmark recomputes every solver's gap in the standard form, whatever
    gap the solver itself reported.

    Raises:
        DataError: `flow` is not one finite value per link.
    """
    values = np.asarray(flow, dtype=np.float64)
    if values.shape != (problem.n_links,) or not np.isfinite(values).all():
        raise DataError(f"expected {problem.n_links} finite link flows, got shape {values.shape}")
    csr_flow = np.ascontiguousarray(values[problem.csr.order])
    measure = Run(problem).measure(csr_flow)
    return FlowEvaluation(
        relative_gap=measure.gap,
        tstt=measure.tstt,
        sptt=measure.sptt,
        objective=problem.csr.links.integral(csr_flow),
    )
