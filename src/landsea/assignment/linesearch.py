"""Exact line search on the Beckmann objective along a direction (bisection on its derivative).

The objective is convex along any segment, so its derivative along the segment,
``g(step) = sum(direction * cost(flow + step * direction))``, is non-decreasing and bisection
finds the minimiser to machine precision in about 50 halvings of 3,000-link arrays.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

from landsea.assignment.performance import BprLinks, link_cost

FloatArray = NDArray[np.float64]


def optimal_step(links: BprLinks, flow: FloatArray, direction: FloatArray) -> float:
    """The step in [0, 1] that minimises the objective on flow + step * direction."""
    return float(
        _bisect(
            flow,
            direction,
            links.free_flow_time,
            links.capacity,
            links.alpha,
            links.power,
            links.fixed_cost,
        )
    )


@numba.njit(cache=True)
def _slope(step, flow, direction, t0, cap, alpha, power, fixed):  # type: ignore[no-untyped-def]
    total = 0.0
    for i in range(flow.shape[0]):
        d = direction[i]
        if d != 0.0:
            total += d * link_cost(flow[i] + step * d, t0[i], cap[i], alpha[i], power[i], fixed[i])
    return total


@numba.njit(cache=True)
def _bisect(flow, direction, t0, cap, alpha, power, fixed):  # type: ignore[no-untyped-def]
    if _slope(0.0, flow, direction, t0, cap, alpha, power, fixed) >= 0.0:
        return 0.0
    if _slope(1.0, flow, direction, t0, cap, alpha, power, fixed) <= 0.0:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(60):
        mid = 0.5 * (low + high)
        if _slope(mid, flow, direction, t0, cap, alpha, power, fixed) < 0.0:
            low = mid
        else:
            high = mid
        if high - low < 1e-15:
            break
    return 0.5 * (low + high)
