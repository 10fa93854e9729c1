"""Arrivals at a crossing: a daily rate shaped by an hourly profile and a seasonal peak.

Arrivals are a non-homogeneous Poisson process, piecewise constant by the hour: the count in
each hour is Poisson with mean rate x hourly weight x seasonal factor, and the times are uniform
inside the hour. The seasonal factor is a raised-cosine bump (the fruit season: durian, dragon
fruit and longan move north to China in a few weeks of glut) on a base rate that holds the
rest of the time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landsea.errors import SimulationError

# Relative arrival intensity by hour of day: few trucks at night, most in the morning
# (estimate: trucks leave the hinterland at dawn and reach the gate from mid-morning).
DEFAULT_HOURLY_WEIGHTS: tuple[float, ...] = (
    *(0.4,) * 6,  # 00-06
    *(1.2,) * 4,  # 06-10
    *(1.6,) * 4,  # 10-14
    *(1.3,) * 4,  # 14-18
    *(0.8,) * 3,  # 18-21
    *(0.5,) * 3,  # 21-24
)


@dataclass(frozen=True)
class SeasonalPeak:
    """A bump in arrivals: `factor` at `day` (of the run), back to 1 after `half_width_days`."""

    day: float
    half_width_days: float = 10.0
    factor: float = 1.3
    extra_red_share: float = 0.0  # at the peak, this share of trucks moves from green to red

    def bump(self, days: np.ndarray) -> np.ndarray:
        """0 outside the season, rising to 1 at its peak day (raised cosine)."""
        distance = np.abs(days - self.day) / self.half_width_days
        return np.where(distance < 1.0, 0.5 * (1.0 + np.cos(np.pi * distance)), 0.0)

    def factor_on(self, days: np.ndarray) -> np.ndarray:
        """The arrivals multiplier on each of `days`: 1 outside the season, `factor` at its peak."""
        return 1.0 + (self.factor - 1.0) * self.bump(days)

    def extra_red_on(self, days: np.ndarray) -> np.ndarray:
        """The share moved from green to red on each of `days`: `extra_red_share` at the peak."""
        return self.extra_red_share * self.bump(days)


@dataclass(frozen=True)
class ArrivalProfile:
    """Base arrivals per day in one direction, with their hourly and seasonal shape."""

    per_day: float
    hourly_weights: tuple[float, ...] = DEFAULT_HOURLY_WEIGHTS
    peak: SeasonalPeak | None = None
    batch_size: int = 1  # trains or vessels arriving together: units share one arrival time

    def __post_init__(self) -> None:
        if not (np.isfinite(self.per_day) and self.per_day >= 0):
            raise SimulationError(f"arrivals per day must be zero or more, got {self.per_day}")
        if len(self.hourly_weights) != 24 or min(self.hourly_weights) < 0:
            raise SimulationError("the hourly profile needs 24 non-negative weights")
        if sum(self.hourly_weights) <= 0:
            raise SimulationError("the hourly profile is all zero")
        if self.batch_size < 1:
            raise SimulationError(f"batch size must be at least 1, got {self.batch_size}")
        if self.peak is not None and (self.peak.factor <= 0 or self.peak.half_width_days <= 0):
            raise SimulationError("a seasonal peak needs a positive factor and width")
        if self.peak is not None and not 0.0 <= self.peak.extra_red_share <= 1.0:
            raise SimulationError("the season's extra red-channel share must lie in [0, 1]")

    def hourly_rates(self, days: int) -> np.ndarray:
        """Expected arrivals in each hour of the run (length days x 24)."""
        weights = np.asarray(self.hourly_weights, dtype=float)
        per_hour = np.tile(weights / weights.sum(), days) * self.per_day
        if self.peak is not None:
            day_of_hour = np.arange(days * 24) / 24.0
            per_hour = per_hour * self.peak.factor_on(day_of_hour)
        return per_hour


def arrival_times(profile: ArrivalProfile, days: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted arrival times in hours from the start of day 0 (batches share one time)."""
    rates = profile.hourly_rates(days) / profile.batch_size
    counts = rng.poisson(rates)
    hours = np.repeat(np.arange(rates.shape[0], dtype=float), counts)
    times = np.sort(hours + rng.random(hours.shape[0]))
    return np.repeat(times, profile.batch_size) if profile.batch_size > 1 else times


def parse_hourly_weights(text: str) -> tuple[float, ...]:
    """`"1,1,...,1"` (24 numbers, >= 0, not all 0) -> the arrivals' weights, 00h to 23h.

    Raises:
        SimulationError: not numbers, not 24 of them, a negative one, or all 0.
    """
    try:
        weights = tuple(float(part) for part in text.split(","))
    except ValueError:
        raise SimulationError(
            f"the hourly profile {text!r} is not 24 comma-separated numbers"
        ) from None
    if len(weights) != 24:
        raise SimulationError(
            f"the hourly profile needs 24 weights, one an hour; got {len(weights)}"
        )
    if not all(np.isfinite(w) and w >= 0 for w in weights) or sum(weights) <= 0:
        raise SimulationError("the hourly weights must be >= 0 and not all 0")
    return weights
