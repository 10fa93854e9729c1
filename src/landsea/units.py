"""Canonical units and converters.

Units live in column and field names (`length_km`, `time_h`, `cost_usd`, `co2_kg`, `flow_teu`).
Converters here are the only place a factor appears, so a reader can check each one.
"""

from __future__ import annotations

__all__ = [
    "DAYS_PER_WEEK",
    "DAYS_PER_YEAR",
    "HOURS_PER_DAY",
    "frequency_wait_h",
    "headway_h",
]

HOURS_PER_DAY = 24.0
DAYS_PER_WEEK = 7.0
DAYS_PER_YEAR = 365.0


def headway_h(departures_per_week: float) -> float:
    """Mean time between departures of a scheduled service, in hours.

    Raises:
        ValueError: `departures_per_week` is not positive.
    """
    if departures_per_week <= 0:
        raise ValueError("departures_per_week must be positive")
    return DAYS_PER_WEEK * HOURS_PER_DAY / departures_per_week


def frequency_wait_h(departures_per_week: float) -> float:
    """Expected wait for a random arrival: half the headway.

    Raises:
        ValueError: `departures_per_week` is not positive.
    """
    return headway_h(departures_per_week) / 2.0
