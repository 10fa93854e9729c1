"""Validation of the corridor assignment against the observed counts (`counts.csv`).

Each count is compared with the flow the assignment gives for the same element, unit and
direction, by the GEH statistic on daily flows (vehicles or trains a day; yearly counts over 365
days, weekly counts over 7) and by %RMSE. A count the model cannot yet produce (tonnes, TEU a
year at a port, cumulative totals, services without a per-service load) is listed as such.

The demand is the one baseline matrix for every year, so the year changes only the network
(links that open); a count of another year is compared all the same and shows its own year.
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
_ASSIGN_DEFAULTS: dict[str, Any] = {"algorithm": "logit", "gap": 2e-3, "max_iterations": 300}
"""The defaults of `landsea assign`, so the report compares the loads that command prints."""
_DAYS_PER_WEEK = 7.0
_PER_DAY = {
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
    def share_geh_below_5(self) -> float:
        """Share of compared counts with GEH < 5 (NaN when none is compared)."""
        compared = self.compared
        if not compared:
            return math.nan
        return sum(1 for c in compared if (c.geh or 0.0) < GEH_ACCEPTED) / len(compared)

    @property
    def percent_rmse(self) -> float:
        """%RMSE over the compared counts' daily flows."""
        compared = self.compared
        return percent_rmse(
            [c.modelled_per_day or 0.0 for c in compared],
            [c.observed_per_day or 0.0 for c in compared],
        )

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready fields."""
        return {
            "year": self.year,
            "geh_flows": "daily",
            "counts": len(self.comparisons),
            "compared": len(self.compared),
            "share_geh_below_5": self.share_geh_below_5,
            "percent_rmse": self.percent_rmse,
            "comparisons": [c.to_dict() for c in self.comparisons],
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
    in the busier direction, empties included; the model returns as many units as it sends, so
    each direction carries `trips_per_day`); `shuttles` its Chongqing shuttle counts;
    `names` maps (element_kind, element_id) to a name for people.
    """
    loads = crossings.set_index("crossing_id")
    rows = []
    for count_id, count in counts.iterrows():
        modelled, why = _modelled_per_day(count, loads, shuttles)
        factor = _PER_DAY.get(str(count["unit"]))
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
            )
        )
    return ValidationReport(year=year, comparisons=tuple(rows))


def _modelled_per_day(
    count: pd.Series, loads: pd.DataFrame, shuttles: dict[str, float]
) -> tuple[float | None, str]:
    """The model's daily flow for `count`, or None and why it cannot give one yet."""
    kind, element, unit = count["element_kind"], count["element_id"], count["unit"]
    if unit not in _PER_DAY:
        return None, f"the model gives no {unit.replace('_', ' ')}"
    if kind == "crossing" and unit in ("vehicles_per_day", "trains_per_week"):
        if element not in loads.index:
            return None, "crossing not in the assignment"
        one_way = float(loads.loc[element, "trips_per_day"])
        return (2.0 * one_way if count["direction"] == "both" else one_way), ""
    if kind == "place" and element == CHONGQING_SHUTTLE_BASE and unit == "trips_per_year":
        return float(shuttles["trips_out_per_year"]) / DAYS_PER_YEAR, ""
    return None, f"the model gives no {unit.replace('_', ' ')} for a {kind}"


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


def calibration_report(year: int | None = None, **settings: Any) -> ValidationReport:
    """Assign the baseline demand on the bundled corridor for `year` and compare every count.

    Raises:
        DataError: (exit 2) a year outside the years the counts cover.
    """
    from landsea.data.bundled import load_counts
    from landsea.data.demand import baseline_demand
    from landsea.network import corridor_network
    from landsea.scenarios.studies.backhaul import shuttle_study

    network = corridor_network()
    counts = load_counts(network.tables)
    chosen = BASE_YEAR if year is None else year
    _check_year(chosen, counts)
    settings = {**_ASSIGN_DEFAULTS, **settings}
    study = shuttle_study(network, baseline_demand(network.tables.places), year=chosen, **settings)
    return compare_counts(
        counts,
        study.assignment.crossings,
        dict(study.shuttles),
        element_names(network.tables),
        chosen,
    )


def _check_year(year: int, counts: pd.DataFrame) -> None:
    from landsea.errors import DataError

    years = counts["year"].dropna().astype(int)
    first, last = int(years.min()), int(years.max())
    if not first <= year <= last:
        raise DataError(f"--year {year}: the counts cover {first}-{last}")
