"""A border crossing's capacity, defined once for routing, assignment and simulation alike.

`crossings.csv` keeps three figures apart by name:

- `designed_per_day_low/high`: what the crossing was designed to clear (a design figure);
- `observed_per_day_low/high`: the traffic seen there (a count, never a capacity);
- `capacity_per_day` with `capacity_source`: the most it clears a day, both directions
  together, which is what the assignment congests on and the simulation sizes its servers on.

Where a table (a user's, a test fixture) leaves `capacity_per_day` blank, one rule fills it:
the design figure (mid of low and high), or the observed traffic where that is higher (a port
that clears more than its design has shown it can), or, without a design figure, the larger of
the observed traffic and a default for the capacity unit (traffic is only a lower bound).

>>> import pandas as pd
>>> row = pd.Series({"designed_per_day_low": 800, "designed_per_day_high": 1000,
...                  "observed_per_day_high": 1500, "capacity_unit": "vehicles"})
>>> crossing_capacity(row).per_day
1500.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from landsea.errors import DataError, Location

DEFAULT_CAPACITY_PER_DAY: dict[str, float] = {
    "vehicles": 500.0,  # estimate: a small road gate
    "trains": 24.0,  # estimate: a single-track border section, a train each way every 2 hours
    "vessels": 10.0,  # estimate: a river checkpoint clearing by day
    "teu": 1_000.0,  # estimate: a small container yard
}
"""Where a table gives no capacity, design or traffic at all, per capacity unit (estimates)."""


@dataclass(frozen=True)
class CrossingCapacity:
    """A crossing's daily capacity (both directions) and the figures kept apart from it."""

    per_day: float
    designed_per_day: float | None  # the design figure (mid of low and high), None when unknown
    observed_per_day: float | None  # observed traffic (mid of low and high), None when unknown
    basis: str  # where `per_day` came from, for reports

    @property
    def per_direction(self) -> float:
        """Half the daily capacity: each direction has its own lanes or paths."""
        return self.per_day / 2.0


def cell_number(value: object) -> float | None:
    """A table cell as a float; None when blank or not a number."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _mid(row: pd.Series, prefix: str) -> float | None:
    known = [cell_number(row.get(f"{prefix}_{end}")) for end in ("low", "high")]
    values = [v for v in known if v is not None]
    return sum(values) / len(values) if values else None


def _designed_text(row: pd.Series) -> str:
    known = [cell_number(row.get(f"designed_per_day_{end}")) for end in ("low", "high")]
    return "designed " + "-".join(f"{v:g}" for v in known if v is not None)


def crossing_capacity(row: pd.Series, where: Location | None = None) -> CrossingCapacity:
    """The capacity of the crossing in `row` (a row of `crossings.csv`).

    Raises:
        DataError: a capacity that is not positive, naming `where`.
    """
    designed = _mid(row, "designed_per_day")
    observed = _mid(row, "observed_per_day")
    given = cell_number(row.get("capacity_per_day"))
    if given is not None:
        source = str(row.get("capacity_source") or "").strip()
        value, basis = given, source or f"capacity {given:g} a day"
    else:
        value, basis = _capacity_by_rule(row, designed)
    if not value > 0:
        raise DataError(f"capacity must be positive, got {value:g}", where)
    return CrossingCapacity(value, designed, observed, basis)


def _capacity_by_rule(row: pd.Series, designed: float | None) -> tuple[float, str]:
    """The rule for a blank `capacity_per_day` (module docstring)."""
    high = cell_number(row.get("observed_per_day_high"))
    unit = str(row.get("capacity_unit") or "") or "vehicles"
    default = DEFAULT_CAPACITY_PER_DAY.get(unit, DEFAULT_CAPACITY_PER_DAY["vehicles"])
    if designed is not None and (high is None or high <= designed):
        return designed, _designed_text(row)
    if designed is not None and high is not None:
        return high, f"observed {high:g} (above {_designed_text(row)})"
    if high is not None and high > default:
        return high, f"observed {high:g} (no designed figure)"
    seen = f", above the {high:g} observed" if high is not None else ""
    return default, f"default {default:g} {unit}/day (no designed figure{seen})"


SCHEDULED_UNITS: tuple[str, ...] = ("trains",)
"""Capacity units whose crossings are limited by a timetable: trains run only as scheduled."""


DIRECTIONS: tuple[str, str] = ("a_to_b", "b_to_a")


def service_ways(service: Mapping[str, Any], place_a: str, place_b: str) -> tuple[str, ...]:
    """The ways (`a_to_b`, `b_to_a`) a service runs between two of its stops: both, or for a
    `forward` service only the one its stops are listed in."""
    stops = [str(stop) for stop in service["stops"]]
    if place_a not in stops or place_b not in stops:
        return ()
    if str(service.get("runs") or "both") != "forward":
        return DIRECTIONS
    return ("a_to_b",) if stops.index(place_a) < stops.index(place_b) else ("b_to_a",)


def scheduled_teu_by_way(
    crossing: pd.Series, services: pd.DataFrame, teu_per_train: float
) -> dict[str, float] | None:
    """TEU a day each way that the listed services can carry across a rail crossing.

    A service's departures a week times its TEU a departure (`teu_per_departure`, blank:
    `teu_per_train`), over 7 days, in each way it runs (`service_ways`). None for a crossing of
    another unit, or when no listed service crosses (then the paths alone limit it).
    """
    if str(crossing.get("capacity_unit")) not in SCHEDULED_UNITS:
        return None
    a, b = str(crossing["place_a"]), str(crossing["place_b"])
    teu = dict.fromkeys(DIRECTIONS, 0.0)
    for service in _records(services):
        if str(service["mode"]) != str(crossing["mode"]):
            continue
        each = cell_number(service.get("teu_per_departure")) or teu_per_train
        for way in service_ways(service, a, b):
            teu[way] += float(service["departures_per_week"]) * each / 7.0
    return teu if any(v > 0 for v in teu.values()) else None


def scheduled_per_day(crossing: pd.Series, services: pd.DataFrame) -> float | None:
    """Trains a day, both ways, that the listed services run across a rail crossing.

    A service crosses when it calls at both of the crossing's places and runs on its mode; its
    `departures_per_week` run each way it runs (`service_ways`). None for a crossing of
    another unit, or when no listed service crosses (then the paths alone limit it).
    """
    if str(crossing.get("capacity_unit")) not in SCHEDULED_UNITS:
        return None
    a, b = str(crossing["place_a"]), str(crossing["place_b"])
    per_week = sum(
        float(service["departures_per_week"]) * len(service_ways(service, a, b))
        for service in _records(services)
        if str(service["mode"]) == str(crossing["mode"])
    )
    return per_week / 7.0 if per_week > 0 else None


_RECORDS: dict[int, tuple[pd.DataFrame, list[dict[str, Any]]]] = {}
RECORDS_KEPT = 8


def _records(services: pd.DataFrame) -> list[dict[str, Any]]:
    """The services as plain rows: what `iterrows` gives cell for cell, without a Series a
    row (these run for every rail crossing of every assignment: issue 9 performance); made
    once per services table (a network's tables are not changed: edits copy them). The
    table is kept with its rows, so its id cannot be another table's meanwhile."""
    found = _RECORDS.get(id(services))
    if found is not None and found[0] is services:
        return found[1]
    if len(_RECORDS) >= RECORDS_KEPT:
        _RECORDS.pop(next(iter(_RECORDS)))
    rows: list[dict[str, Any]] = services.to_dict("records")  # type: ignore[assignment]
    _RECORDS[id(services)] = (services, rows)
    return rows
