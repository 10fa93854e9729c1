"""Terminals and gauge-change yards: trains (or vessels) arrive in batches, take a track (or
berth), cranes lift their containers off one by one, and each container leaves on the next
outbound departure on the other side that has room.

    >>> run = simulate_yard(vientiane_south, trains_per_day=3.0, days=60, seed=1)
    >>> run.summary["dwell_p90_h"]  # doctest: +SKIP

Servers are the tracks (berths); a train holds its track from setup to its last lift. Cranes
work a train together, container j on crane j mod cranes, so containers are released while the
train is still being worked. The outbound side is a batch service: departures every
24 / outbound_per_day hours from `first_departure_h`, each taking `outbound_teu` containers in
the order they were released (kernel.scheduled_departures).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landsea.errors import SimulationError
from landsea.simulation.arrivals import ArrivalProfile, arrival_times
from landsea.simulation.hours import ALWAYS_OPEN, OpeningHours
from landsea.simulation.kernel import scheduled_departures, serve_tandem
from landsea.simulation.kpis import count_upto
from landsea.simulation.output_analysis import DEFAULT_BATCHES, batch_means
from landsea.simulation.streams import stream

FLAT_DAY: tuple[float, ...] = (1.0,) * 24


@dataclass(frozen=True)
class YardSpec:
    """A yard's resources. Times in hours; capacities in TEU (a container = 1 TEU here)."""

    name: str
    tracks: int = 1
    cranes: int = 2
    lift_h: float = 0.05  # both lifts of one box (off one train, onto the other), per crane
    setup_h: float = 1.0  # shunting in and out, brake test, per train
    inbound_teu: int = 50
    outbound_per_day: float = 2.0
    outbound_teu: int = 50
    first_departure_h: float = 6.0
    hours: OpeningHours = ALWAYS_OPEN
    source: str = "estimate"

    def check(self) -> None:
        """Refuse resources that cannot run, saying which.

        Raises:
            SimulationError: a count below 1, a rate or time not positive, a negative setup.
        """
        counts = {
            "tracks": self.tracks,
            "cranes": self.cranes,
            "inbound_teu": self.inbound_teu,
            "outbound_teu": self.outbound_teu,
        }
        for name, value in counts.items():
            if value < 1:
                raise SimulationError(f"{name} must be at least 1, got {value}")
        for name, number in {
            "lift_h": self.lift_h,
            "outbound_per_day": self.outbound_per_day,
        }.items():
            if not number > 0:
                raise SimulationError(f"{name} must be positive, got {number}")
        if self.setup_h < 0:
            raise SimulationError(f"setup_h must not be negative, got {self.setup_h}")

    @property
    def outbound_teu_per_day(self) -> float:
        """TEU the departures on the far side can take a day."""
        return self.outbound_per_day * self.outbound_teu

    @property
    def track_teu_per_day(self) -> float:
        """TEU the tracks (or berths) can turn a day, cranes and setup included."""
        per_train = self.setup_h + self.inbound_teu / self.cranes * self.lift_h
        return self.tracks * 24.0 / per_train * self.inbound_teu


@dataclass(frozen=True)
class YardRun:
    """One simulated terminal run: trains and containers, their times, summary and daily table."""

    spec: YardSpec
    days: int
    warmup_days: int
    seed: int
    trains_per_day: float
    train_arrival_h: np.ndarray
    train_start_h: np.ndarray
    train_depart_h: np.ndarray
    container_arrival_h: np.ndarray
    container_release_h: np.ndarray
    container_leave_h: np.ndarray
    summary: dict[str, float]
    daily: pd.DataFrame  # day, trains, containers_in, containers_out, in_yard_at_midnight


def _lift_times(spec: YardSpec, trains: int, rng: np.random.Generator) -> np.ndarray:
    """Per train and container, the lift time (triangular 0.7-1-1.6 around the mean)."""
    shape = (trains, spec.inbound_teu)
    return rng.triangular(0.7, 1.0, 1.6, shape) * (spec.lift_h / 1.1)


def _release_offsets(lifts: np.ndarray, cranes: int) -> tuple[np.ndarray, np.ndarray]:
    """(offset of each container's release from the start of lifting, lifting time per train)."""
    trains, teu = lifts.shape
    per_crane = -(-teu // cranes)
    padded = np.zeros((trains, per_crane * cranes))
    padded[:, :teu] = lifts
    by_crane = padded.reshape(trains, per_crane, cranes)  # container j -> crane j % cranes
    released = np.cumsum(by_crane, axis=1).reshape(trains, per_crane * cranes)[:, :teu]
    return released, by_crane.sum(axis=1).max(axis=1)


def simulate_yard(
    spec: YardSpec,
    trains_per_day: float,
    days: int,
    seed: int = 0,
    warmup_days: int | None = None,
) -> YardRun:
    """Simulate the yard for `days` days of Poisson train arrivals.

    Raises:
        SimulationError: resources that cannot run (YardSpec.check), days or warm-up out of
            range, trains per day not positive, a negative seed, or no train arriving at all.
    """
    spec.check()
    warmup = max(0, days // 10) if warmup_days is None else warmup_days
    _check_run(days, warmup, trains_per_day)
    profile = ArrivalProfile(trains_per_day, hourly_weights=FLAT_DAY)
    trains = arrival_times(profile, days, stream(seed, "yard/trains"))
    if trains.shape[0] == 0:
        raise SimulationError("no train arrived in the run: raise the trains per day or the days")
    start, depart, release = _work_trains(spec, trains, seed)
    arrival = np.repeat(trains, spec.inbound_teu)
    headway = 24.0 / spec.outbound_per_day
    leave = scheduled_departures(release, spec.first_departure_h, headway, spec.outbound_teu)
    return YardRun(
        spec=spec,
        days=days,
        warmup_days=warmup,
        seed=seed,
        trains_per_day=trains_per_day,
        train_arrival_h=trains,
        train_start_h=start,
        train_depart_h=depart,
        container_arrival_h=arrival,
        container_release_h=release,
        container_leave_h=leave,
        summary=_summary(spec, trains, start, depart, arrival, leave, warmup, days),
        daily=_daily(trains, arrival, leave, days),
    )


def _check_run(days: int, warmup: int, trains_per_day: float) -> None:
    if not 1 <= days <= 3_660 or not 0 <= warmup < days:
        raise SimulationError(
            f"need 1 <= days <= 3660 and 0 <= warm-up < days, got {days}/{warmup}"
        )
    if not trains_per_day > 0:
        raise SimulationError(f"trains per day must be positive, got {trains_per_day}")


def _work_trains(
    spec: YardSpec, trains: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each train's start and departure on its track, and when each container is released."""
    lifts = _lift_times(spec, trains.shape[0], stream(seed, "yard/lifts"))
    offsets, lifting = _release_offsets(lifts, spec.cranes)
    opens, closes = spec.hours.kernel_window()
    start, depart = serve_tandem(
        trains,
        (spec.setup_h + lifting)[np.newaxis, :],
        np.array([spec.tracks]),
        np.array([opens]),
        np.array([closes]),
    )
    release = (start[0][:, np.newaxis] + spec.setup_h / 2 + offsets).ravel()
    return start[0], depart[0], release


def _summary(
    spec: YardSpec,
    trains: np.ndarray,
    start: np.ndarray,
    depart: np.ndarray,
    arrival: np.ndarray,
    leave: np.ndarray,
    warmup_days: int,
    days: int,
) -> dict[str, float]:
    kept = arrival >= warmup_days * 24.0
    dwell = (leave - arrival)[kept]
    kept_trains = trains >= warmup_days * 24.0
    horizon = days * 24.0
    busy = np.clip(depart, None, horizon) - np.clip(start, None, horizon)
    interval = (float("nan"), float("nan"))
    if dwell.shape[0] >= 2 * DEFAULT_BATCHES:
        estimate = batch_means(dwell)
        interval = (estimate.ci_low, estimate.ci_high)
    p50, p90, p99 = (float(v) for v in np.percentile(dwell, [50, 90, 99]))
    departures = np.unique(leave[(leave < horizon) & (leave >= warmup_days * 24.0)])
    loaded = np.count_nonzero((leave < horizon) & (leave >= warmup_days * 24.0))
    return {
        "containers": float(dwell.shape[0]),
        "dwell_mean_h": float(dwell.mean()),
        "dwell_mean_ci95_low_h": interval[0],
        "dwell_mean_ci95_high_h": interval[1],
        "dwell_p50_h": p50,
        "dwell_p90_h": p90,
        "dwell_p99_h": p99,
        "train_wait_mean_h": float((start - trains)[kept_trains].mean()),
        "track_utilisation": float(busy.sum() / (spec.tracks * horizon)),
        "outbound_load_factor": float(loaded / max(1, departures.shape[0]) / spec.outbound_teu),
        "inbound_teu_per_day": float(dwell.shape[0] / (days - warmup_days)),
        "outbound_teu_per_day_capacity": spec.outbound_teu_per_day,
        "track_teu_per_day_capacity": spec.track_teu_per_day,
    }


def _daily(trains: np.ndarray, arrival: np.ndarray, leave: np.ndarray, days: int) -> pd.DataFrame:
    midnights = np.arange(1, days + 1) * 24.0
    day_index = np.arange(days)

    def per_day(times: np.ndarray) -> np.ndarray:
        day = np.floor(times / 24.0).astype(np.int64)
        return np.bincount(day[day < days], minlength=days)

    return pd.DataFrame(
        {
            "day": day_index,
            "trains": per_day(trains),
            "containers_in": per_day(arrival),
            "containers_out": per_day(leave),
            "in_yard_at_midnight": count_upto(arrival, midnights) - count_upto(leave, midnights),
        }
    )
