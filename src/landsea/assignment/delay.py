"""Delay functions of capacity groups (a border crossing, a terminal, a gauge-change yard).

A group is a set of graph edges that share one capacity (both directions of a crossing share
its lanes). Its delay in hours, on top of the edges' free process time, depends on the group's
flow in capacity units per day (vehicles, trains, vessels, or TEU for yards):

- BPR: ``base_h * alpha * (units / capacity) ** beta`` (Bureau of Public Roads form);
- a delay-curve table (crossing_id, regime, flow_per_day, mean_delay_h, and dataset_dwell_h
  where the table has it), as the simulation exports (`landsea.data.delay_curves`): flow in units
  a day in one direction, mean time at the crossing; what the curve adds is the excess over the
  dataset's normal dwell (mean - dataset_dwell_h, never below 0), since the graph's edge time
  already charges that dwell. Piecewise
  linear between its points, extended beyond the last point with the last slope, so the queue
  keeps growing past the simulated range rather than flattening. A curve applies to each
  direction of its crossing separately.

Both are non-decreasing in flow, so the equilibrium stays a convex problem; `integral` is the
exact integral over TEU, which the Beckmann objective needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from landsea.errors import DataError, Location

FloatArray = NDArray[np.float64]
CURVE_COLUMNS = ("crossing_id", "regime", "flow_per_day", "mean_delay_h")


@dataclass(frozen=True)
class DelayCurve:
    """Mean delay (h) against flow (units per day): sorted points, non-decreasing delays.

    Raises:
        DataError: fewer than two points, flows that do not start at >= 0 and increase, or
            delays that are negative or fall as flow grows.
    """

    flow_per_day: FloatArray
    mean_delay_h: FloatArray

    def __post_init__(self) -> None:
        flows, delays = self.flow_per_day, self.mean_delay_h
        if flows.shape != delays.shape or flows.size < 2:
            raise DataError("a delay curve needs at least two (flow, delay) points")
        if np.any(np.diff(flows) <= 0) or flows[0] < 0:
            raise DataError("delay-curve flows must start at >= 0 and increase")
        if np.any(np.diff(delays) < 0) or delays[0] < 0:
            raise DataError("delay-curve delays must be >= 0 and must not fall as flow grows")

    def delay(self, units: FloatArray) -> FloatArray:
        """Delay (h) at `units` a day: linear between points, the last slope beyond them."""
        flows, delays = self.flow_per_day, self.mean_delay_h
        slope = (delays[-1] - delays[-2]) / (flows[-1] - flows[-2])
        inside = np.interp(units, flows, delays)
        beyond = delays[-1] + slope * (units - flows[-1])
        return np.where(units > flows[-1], beyond, inside)

    def integral(self, units: FloatArray) -> FloatArray:
        """Integral of the delay from 0 to `units` (hours x units per day), exact.

        The delay is linear between knots (0, the curve's flows, and `u` itself), so the
        trapezoid rule over those knots is exact.
        """
        values = np.atleast_1d(np.asarray(units, dtype=np.float64))
        out = np.empty_like(values)
        for i, u in enumerate(values):
            inner = self.flow_per_day[self.flow_per_day < u]
            knots = np.concatenate(([0.0], inner, [u]))
            delays = self.delay(knots)
            out[i] = float(np.sum(np.diff(knots) * (delays[1:] + delays[:-1]) / 2.0))
        return out


def curves_from_table(table: pd.DataFrame, origin: str) -> dict[tuple[str, str], DelayCurve]:
    """Curves by (crossing_id, regime) from a delay-curve table read from `origin`.

    Raises:
        DataError: a missing column, a flow or delay that is not a number >= 0 (naming the
            row and field), or a curve that is not a valid `DelayCurve`.
    """
    missing = [c for c in CURVE_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(
            f"missing column(s) {', '.join(missing)}", Location(origin, field=missing[0])
        )
    for i, row in table.reset_index(drop=True).iterrows():
        for field in ("flow_per_day", "mean_delay_h"):
            value = pd.to_numeric(row[field], errors="coerce")
            if not np.isfinite(value) or value < 0:
                raise DataError(
                    f"{row[field]!r} is not a number >= 0", Location(origin, int(str(i)) + 1, field)
                )
    curves = {}
    for (crossing, regime), group in table.groupby(["crossing_id", "regime"], sort=True):
        ordered = group.sort_values("flow_per_day")
        delay = ordered["mean_delay_h"].to_numpy(np.float64)
        for normal in ("dataset_dwell_h", "free_flow_h"):  # what the graph already charges
            if normal in ordered.columns:
                excess = delay - ordered[normal].to_numpy(np.float64)
                delay = np.maximum.accumulate(np.maximum(excess, 0.0))
                break
        try:
            curves[(str(crossing), str(regime))] = DelayCurve(
                ordered["flow_per_day"].to_numpy(np.float64), delay
            )
        except DataError as err:
            raise DataError(f"{crossing}/{regime}: {err.reason}", Location(origin)) from None
    return curves


@dataclass(frozen=True)
class CapacityGroup:
    """Edges sharing a capacity, with a BPR delay or a delay curve in capacity units per day."""

    name: str
    kind: str  # "crossing", "service" (a scheduled crossing, one way) or "terminal"
    edges: NDArray[np.int64]
    capacity_per_day: float  # designed capacity, in units
    teu_per_unit: float
    base_delay_h: float
    alpha: float = 0.15
    beta: float = 4.0
    curve: DelayCurve | None = None

    def delay_h(self, teu_per_day: FloatArray) -> FloatArray:
        """Delay (h) on top of the free process time at the group's flow in TEU a day."""
        units = np.asarray(teu_per_day, dtype=np.float64) / self.teu_per_unit
        if self.curve is not None:
            return self.curve.delay(units)
        return self.base_delay_h * self.alpha * (units / self.capacity_per_day) ** self.beta

    def slope_h(self, teu_per_day: float) -> float:
        """Derivative of the delay by TEU per day (hours per TEU/day), for conjugate directions."""
        units = teu_per_day / self.teu_per_unit
        if self.curve is not None:
            h = 1e-3 * float(self.curve.flow_per_day[-1])
            low, high = max(units - h, 0.0), units + h
            rise = self.curve.delay(np.array([low, high]))
            return float(rise[1] - rise[0]) / (high - low) / self.teu_per_unit
        if self.beta == 0.0:
            return 0.0
        ratio = units / self.capacity_per_day
        scale = self.base_delay_h * self.alpha * self.beta / self.capacity_per_day
        return scale * ratio ** (self.beta - 1.0) / self.teu_per_unit

    def integral(self, teu_per_day: float) -> float:
        """Integral of the delay over TEU per day from 0 to the given flow (TEU-hours per day)."""
        units = teu_per_day / self.teu_per_unit
        if self.curve is not None:
            return float(self.curve.integral(np.array([units]))[0]) * self.teu_per_unit
        scale = self.base_delay_h * self.alpha / self.capacity_per_day**self.beta
        return scale * units ** (self.beta + 1) / (self.beta + 1) * self.teu_per_unit
