"""Exact line search on a convex objective along a direction (bisection on its derivative).

The objective (Beckmann's, with BPR links or capacity-group delays) is convex along any segment,
so its derivative along the segment, ``g(step) = sum(direction * cost(flow + step * direction))``,
is non-decreasing and bisection finds the minimiser to machine precision in 50 halvings.
`exact_step` is that one bisection, for any slope; `optimal_step` feeds it the compiled slope of
BPR links (the TNTP networks), the multiclass state feeds it the slope of its class costs.
"""

from __future__ import annotations

from collections.abc import Callable

import numba
import numpy as np
from numpy.typing import NDArray

from landsea.assignment.performance import BprLinks, link_cost

FloatArray = NDArray[np.float64]
MAX_HALVINGS = 60
STEP_TOLERANCE = 1e-15  # 50 halvings of [0, 1] end below it


def exact_step(slope: Callable[[float], float]) -> float:
    """The step in [0, 1] where the non-decreasing `slope` crosses zero (0 or 1 at the ends).

    `slope(step)` is the objective's derivative along the direction at `step`.
    """
    if slope(0.0) >= 0.0:
        return 0.0
    if slope(1.0) <= 0.0:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(MAX_HALVINGS):
        mid = 0.5 * (low + high)
        if slope(mid) < 0.0:
            low = mid
        else:
            high = mid
        if high - low < STEP_TOLERANCE:
            break
    return 0.5 * (low + high)


def optimal_step(links: BprLinks, flow: FloatArray, direction: FloatArray) -> float:
    """The step in [0, 1] that minimises the Beckmann objective of BPR `links` on
    flow + step * direction."""
    arrays = (flow, direction, links.free_flow_time, links.capacity, links.alpha, links.power)
    return exact_step(lambda step: float(_slope(step, *arrays, links.fixed_cost)))


@numba.njit(cache=True)
def _slope(step, flow, direction, t0, cap, alpha, power, fixed):  # type: ignore[no-untyped-def]
    total = 0.0
    for i in range(flow.shape[0]):
        d = direction[i]
        if d != 0.0:
            total += d * link_cost(flow[i] + step * d, t0[i], cap[i], alpha[i], power[i], fixed[i])
    return total
