"""Simulate a border crossing: both directions, every stage, over D days; KPIs in DataFrames.

>>> run = simulate_crossing(spec, "standard", days=30, scenario=CrossingScenario(1350), seed=1)
>>> run.summary.dwell_p90_h, run.daily["left_waiting"].max()  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from landsea.errors import SimulationError
from landsea.simulation.kpis import DwellSummary, daily_table, hourly_table, stage_table, summarise
from landsea.simulation.plan import CrossingPlan, plan_crossing
from landsea.simulation.runner import (
    DIRECTIONS,
    CrossingScenario,
    DirectionRun,
    late_days_of,
    simulate_directions,
)
from landsea.simulation.service_scale import calibrated
from landsea.simulation.spec import CrossingSpec

__all__ = ["DIRECTIONS", "CrossingRun", "CrossingScenario", "DirectionRun", "simulate_crossing"]
MAX_DAYS = 3_660
MAX_TRUCKS = 20_000_000  # about 2 GB of stage times at six stages; more is a mistake, not a study


@dataclass(frozen=True)
class CrossingRun:
    """One simulated run; tables carry units in their column names.

    The summary and the tables are made when first asked for, then kept: the
    simulation-assignment loop reads only `by_direction` of most runs (issue 9 performance).
    """

    plan: CrossingPlan
    days: int
    warmup_days: int
    seed: int
    scenario: CrossingScenario
    directions: tuple[DirectionRun, ...]

    @cached_property
    def summary(self) -> DwellSummary:
        """Both directions together, trucks arriving after the warm-up."""
        arrival, exit_h = self._arrival_exit
        designed = self.plan.spec.design_reference_per_day
        return summarise(arrival, exit_h, self.warmup_days, self.days, designed)

    @cached_property
    def daily(self) -> pd.DataFrame:
        """day, arrivals, departures, left_waiting, designed_per_day, open_late."""
        arrival, exit_h = self._arrival_exit
        designed = self.plan.spec.design_reference_per_day
        late_days = late_days_of(self.directions, self.days)
        return daily_table(arrival, exit_h, self.days, self.plan.hours, designed, late_days)

    @cached_property
    def hourly(self) -> pd.DataFrame:
        """time_h, in_system, waiting."""
        return hourly_table(self.directions, self.days)

    @cached_property
    def stages(self) -> pd.DataFrame:
        """direction, stage, servers, mean_service_h, mean_wait_h, utilisation."""
        return stage_table(self.plan, self.directions, self.days)

    @cached_property
    def _arrival_exit(self) -> tuple[np.ndarray, np.ndarray]:
        arrival = np.concatenate([r.arrival_h for r in self.directions])
        exit_h = np.concatenate([r.exit_h for r in self.directions])
        return arrival, exit_h

    def dwell_h(self) -> np.ndarray:
        """Dwell of the trucks kept for statistics (arrived after the warm-up), arrival order."""
        return self.summary.kept_dwell_h

    @cached_property
    def _by_direction(self) -> dict[str, DwellSummary]:
        designed = self.plan.spec.design_reference_per_day / 2.0
        return {
            run.direction: summarise(
                run.arrival_h, run.exit_h, self.warmup_days, self.days, designed
            )
            for run in self.directions
            if run.arrival_h.shape[0] > 0
        }

    def by_direction(self) -> dict[str, DwellSummary]:
        """The summary of each direction alone (the fruit goes north, the empties south)."""
        return self._by_direction


def check_run(days: int, warmup_days: int, arrivals_per_day: float) -> None:
    """Refuse a run that is empty, all warm-up, or too large to hold in memory, saying why.

    Raises:
        SimulationError: days out of 1..MAX_DAYS, a warm-up not shorter than the run,
            arrivals per day not positive, or more than MAX_TRUCKS trucks in all.
    """
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

    The work per truck is calibrated first unless `spec` carries it (service_scale.py); gates
    with a later closing in the dataset work late on congested days (plan_crossing).

    Raises:
        SimulationError: a run out of range (check_run), a direction share outside [0, 1],
            an unknown regime or one the crossing has no data for, a later closing the
            crossing does not have, a negative seed, or no truck arriving at all.
    """
    warmup = max(0, days // 10) if warmup_days is None else warmup_days
    check_run(days, warmup, scenario.arrivals_per_day)
    if not 0.0 <= scenario.share_a_to_b <= 1.0:
        raise SimulationError(f"direction share must lie in [0, 1], got {scenario.share_a_to_b}")
    plan = plan_crossing(calibrated(spec), regime, extended_hours, extend_at_queue)
    runs = simulate_directions(plan, scenario, days, seed)
    return _collect(plan, scenario, runs, days, warmup, seed)


def _collect(
    plan: CrossingPlan,
    scenario: CrossingScenario,
    runs: tuple[DirectionRun, ...],
    days: int,
    warmup: int,
    seed: int,
) -> CrossingRun:
    """Both directions' trucks as one run (its summary and tables made when asked for)."""
    if sum(r.arrival_h.shape[0] for r in runs) == 0:
        raise SimulationError("no truck arrived in the run: raise the arrivals or the days")
    return CrossingRun(plan, days, warmup, seed, scenario, runs)
