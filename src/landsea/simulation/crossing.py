"""Simulate a border crossing: both directions, every stage, over D days; KPIs in DataFrames.

>>> run = simulate_crossing(spec, "standard", days=30, scenario=CrossingScenario(1350), seed=1)
>>> run.summary.dwell_p90_h, run.daily["left_waiting"].max()  # doctest: +SKIP
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsea.errors import SimulationError
from landsea.simulation.arrivals import ArrivalProfile, SeasonalPeak, arrival_times
from landsea.simulation.kernel import Extension, serve_tandem_extending
from landsea.simulation.kpis import DwellSummary, daily_table, hourly_table, stage_table, summarise
from landsea.simulation.plan import CrossingPlan, hold_matrix, plan_crossing, service_matrix
from landsea.simulation.spec import CrossingSpec
from landsea.simulation.streams import stream

DIRECTIONS: tuple[str, ...] = ("a_to_b", "b_to_a")
MAX_DAYS = 3_660
MAX_TRUCKS = 20_000_000  # about 2 GB of stage times at six stages; more is a mistake, not a study


@dataclass(frozen=True)
class CrossingScenario:
    """What arrives: total per day (both directions), the split, and the season."""

    arrivals_per_day: float
    share_a_to_b: float = 0.5
    peak: SeasonalPeak | None = None
    peak_directions: tuple[str, ...] = ("b_to_a",)  # fruit moves north, into place_a's country

    @classmethod
    def from_flows(
        cls, a_to_b_per_day: float, b_to_a_per_day: float, units_per_vehicle: float = 1.0,
        peak: SeasonalPeak | None = None,
    ) -> CrossingScenario:  # fmt: skip
        """Arrivals from directed flows (an assignment's, in TEU with `units_per_vehicle` = 2
        for trucks carrying one FEU), converted to the crossing's unit."""
        if units_per_vehicle <= 0 or min(a_to_b_per_day, b_to_a_per_day) < 0:
            raise SimulationError("flows must be >= 0 and units per vehicle positive")
        total = (a_to_b_per_day + b_to_a_per_day) / units_per_vehicle
        if total <= 0:
            raise SimulationError("no flow in either direction: nothing to simulate")
        return cls(total, a_to_b_per_day / units_per_vehicle / total, peak)

    def profile(self, direction: str) -> ArrivalProfile:
        share = self.share_a_to_b if direction == "a_to_b" else 1.0 - self.share_a_to_b
        peak = self.peak if direction in self.peak_directions else None
        return ArrivalProfile(self.arrivals_per_day * share, peak=peak)


@dataclass(frozen=True)
class DirectionRun:
    direction: str
    arrival_h: np.ndarray
    start_h: np.ndarray  # stages x trucks
    depart_h: np.ndarray
    service_h: np.ndarray
    late_days: np.ndarray  # per day, 1 when the first stage worked past its normal closing
    hold_h: np.ndarray  # how long each truck held its server (its service, or a path headway)

    @property
    def exit_h(self) -> np.ndarray:
        return self.depart_h[-1] if self.depart_h.shape[0] else self.arrival_h


@dataclass(frozen=True)
class CrossingRun:
    """One simulated run; tables carry units in their column names."""

    plan: CrossingPlan
    days: int
    warmup_days: int
    seed: int
    scenario: CrossingScenario
    directions: tuple[DirectionRun, ...]
    summary: DwellSummary
    daily: pd.DataFrame  # day, arrivals, departures, left_waiting, designed_per_day
    hourly: pd.DataFrame  # time_h, in_system, waiting
    stages: pd.DataFrame  # direction, stage, servers, mean_service_h, mean_wait_h, utilisation

    def dwell_h(self) -> np.ndarray:
        """Dwell of the trucks kept for statistics (arrived after the warm-up), arrival order."""
        return self.summary.kept_dwell_h

    def by_direction(self) -> dict[str, DwellSummary]:
        """The summary of each direction alone (the fruit goes north, the empties south)."""
        designed = self.plan.spec.design_reference_per_day / 2.0
        return {
            run.direction: summarise(
                run.arrival_h, run.exit_h, self.warmup_days, self.days, designed
            )
            for run in self.directions
            if run.arrival_h.shape[0] > 0
        }


def check_run(days: int, warmup_days: int, arrivals_per_day: float) -> None:
    if not 1 <= days <= MAX_DAYS:
        raise SimulationError(f"days must be between 1 and {MAX_DAYS}, got {days}")
    if not 0 <= warmup_days < days:
        raise SimulationError(f"warm-up of {warmup_days} days must be shorter than {days} days")
    if not (np.isfinite(arrivals_per_day) and arrivals_per_day > 0):
        raise SimulationError(f"arrivals per day must be positive, got {arrivals_per_day}")
    if arrivals_per_day * days > MAX_TRUCKS:
        raise SimulationError(
            f"{arrivals_per_day:g} arrivals a day for {days} days is more than "
            f"{MAX_TRUCKS:,} trucks: shorten the run or check the rate"
        )


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


def _late_days(runs: tuple[DirectionRun, ...], days: int) -> np.ndarray:
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
    # the directions are independent and the kernels release the GIL: one thread each
    with ThreadPoolExecutor(max_workers=len(DIRECTIONS)) as pool:
        return tuple(pool.map(lambda d: _run_direction(plan, scenario, d, days, seed), DIRECTIONS))


def simulate_crossing(
    spec: CrossingSpec,
    regime: str,
    days: int,
    scenario: CrossingScenario,
    seed: int = 0,
    warmup_days: int | None = None,
    extended_hours: bool = False,
    extend_at_queue: float | None = None,
) -> CrossingRun:
    """Run `days` days of arrivals through the regime's stages, both directions.

    Gates with a later closing in the dataset work late on congested days (plan_crossing)."""
    warmup = max(0, days // 10) if warmup_days is None else warmup_days
    check_run(days, warmup, scenario.arrivals_per_day)
    if not 0.0 <= scenario.share_a_to_b <= 1.0:
        raise SimulationError(f"direction share must lie in [0, 1], got {scenario.share_a_to_b}")
    plan = plan_crossing(spec, regime, extended_hours, extend_at_queue)
    runs = simulate_directions(plan, scenario, days, seed)
    arrival = np.concatenate([r.arrival_h for r in runs])
    exit_h = np.concatenate([r.exit_h for r in runs])
    if arrival.shape[0] == 0:
        raise SimulationError("no truck arrived in the run: raise the arrivals or the days")
    return CrossingRun(
        plan=plan,
        days=days,
        warmup_days=warmup,
        seed=seed,
        scenario=scenario,
        directions=runs,
        summary=summarise(arrival, exit_h, warmup, days, spec.design_reference_per_day),
        daily=daily_table(
            arrival, exit_h, days, plan.hours, spec.design_reference_per_day, _late_days(runs, days)
        ),
        hourly=hourly_table(runs, days),
        stages=stage_table(plan, runs, days),
    )
