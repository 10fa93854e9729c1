"""Canonical units and converters.

Units live in column and field names (`length_km`, `time_h`, `cost_usd`, `co2_kg`, `flow_teu`).
Converters here are the only place a factor appears, so a reader can check each one.
"""

from __future__ import annotations

KM_PER_MILE = 1.609344
KM_PER_NAUTICAL_MILE = 1.852
MINUTES_PER_HOUR = 60.0
HOURS_PER_DAY = 24.0
DAYS_PER_WEEK = 7.0
DAYS_PER_YEAR = 365.0
TEU_PER_FEU = 2.0
KG_PER_TONNE = 1000.0
G_PER_KG = 1000.0


def hours_from_minutes(minutes: float) -> float:
    return minutes / MINUTES_PER_HOUR


def minutes_from_hours(hours: float) -> float:
    return hours * MINUTES_PER_HOUR


def hours_from_days(days: float) -> float:
    return days * HOURS_PER_DAY


def km_from_miles(miles: float) -> float:
    return miles * KM_PER_MILE


def km_from_nautical_miles(nm: float) -> float:
    return nm * KM_PER_NAUTICAL_MILE


def headway_h(departures_per_week: float) -> float:
    """Mean time between departures of a scheduled service, in hours."""
    if departures_per_week <= 0:
        raise ValueError("departures_per_week must be positive")
    return DAYS_PER_WEEK * HOURS_PER_DAY / departures_per_week


def frequency_wait_h(departures_per_week: float) -> float:
    """Expected wait for a random arrival: half the headway."""
    return headway_h(departures_per_week) / 2.0


def co2_kg_from_g_per_tkm(g_per_tkm: float, tonnes: float, km: float) -> float:
    return g_per_tkm * tonnes * km / G_PER_KG
