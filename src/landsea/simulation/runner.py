"""Running the stages of a crossing plan for each direction: the stage times, no KPIs.

Split from crossing.py so the calibration (service_scale.py) can run plans without the KPIs.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from landsea.errors import SimulationError
from landsea.simulation.arrivals import (
    DEFAULT_HOURLY_WEIGHTS,
    ArrivalProfile,
    SeasonalPeak,
    arrival_times,
)
from landsea.simulation.kernel import Extension, serve_tandem_extending
from landsea.simulation.plan import CrossingPlan, hold_matrix, service_matrix
from landsea.simulation.streams import stream

DIRECTIONS: tuple[str, ...] = ("a_to_b", "b_to_a")


@dataclass(frozen=True)
class CrossingScenario:
    """What arrives: total per day (both directions), the split, and the season."""

    arrivals_per_day: float
    share_a_to_b: float = 0.5
    peak: SeasonalPeak | None = None
    peak_directions: tuple[str, ...] = ("b_to_a",)  # fruit moves north, into place_a's country
    hourly_weights: tuple[float, ...] = DEFAULT_HOURLY_WEIGHTS  # arrivals by hour of the day

    @classmethod
    def from_flows(
        cls,
        a_to_b_per_day: float,
        b_to_a_per_day: float,
        units_per_vehicle: float = 1.0,
        peak: SeasonalPeak | None = None,
    ) -> CrossingScenario:
        """Arrivals from directed flows (an assignment's, in TEU with `units_per_vehicle` = 2
        for trucks carrying one FEU), converted to the crossing's unit.

        Raises:
            SimulationError: a negative flow, units per vehicle not positive, or no flow at all.
        """
        if units_per_vehicle <= 0 or min(a_to_b_per_day, b_to_a_per_day) < 0:
            raise SimulationError("flows must be >= 0 and units per vehicle positive")
        total = (a_to_b_per_day + b_to_a_per_day) / units_per_vehicle
        if total <= 0:
            raise SimulationError("no flow in either direction: nothing to simulate")
        return cls(total, a_to_b_per_day / units_per_vehicle / total, peak)

    def profile(self, direction: str) -> ArrivalProfile:
        """The arrival profile of one direction: its share of the rate, season and hours."""
        share = self.share_a_to_b if direction == "a_to_b" else 1.0 - self.share_a_to_b
        peak = self.peak if direction in self.peak_directions else None
        return ArrivalProfile(self.arrivals_per_day * share, self.hourly_weights, peak)


@dataclass(frozen=True)
class DirectionRun:
    """One direction's trucks through every stage: arrival, start, departure, service, hold."""

    direction: str
    arrival_h: np.ndarray
    start_h: np.ndarray  # stages x trucks
    depart_h: np.ndarray
    service_h: np.ndarray
    late_days: np.ndarray  # per day, 1 when the first stage worked past its normal closing
    hold_h: np.ndarray  # how long each truck held its server (its service, or a path headway)

    @property
    def exit_h(self) -> np.ndarray:
        """When each truck leaves the last stage (its departure there)."""
        return self.depart_h[-1] if self.depart_h.shape[0] else self.arrival_h


def _run_direction(
    plan: CrossingPlan, scenario: CrossingScenario, direction: str, days: int, seed: int
) -> DirectionRun:
    profile = scenario.profile(direction)
    arrival = arrival_times(profile, days, stream(seed, f"arrivals/{direction}"))
    names = [f"{kind}/{stage.name}" for stage in plan.stages for kind in ("service", "channel")]
    rngs = {name: stream(seed, f"{name}/{direction}") for name in names}
    extra_red = None if profile.peak is None else profile.peak.extra_red_on(arrival / 24.0)
    service = service_matrix(plan, arrival.shape[0], rngs, extra_red)
    hold = hold_matrix(plan, service)
    opens, closes = plan.hours.kernel_window()
    count = len(plan.stages)
    extension = None
    if plan.late_closes_h is not None:
        extension = Extension(
            np.full(count, plan.late_closes_h), np.full(count, plan.late_at_queue)
        )
    start, depart, late = serve_tandem_extending(
        arrival,
        service,
        np.array([stage.servers for stage in plan.stages], dtype=np.int64),
        np.full(count, opens),
        np.full(count, closes),
        extension,
        hold,
    )
    late_days = late[0] if late else np.zeros(0, dtype=np.int8)
    held = service if hold is None else hold
    return DirectionRun(direction, arrival, start, depart, service, late_days, held)


def late_days_of(runs: tuple[DirectionRun, ...], days: int) -> np.ndarray:
    """1 on days when the gate worked late in either direction."""
    late = np.zeros(days, dtype=np.int64)
    for run in runs:
        worked = run.late_days[:days] == 1
        late[: worked.shape[0]] |= worked
    return late


def simulate_directions(
    plan: CrossingPlan, scenario: CrossingScenario, days: int, seed: int
) -> tuple[DirectionRun, ...]:
    """Stage times of every truck, both directions (no KPIs: what the benchmark times alone)."""
    # the directions are independent and the kernels release the GIL: one thread each, from
    # a pool kept for the process (a loop simulates ~100 crossings a sample; starting two
    # threads for each cost more than a small crossing's simulation)
    runs = _pool().map(lambda d: _run_direction(plan, scenario, d, days, seed), DIRECTIONS)
    return tuple(runs)


_POOL: list[ThreadPoolExecutor] = []
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The process's pool of one thread per direction, started on first use."""
    with _POOL_LOCK:
        if not _POOL:
            _POOL.append(ThreadPoolExecutor(len(DIRECTIONS), thread_name_prefix="landsea-sim"))
        return _POOL[0]


def _forget_pool_in_child() -> None:
    # a forked child inherits the pool object but not its threads: start a fresh one on demand
    global _POOL_LOCK
    _POOL.clear()
    _POOL_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_in_child)
