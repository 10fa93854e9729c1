"""KPIs of a crossing run: dwell distribution, queue over time, daily backlog, stage use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from landsea.simulation.hours import OpeningHours
from landsea.simulation.kernel import (
    add_counts_by_hour,
    add_counts_upto,
    is_sorted,
    stage_sums,
)
from landsea.simulation.output_analysis import DEFAULT_BATCHES, batch_means

if TYPE_CHECKING:
    from landsea.simulation.plan import CrossingPlan

# Batch means need a few trucks a batch to be near independent; fewer give no interval at all.
MIN_TRUCKS_FOR_INTERVAL = 2 * DEFAULT_BATCHES


class StageTimes(Protocol):
    """One direction's times per stage and truck (crossing.DirectionRun)."""

    @property
    def direction(self) -> str: ...
    @property
    def arrival_h(self) -> np.ndarray: ...
    @property
    def start_h(self) -> np.ndarray: ...
    @property
    def depart_h(self) -> np.ndarray: ...
    @property
    def service_h(self) -> np.ndarray: ...
    @property
    def hold_h(self) -> np.ndarray: ...


@dataclass(frozen=True)
class DwellSummary:
    """Dwell (arrival to leaving the last stage) of trucks arriving after the warm-up."""

    trucks: int
    dwell_mean_h: float
    dwell_mean_ci95_h: tuple[float, float] | None  # None: too few trucks for batch means
    dwell_p50_h: float
    dwell_p90_h: float
    dwell_p99_h: float
    dwell_max_h: float
    arrivals_per_day: float
    throughput_per_day: float
    designed_per_day: float
    in_system_at_end: int
    kept_dwell_h: np.ndarray = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        """The JSON form (docs/simulation.md); the interval is null when there is none."""
        return {
            "trucks": self.trucks,
            "dwell_mean_h": self.dwell_mean_h,
            "dwell_mean_ci95_h": (
                None if self.dwell_mean_ci95_h is None else list(self.dwell_mean_ci95_h)
            ),
            "dwell_p50_h": self.dwell_p50_h,
            "dwell_p90_h": self.dwell_p90_h,
            "dwell_p99_h": self.dwell_p99_h,
            "dwell_max_h": self.dwell_max_h,
            "arrivals_per_day": self.arrivals_per_day,
            "throughput_per_day": self.throughput_per_day,
            "designed_per_day": self.designed_per_day,
            "throughput_over_design": self.throughput_per_day / self.designed_per_day,
            "in_system_at_end": self.in_system_at_end,
        }


def count_upto(times_h: np.ndarray, grid_h: np.ndarray) -> np.ndarray:
    """How many of `times_h` are <= each of the sorted `grid_h`, without sorting the times."""
    counts = np.zeros(grid_h.shape[0], dtype=np.int64)
    add_counts_upto(counts, times_h, np.asarray(grid_h, dtype=np.float64), 1)
    return counts


def in_system_at(arrival_h: np.ndarray, exit_h: np.ndarray, times_h: np.ndarray) -> np.ndarray:
    """How many have arrived and not yet left at each of the sorted `times_h`."""
    return count_upto(arrival_h, times_h) - count_upto(exit_h, times_h)


def count_by_hour(times_h: np.ndarray, hours: int) -> np.ndarray:
    """How many of `times_h` are <= h for h = 1..hours (times >= 0)."""
    counts = np.zeros(hours, dtype=np.int64)
    add_counts_by_hour(counts, times_h, 1, np.ones(times_h.shape[0]))
    return counts


def summarise(
    arrival_h: np.ndarray, exit_h: np.ndarray, warmup_days: int, days: int, designed: float
) -> DwellSummary:
    """Dwell percentiles, mean with its batch-means interval, throughput, what is left at the end.

    Trucks arriving in the first `warmup_days` are left out; `designed` is what throughput is
    compared with (a day, the directions summarised together).
    """
    # one direction's arrivals come sorted: no sort (the same order numpy's stable sort gives)
    order = (
        np.arange(arrival_h.shape[0])
        if is_sorted(arrival_h)
        else np.argsort(arrival_h, kind="stable")
    )
    arrival, leave = arrival_h[order], exit_h[order]
    kept = arrival >= warmup_days * 24.0
    dwell = (leave - arrival)[kept]
    window_days = days - warmup_days
    interval = None  # too few trucks for batch means: no interval, rather than an infinite one
    if dwell.shape[0] >= MIN_TRUCKS_FOR_INTERVAL:
        estimate = batch_means(dwell)
        interval = (estimate.ci_low, estimate.ci_high)
    horizon = days * 24.0
    left_in_window = np.count_nonzero((leave >= warmup_days * 24.0) & (leave < horizon))
    p50, p90, p99 = (float(v) for v in np.percentile(dwell, [50, 90, 99]))
    return DwellSummary(
        trucks=int(dwell.shape[0]),
        dwell_mean_h=float(dwell.mean()),
        dwell_mean_ci95_h=interval,
        dwell_p50_h=p50,
        dwell_p90_h=p90,
        dwell_p99_h=p99,
        dwell_max_h=float(dwell.max()),
        arrivals_per_day=float(dwell.shape[0] / window_days),
        throughput_per_day=float(left_in_window / window_days),
        designed_per_day=designed,
        in_system_at_end=int(in_system_at(arrival, leave, np.array([horizon]))[0]),
        kept_dwell_h=dwell,
    )


def closing_times(hours: OpeningHours, days: int) -> np.ndarray:
    """The instant each day's gate closes (midnight for a gate that never closes)."""
    day_start = np.arange(days) * 24.0
    if hours.always_open:
        return day_start + 24.0
    overnight = hours.closes_h < hours.opens_h
    return day_start + hours.closes_h + (24.0 if overnight else 0.0)


def daily_table(
    arrival_h: np.ndarray,
    exit_h: np.ndarray,
    days: int,
    hours: OpeningHours,
    designed: float,
    open_late: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row a day: arrivals, departures, trucks left waiting at closing, and late days."""

    def per_day(times_h: np.ndarray) -> np.ndarray:
        day = np.floor(times_h / 24.0).astype(np.int64)
        return np.bincount(day[day < days], minlength=days)

    return pd.DataFrame(
        {
            "day": np.arange(days),
            "arrivals": per_day(arrival_h),
            "departures": per_day(exit_h),
            "left_waiting": in_system_at(arrival_h, exit_h, closing_times(hours, days)),
            "designed_per_day": designed,
            "open_late": np.zeros(days, dtype=np.int64) if open_late is None else open_late,
        }
    )


def hourly_table(runs: Sequence[StageTimes], days: int) -> pd.DataFrame:
    """Trucks in the crossing and trucks waiting (not in service) at the end of each hour."""
    grid = np.arange(1, days * 24 + 1, dtype=np.float64)
    in_system = np.zeros(grid.shape[0], dtype=np.int64)
    in_service = np.zeros(grid.shape[0], dtype=np.int64)
    for run in runs:
        leave = run.depart_h[-1] if run.depart_h.shape[0] else run.arrival_h
        everyone = np.ones(run.arrival_h.shape[0])
        add_counts_by_hour(in_system, run.arrival_h, 1, everyone)
        add_counts_by_hour(in_system, leave, -1, everyone)
        for k in range(run.start_h.shape[0]):
            add_counts_by_hour(in_service, run.start_h[k], 1, run.service_h[k])
            add_counts_by_hour(in_service, run.depart_h[k], -1, run.service_h[k])
    return pd.DataFrame({"time_h": grid, "in_system": in_system, "waiting": in_system - in_service})


def stage_table(plan: CrossingPlan, runs: Sequence[StageTimes], days: int) -> pd.DataFrame:
    """Per direction and stage: servers, work per truck, mean wait, utilisation of open hours."""
    horizon = days * 24.0
    open_server_hours = plan.hours.open_hours_per_day * days
    rows = []
    for run in runs:
        reach = run.arrival_h
        for k, stage in enumerate(plan.stages):
            served, service, wait, busy = stage_sums(
                reach, run.start_h[k], run.service_h[k], run.hold_h[k], horizon
            )
            customers = max(1, run.service_h.shape[1])
            rows.append(
                {
                    "direction": run.direction,
                    "stage": stage.name,
                    "servers": stage.servers,
                    "mean_service_h": service / customers,
                    "served_share": served / customers,
                    "mean_wait_h": wait / served if served else 0.0,
                    "utilisation": busy / (stage.servers * open_server_hours),
                }
            )
            reach = run.depart_h[k]
    return pd.DataFrame(rows)
