"""Delay curves: simulated time at a crossing as a function of daily flow, per regime.

Each point runs `days` days at a steady flow (no seasonal peak, even split by direction) with
the same seed, so neighbouring points share their random numbers. Flows are fractions of what
one direction clears a day under the regime at its bottleneck stage
(`CrossingPlan.capacity_per_direction`), so every curve covers its knee whatever the size of
the crossing. Up to capacity the points are close to steady state; beyond it no steady state
exists and the figure is that of a queue building for `days` days, which is what a planner
wants an assignment to fear. The exported curve is the running maximum along flow, so it never
falls (sampling noise at low flow could make it dip), as a delay function must.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from landsea.errors import SimulationError
from landsea.regimes import regime_names
from landsea.simulation.crossing import CrossingScenario, simulate_crossing
from landsea.simulation.plan import check_regime, plan_crossing
from landsea.simulation.service_scale import calibrated
from landsea.simulation.spec import CrossingSpec

DEFAULT_LOADS: tuple[float, ...] = (0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.25)
DEFAULT_DAYS = 56


def _source(days: int, warmup_days: int, seed: int) -> str:
    return (
        f"simulated: landsea.simulation, {days} days a point ({warmup_days} warm-up), seed {seed}, "
        "steady flow split evenly by direction, no seasonal peak; running maximum along flow; "
        "calibration in docs/simulation.md"
    )


def delay_curve(
    spec: CrossingSpec,
    regime: str,
    loads: Iterable[float] = DEFAULT_LOADS,
    days: int = DEFAULT_DAYS,
    seed: int = 0,
) -> pd.DataFrame:
    """One crossing's curve under one regime: a row per load (a fraction of capacity).

    Raises:
        SimulationError: an unknown regime, no load or a load <= 0, or a run out of range.
    """
    check_regime(regime)
    fractions = sorted(set(loads))
    if not fractions or fractions[0] <= 0:
        raise SimulationError("loads must be positive fractions of capacity")
    warmup = max(1, days // 8)
    spec = calibrated(spec)
    capacity = plan_crossing(spec, regime).capacity_per_direction
    rows = []
    for fraction in fractions:
        flow = fraction * capacity
        run = simulate_crossing(spec, regime, days, CrossingScenario(2.0 * flow), seed, warmup)
        rows.append((flow, run.summary.dwell_mean_h, run.summary.dwell_p90_h))
    flows, means, p90s = (np.array(column) for column in zip(*rows, strict=True))
    return pd.DataFrame(
        {
            "crossing_id": spec.crossing_id,
            "regime": regime,
            "flow_per_day": flows,
            "flow_unit": spec.capacity_unit,
            "capacity_per_day": capacity,
            "mean_delay_h": np.maximum.accumulate(means),
            "p90_delay_h": np.maximum.accumulate(p90s),
            "dataset_dwell_h": spec.process[regime].mean_h,
            "days": days,
            "seed": seed,
            "source": _source(days, warmup, seed),
        }
    )


def delay_curves(
    specs: Mapping[str, CrossingSpec],
    regimes: Iterable[str] | None = None,
    loads: Iterable[float] = DEFAULT_LOADS,
    days: int = DEFAULT_DAYS,
    seed: int = 0,
) -> pd.DataFrame:
    """Curves for every crossing and regime (default: every registered regime), in one long
    table (see data/delay_curves.py).

    Raises:
        SimulationError: no crossing or no regime to make curves for, an unknown regime, or
            loads, days or a seed out of range (from `delay_curve`).
    """
    chosen, points = tuple(regime_names() if regimes is None else regimes), tuple(loads)
    frames = [
        delay_curve(spec, regime, points, days, seed)
        for spec in specs.values()
        for regime in chosen
    ]
    if not frames:
        raise SimulationError("no crossing or no regime to make curves for")
    return pd.concat(frames, ignore_index=True)
