"""Validation of the corridor assignment against the observed counts (`counts.csv`).

Each count is compared with the flow the assignment gives for the same element, unit and
direction, by the GEH statistic on daily flows (vehicles or trains a day; yearly counts over 365
days, weekly counts over 7) and by %RMSE. A count the model cannot yet produce (tonnes, TEU a
year at a port, cumulative totals, services without a per-service load) is listed as such.
What a count of vehicles or trains counts is in its `counted` column (`counts_all_units`):
`all` counts every unit that passes, loaded or empty (a gate's vehicles, both trains of a pair),
`loaded` only the units carrying goods (export or import vehicles). The model's units shuttle:
each way carries as many as the busier way's loaded units, the lighter way made up with empties.
So a one-way count of all units is compared with the busier way's units, one of loaded units
with that way's loaded units, and a count of both ways (or of an unknown one) with the sum of
both ways (`trips_per_day`, or `loaded_trips_per_day` for loaded units).

The demand is the bundled baseline grown to the year (`landsea.data.demand.demand_for_year`);
a count of another year is compared all the same and shows its own year. With estimation, the
matrix is then adjusted to the counts not held out (`landsea.assignment.odme`), and the report
shows both, the held-out counts apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from landsea.scenarios.studies.backhaul import CHONGQING_SHUTTLE_BASE
from landsea.units import DAYS_PER_YEAR

BASE_YEAR = 2023  # the default year of `landsea calibrate --report`: the latest year counted at
# most elements (rail-sea TEU, Youyiguan road) with the China-Laos Railway open
GEH_ACCEPTED = 5.0
ONE_WAY = ("a_to_b", "b_to_a")
ASSIGN_DEFAULTS: dict[str, Any] = {"algorithm": "logit", "gap": 2e-3, "max_iterations": 300}
"""The defaults of `landsea assign`, so the report compares the loads that command prints."""
_DAYS_PER_WEEK = 7.0
PER_DAY = {
    "vehicles_per_day": 1.0,
    "trains_per_week": 1.0 / _DAYS_PER_WEEK,
    "trains_per_year": 1.0 / DAYS_PER_YEAR,
    "trips_per_year": 1.0 / DAYS_PER_YEAR,
}


def geh(modelled: float, observed: float) -> float:
    """GEH = sqrt(2 (M - C)^2 / (M + C)); 0 when both are 0 (nothing modelled, nothing counted)."""
    total = modelled + observed
    if total <= 0:
        return 0.0
    return math.sqrt(2.0 * (modelled - observed) ** 2 / total)


def percent_rmse(modelled: list[float], observed: list[float]) -> float:
    """%RMSE = 100 sqrt(mean((M - C)^2)) / mean(C); NaN without counts."""
    if not observed or sum(observed) <= 0:
        return math.nan
    squares = [(m - c) ** 2 for m, c in zip(modelled, observed, strict=True)]
    return 100.0 * math.sqrt(sum(squares) / len(squares)) / (sum(observed) / len(observed))


@dataclass(frozen=True)
class CountComparison:
    """One count against the model: daily flows, GEH, or why the model cannot produce it."""

    count_id: str
    element_kind: str
    element_id: str
    element_name: str
    direction: str
    year: int | None
    unit: str
    value: float
    quality: str
    observed_per_day: float | None
    modelled_per_day: float | None
    geh: float | None
    not_produced: str | None  # why the model cannot give this count yet
    held_out: bool = False  # kept out of the matrix estimation

    def to_dict(self) -> dict[str, Any]:
        """The comparison as JSON-ready fields (ids, not names)."""
        return {
            "count_id": self.count_id,
            "element_kind": self.element_kind,
            "element_id": self.element_id,
            "direction": self.direction,
            "year": self.year,
            "unit": self.unit,
            "value": self.value,
            "quality": self.quality,
            "observed_per_day": self.observed_per_day,
            "modelled_per_day": self.modelled_per_day,
            "geh": self.geh,
            "not_produced": self.not_produced,
            "held_out": self.held_out,
        }


@dataclass(frozen=True)
class ValidationReport:
    """Every count compared (or listed as not produced), with the summary statistics."""

    year: int
    comparisons: tuple[CountComparison, ...]

    @property
    def compared(self) -> tuple[CountComparison, ...]:
        """The counts the model produces."""
        return tuple(c for c in self.comparisons if c.geh is not None)

    @property
    def estimation(self) -> tuple[CountComparison, ...]:
        """The compared counts the matrix estimation fits (not held out)."""
        return tuple(c for c in self.compared if not c.held_out)

    @property
    def held_out(self) -> tuple[CountComparison, ...]:
        """The compared counts kept out of the estimation."""
        return tuple(c for c in self.compared if c.held_out)

    @property
    def share_geh_below_5(self) -> float:
        """Share of compared counts with GEH < 5 (NaN when none is compared)."""
        return share_geh_below_5(self.compared)

    @property
    def percent_rmse(self) -> float:
        """%RMSE over the compared counts' daily flows."""
        return rows_percent_rmse(self.compared)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready fields."""
        return {
            "year": self.year,
            "geh_flows": "daily",
            "counts": len(self.comparisons),
            "compared": len(self.compared),
            "share_geh_below_5": self.share_geh_below_5,
            "percent_rmse": self.percent_rmse,
            "estimation": summary(self.estimation),
            "held_out": summary(self.held_out),
            "comparisons": [c.to_dict() for c in self.comparisons],
        }


def share_geh_below_5(rows: tuple[CountComparison, ...]) -> float:
    """Share of `rows` with GEH < 5 (NaN without rows)."""
    if not rows:
        return math.nan
    return sum(1 for c in rows if (c.geh or 0.0) < GEH_ACCEPTED) / len(rows)


def rows_percent_rmse(rows: tuple[CountComparison, ...]) -> float:
    """%RMSE over `rows`' daily flows."""
    return percent_rmse(
        [c.modelled_per_day or 0.0 for c in rows], [c.observed_per_day or 0.0 for c in rows]
    )


def summary(rows: tuple[CountComparison, ...]) -> dict[str, Any]:
    """Counts, share with GEH < 5 and %RMSE of a set of compared counts (JSON-ready)."""
    return {
        "compared": len(rows),
        "share_geh_below_5": share_geh_below_5(rows),
        "percent_rmse": rows_percent_rmse(rows),
    }


def compare_counts(
    counts: pd.DataFrame,
    crossings: pd.DataFrame,
    shuttles: dict[str, float],
    names: dict[tuple[str, str], str],
    year: int,
) -> ValidationReport:
    """Compare every count with the assignment's crossing loads and Chongqing shuttles.

    `crossings` is the assignment's crossing table (`trips_per_day` is vehicles or trains a day
    both ways, empties included: twice the busier way's loaded units, since the model returns as
    many units as it sends); `shuttles` its Chongqing shuttle counts;
    `names` maps (element_kind, element_id) to a name for people.
    """
    loads = crossings.set_index("crossing_id")
    rows = []
    for count_id, count in counts.iterrows():
        modelled, why = _modelled_per_day(count, loads, shuttles)
        factor = PER_DAY.get(str(count["unit"]))
        observed = float(count["value"]) * factor if factor is not None else None
        value = geh(modelled, observed) if modelled is not None and observed is not None else None
        kind, element = str(count["element_kind"]), str(count["element_id"])
        rows.append(
            CountComparison(
                count_id=str(count_id),
                element_kind=kind,
                element_id=element,
                element_name=names.get((kind, element), element),
                direction=str(count["direction"]),
                year=None if pd.isna(count["year"]) else int(count["year"]),
                unit=str(count["unit"]),
                value=float(count["value"]),
                quality=str(count["quality"]),
                observed_per_day=observed,
                modelled_per_day=modelled if value is not None else None,
                geh=value,
                not_produced=None if value is not None else why,
                held_out=bool(count.get("held_out", False)),
            )
        )
    return ValidationReport(year=year, comparisons=tuple(rows))


def _modelled_per_day(
    count: pd.Series, loads: pd.DataFrame, shuttles: dict[str, float]
) -> tuple[float | None, str]:
    """The model's daily flow for `count`, or None and why it cannot give one yet."""
    kind, element, unit = count["element_kind"], count["element_id"], count["unit"]
    if unit not in PER_DAY:
        return None, f"the model gives no {unit.replace('_', ' ')}"
    if kind == "crossing" and unit in ("vehicles_per_day", "trains_per_week"):
        if element not in loads.index:
            return None, "crossing not in the assignment"
        direction, everything = str(count["direction"]), counts_all_units(count)
        return crossing_units_per_day(loads.loc[element], direction, everything), ""
    if kind == "place" and element == CHONGQING_SHUTTLE_BASE and unit == "trips_per_year":
        return float(shuttles["trips_out_per_year"]) / DAYS_PER_YEAR, ""
    return None, f"the model gives no {unit.replace('_', ' ')} for a {kind}"


def counts_all_units(count: pd.Series) -> bool:
    """Whether `count` counts every unit that passes, empties included (`counted`: all).

    A count whose `counted` is blank keeps the rule it had before the column: a count of both
    ways or of an unknown one counts every unit, a one-way count the loaded units.
    """
    counted = count.get("counted")
    if isinstance(counted, str) and counted:
        return counted == "all"
    return str(count["direction"]) not in ONE_WAY


def crossing_units_per_day(load: pd.Series, direction: str, everything: bool) -> float:
    """Units a day at a crossing, as a count in `direction` of every unit (`everything`) or of
    the loaded ones sees them (module docstring)."""
    if direction not in ONE_WAY:
        return float(load["trips_per_day" if everything else "loaded_trips_per_day"])
    if everything:
        return float(load["trips_per_day"]) / 2.0
    teu = {way: float(load.get(f"teu_per_day_{way}", 0.0)) for way in ONE_WAY}
    total = sum(teu.values())
    loaded = float(load.get("loaded_trips_per_day", 0.0))
    return loaded * teu[direction] / total if total > 0 else 0.0


def element_names(tables: Any) -> dict[tuple[str, str], str]:
    """(element_kind, element_id) to the element's name, for every table a count can name."""
    names: dict[tuple[str, str], str] = {}
    for kind, frame in (
        ("crossing", tables.crossings),
        ("place", tables.places),
        ("service", tables.services),
        ("line", tables.lines),
    ):
        names.update(
            {(kind, str(i)): str(n) for i, n in zip(frame.index, frame["name"], strict=True)}
        )
    return names


def check_year(year: int, counts: pd.DataFrame) -> None:
    from landsea.errors import DataError

    years = counts["year"].dropna().astype(int)
    first, last = int(years.min()), int(years.max())
    if not first <= year <= last:
        raise DataError(f"--year {year}: the counts cover {first}-{last}")
