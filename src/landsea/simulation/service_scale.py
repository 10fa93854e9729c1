"""Calibrating the work per truck so that normal traffic sees the dataset's normal dwell.

The dataset's process time per regime is the dwell at the crossing in normal conditions,
"queueing beyond the normal" excluded (SCHEMA.md): normal queueing, and the nights a gate is
shut, are inside it. The simulation models those explicitly, so the work per truck must be less
than that dwell. `service_scale(spec)` finds, by bisection, the share `s` of the dataset's
process time that is work such that the standard regime, at the crossing's normal traffic
(observed, or half the capacity where nothing is observed, capped at 80% of capacity; steady,
no season), has a mean dwell equal to the dataset's standard mean. The other regimes keep the
same `s` (their dataset means already carry their own ratio to the standard), and scenarios
that change hours or capacity keep the baseline's `s`: recalibrating them would undo the
change being tested.

Where even `s = MIN_SCALE` leaves the simulated dwell above the dataset's (a gate shut so long
that the night alone takes longer), `s` stays at MIN_SCALE; where `s = 1` stays below it (a
crossing open round the clock at light traffic), `s` is 1 and the simulation says the dataset's
figure cannot be matched without more work than it states.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from landsea.simulation.plan import plan_crossing
from landsea.simulation.runner import CrossingScenario, simulate_directions
from landsea.simulation.spec import CrossingSpec

CALIBRATION_DAYS = 28
CALIBRATION_WARMUP_DAYS = 4
CALIBRATION_SEED = 20_240_615
CALIBRATION_LOAD_CAP = 0.8  # of capacity: normal traffic, not a queue past capacity
MIN_SCALE = 0.05
ITERATIONS = 12


def calibration_flow(spec: CrossingSpec) -> float:
    """The normal traffic the calibration runs at (both directions, a day)."""
    return min(spec.typical_arrivals_per_day, CALIBRATION_LOAD_CAP * spec.capacity_per_day)


def simulated_dwell_h(spec: CrossingSpec, scale: float) -> float:
    """Mean dwell of the standard regime at normal traffic with work = scale x process time."""
    plan = plan_crossing(replace(spec, service_scale=scale), "standard")
    runs = simulate_directions(
        plan, CrossingScenario(calibration_flow(spec)), CALIBRATION_DAYS, CALIBRATION_SEED
    )
    kept = [
        (run.exit_h - run.arrival_h)[run.arrival_h >= CALIBRATION_WARMUP_DAYS * 24.0]
        for run in runs
    ]
    return float(np.concatenate(kept).mean())


def _bisect(spec: CrossingSpec) -> float:
    target = spec.process["standard"].mean_h
    low, high = MIN_SCALE, 1.0
    if simulated_dwell_h(spec, high) <= target:
        return high
    if simulated_dwell_h(spec, low) >= target:
        return low
    for _ in range(ITERATIONS):
        middle = (low + high) / 2.0
        if simulated_dwell_h(spec, middle) > target:
            high = middle
        else:
            low = middle
    return (low + high) / 2.0


def _key(spec: CrossingSpec) -> tuple[object, ...]:
    process = tuple(sorted((r, (p.min_h, p.mode_h, p.max_h)) for r, p in spec.process.items()))
    return (
        spec.crossing_id,
        spec.mode,
        spec.capacity_per_day,
        spec.observed_per_day,
        spec.hours,
        spec.extended_hours,
        process,
    )


_SCALES: dict[tuple[object, ...], float] = {}


def service_scale(spec: CrossingSpec) -> float:
    """The calibrated share of the dataset's process time that is work (cached per crossing)."""
    key = _key(spec)
    if key not in _SCALES:
        _SCALES[key] = _bisect(spec)
    return _SCALES[key]


def calibrated(spec: CrossingSpec) -> CrossingSpec:
    """`spec` with its service scale, calibrated now unless it already has one."""
    if spec.service_scale is not None:
        return spec
    return replace(spec, service_scale=service_scale(spec))
