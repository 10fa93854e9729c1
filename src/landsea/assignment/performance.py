"""Link performance functions: BPR travel time, its derivative and its Beckmann integral.

Cost of a link at flow x: ``t0 * (1 + alpha * (x / capacity) ** power) + fixed``, where ``fixed`` is
the flow-independent part of the generalized cost (toll and distance weights). ``power == 0``
means a constant time ``t0 * (1 + alpha)`` (the TNTP convention), and ``alpha == 0`` a constant
time ``t0``. The kernels are numba loops because every algorithm evaluates them thousands of
times per second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

from landsea.errors import DataError

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class BprLinks:
    """BPR parameters per link (one entry per link, all float64).

    Raises:
        DataError: arrays of different lengths, or a parameter out of range (naming the link).
    """

    free_flow_time: FloatArray
    capacity: FloatArray
    alpha: FloatArray
    power: FloatArray
    fixed_cost: FloatArray

    def __post_init__(self) -> None:
        sizes = {a.shape for a in self._arrays()}
        if len(sizes) != 1:
            raise DataError(f"BPR arrays differ in length: {sorted(sizes)}")
        _check_bpr(self)

    def _arrays(self) -> tuple[FloatArray, ...]:
        return (self.free_flow_time, self.capacity, self.alpha, self.power, self.fixed_cost)

    @property
    def size(self) -> int:
        """The number of links."""
        return int(self.free_flow_time.shape[0])

    def take(self, order: NDArray[np.int64]) -> BprLinks:
        """The same links in another order (e.g. the CSR order of the kernels)."""
        return BprLinks(*(np.ascontiguousarray(a[order]) for a in self._arrays()))

    def cost(self, flow: FloatArray) -> FloatArray:
        """Every link's cost at `flow`."""
        out = np.empty_like(flow)
        bpr_cost(
            flow, self.free_flow_time, self.capacity, self.alpha, self.power, self.fixed_cost, out
        )
        return out

    def derivative(self, flow: FloatArray) -> FloatArray:
        """Every link's d cost / d flow at `flow`."""
        out = np.empty_like(flow)
        bpr_derivative(flow, self.free_flow_time, self.capacity, self.alpha, self.power, out)
        return out

    def integral(self, flow: FloatArray) -> float:
        """The Beckmann objective: the sum over links of the integral of cost from 0 to flow."""
        return float(
            bpr_integral(
                flow, self.free_flow_time, self.capacity, self.alpha, self.power, self.fixed_cost
            )
        )


def _check_bpr(links: BprLinks) -> None:
    names = ("free_flow_time", "capacity", "alpha", "power", "fixed_cost")
    for name, values in zip(names, links._arrays(), strict=True):
        bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
        if bad.size:
            i = int(bad[0])
            raise DataError(f"link {i}: {name} must be finite and >= 0, got {values[i]}")
    congestible = (links.alpha > 0) & (links.power > 0) & (links.free_flow_time > 0)
    bad = np.flatnonzero(congestible & (links.capacity <= 0))
    if bad.size:
        i = int(bad[0])
        raise DataError(f"link {i}: capacity must be > 0 on a link whose time depends on flow")


@numba.njit(cache=True, inline="always")
def link_cost(x: float, t0: float, cap: float, alpha: float, power: float, fixed: float) -> float:
    """One link's cost at flow `x` (compiled; the conventions of the module docstring)."""
    if power == 0.0:
        return t0 * (1.0 + alpha) + fixed
    if alpha == 0.0 or t0 == 0.0 or x <= 0.0:
        return t0 + fixed
    return t0 * (1.0 + alpha * (x / cap) ** power) + fixed


@numba.njit(cache=True, inline="always")
def link_derivative(x: float, t0: float, cap: float, alpha: float, power: float) -> float:
    """One link's d cost / d flow at flow `x` (compiled)."""
    if power == 0.0 or alpha == 0.0 or t0 == 0.0:
        return 0.0
    if x <= 0.0:
        return t0 * alpha / cap if power == 1.0 else 0.0
    return t0 * alpha * power * (x / cap) ** (power - 1.0) / cap


@numba.njit(cache=True, inline="always")
def link_integral(
    x: float, t0: float, cap: float, alpha: float, power: float, fixed: float
) -> float:
    """One link's cost integrated from 0 to `x` (its Beckmann term; compiled)."""
    if power == 0.0:
        return (t0 * (1.0 + alpha) + fixed) * x
    if alpha == 0.0 or t0 == 0.0 or x <= 0.0:
        return (t0 + fixed) * x
    return (t0 + fixed) * x + t0 * alpha * cap / (power + 1.0) * (x / cap) ** (power + 1.0)


@numba.njit(cache=True)
def bpr_cost(flow, t0, cap, alpha, power, fixed, out):  # type: ignore[no-untyped-def]
    """Every link's cost at `flow`, into `out` (compiled)."""
    for i in range(flow.shape[0]):
        out[i] = link_cost(flow[i], t0[i], cap[i], alpha[i], power[i], fixed[i])


@numba.njit(cache=True)
def bpr_derivative(flow, t0, cap, alpha, power, out):  # type: ignore[no-untyped-def]
    """Every link's d cost / d flow at `flow`, into `out` (compiled)."""
    for i in range(flow.shape[0]):
        out[i] = link_derivative(flow[i], t0[i], cap[i], alpha[i], power[i])


@numba.njit(cache=True)
def bpr_integral(flow, t0, cap, alpha, power, fixed):  # type: ignore[no-untyped-def]
    """The Beckmann objective: the sum of the links' cost integrals (compiled)."""
    total = 0.0
    for i in range(flow.shape[0]):
        total += link_integral(flow[i], t0[i], cap[i], alpha[i], power[i], fixed[i])
    return total
