"""Calibration with matrix estimation: the counts before and after the demand is fitted.

`calibrate(year)` assigns the demand of `year`, compares every count (before), adjusts the
matrix to the counts not held out (`landsea.assignment.odme`), assigns the estimate and compares
again (after). Only crossing counts in vehicles or trains are fitted: they are the ones whose
modelled value is a flow on known edges. Held-out counts are compared, never fitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landsea.assignment.freight import CorridorAssignment
from landsea.assignment.multimodal_problem import CapacitySettings
from landsea.assignment.odme import CountTarget, OdmeSettings, estimate_demand, odme_summary
from landsea.data.capacity import scheduled_teu_by_way
from landsea.scenarios.validation import (
    ASSIGN_DEFAULTS,
    BASE_YEAR,
    ONE_WAY,
    PER_DAY,
    ValidationReport,
    check_year,
    compare_counts,
    counts_all_units,
    element_names,
)

_FITTED_UNITS = ("vehicles_per_day", "trains_per_week")


@dataclass(frozen=True)
class CalibrationReport:
    """The counts against the model before and after estimation, and how far the matrix moved."""

    year: int
    before: ValidationReport
    after: ValidationReport | None  # None when estimation was not asked for
    odme: dict[str, Any] | None
    cells: pd.DataFrame | None  # per demand cell: prior and estimated TEU a year, factor

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (ids, not names)."""
        cells = None
        if self.cells is not None:
            cells = self.cells.replace({np.nan: None}).to_dict("records")
        return {
            "year": self.year,
            "estimated": self.after is not None,
            "before": self.before.to_dict(),
            "after": None if self.after is None else self.after.to_dict(),
            "odme": self.odme,
            "cells": cells,
        }


def count_targets(
    counts: pd.DataFrame,
    crossings: pd.DataFrame,
    assignment: CorridorAssignment,
    capacity: CapacitySettings,
    services: pd.DataFrame | None = None,
) -> list[CountTarget]:
    """The counts to fit, as edges and units per TEU on the assignment's graph.

    As `compare_counts` reads them (`counts_all_units`): a one-way count of loaded units is
    1 / TEU per unit on that way's edges; a count of every unit, empties included, follows the
    busier way's loaded units at the current flows (the lighter way is made up with empties), so
    it is 1 / TEU per unit (one way) or 2 / TEU per unit (both ways) on the busier way's edges;
    a count of loaded units both ways is 1 / TEU per unit on every edge of the crossing.

    A count on a scheduled service that runs full that way (`services`: its departures carry
    no more) measures the timetable, not the demand: the demand beyond it goes another way, so
    the count is compared but not fitted (fitting it would scale demand the service cannot take).
    """
    if assignment.detail is None:
        return []
    graph = assignment.detail.graph
    loads = assignment.crossings.set_index("crossing_id")
    targets = []
    for count_id, count in counts.iterrows():
        element, unit = str(count["element_id"]), str(count["unit"])
        fitted = count["element_kind"] == "crossing" and unit in _FITTED_UNITS
        if bool(count["held_out"]) or not fitted or element not in loads.index:
            continue
        edges = np.flatnonzero(graph.crossing_id == element)
        if edges.size == 0:
            continue
        row = crossings.loc[element]
        per_unit = capacity.teu_per_unit.get(str(row["capacity_unit"]), 1.0)
        from_a = np.array([graph.node_place[graph.tail[e]] == row["place_a"] for e in edges])
        load: pd.Series = loads.loc[element]  # type: ignore[assignment]
        teu = {w: float(load[f"teu_per_day_{w}"]) for w in ONE_WAY}
        busier = max(ONE_WAY, key=lambda w: teu[w])
        direction = str(count["direction"])
        if counts_all_units(count):
            way, units = busier, (1.0 if direction in ONE_WAY else 2.0) / per_unit
            chosen = edges[from_a] if way == "a_to_b" else edges[~from_a]
        elif direction in ONE_WAY:
            way, units = direction, 1.0 / per_unit
            chosen = edges[from_a] if way == "a_to_b" else edges[~from_a]
        else:  # loaded units both ways: every edge; full if the busier way is
            way, units, chosen = busier, 1.0 / per_unit, edges
        if services is not None and _runs_full(row, services, load, way, per_unit):  # type: ignore[arg-type]
            continue
        observed = float(count["value"]) * PER_DAY[unit]
        targets.append(CountTarget(str(count_id), chosen, units, observed))
    return targets


_FULL = 0.95  # a service at 95 % of its departures' TEU that way runs full


def _runs_full(
    crossing: pd.Series, services: pd.DataFrame, load: pd.Series, way: str, per_unit: float
) -> bool:
    """Whether the services scheduled across the crossing run full `way` at the load."""
    scheduled = scheduled_teu_by_way(crossing, services, per_unit)
    if scheduled is None or not scheduled[way] > 0:
        return False
    return float(load[f"teu_per_day_{way}"]) >= _FULL * scheduled[way]


def calibrate(
    year: int | None = None,
    *,
    estimate: bool = True,
    odme: OdmeSettings | None = None,
    **settings: Any,
) -> CalibrationReport:
    """Compare every count before and (with `estimate`) after matrix estimation for `year`.

    Raises:
        DataError: (exit 2) a year outside the counts or the growth table.
        ConvergenceError: (exit 4) an assignment misses its gap.
    """
    from landsea.data.bundled import load_counts
    from landsea.data.demand import demand_for_year
    from landsea.network import GraphOptions, corridor_network
    from landsea.scenarios.studies.backhaul import chongqing_shuttles

    network = corridor_network()
    counts = load_counts(network.tables)
    chosen = BASE_YEAR if year is None else year
    check_year(chosen, counts)
    settings = {**ASSIGN_DEFAULTS, **settings}
    capacity = CapacitySettings()
    names = element_names(network.tables)

    def assign(demand: pd.DataFrame) -> CorridorAssignment:
        from landsea.assignment.freight import assign_corridor

        options = GraphOptions(year=chosen)
        return assign_corridor(network, demand, year=chosen, options=options, **settings)

    def report(result: CorridorAssignment) -> ValidationReport:
        shuttles = chongqing_shuttles(result.structure, capacity.teu_per_unit["vehicles"])
        return compare_counts(counts, result.crossings, shuttles, names, chosen)

    prior = demand_for_year(chosen, network.tables.places)
    first = assign(prior)
    if not estimate:
        return CalibrationReport(chosen, report(first), None, None, None)
    crossings = network.tables.crossings
    result = estimate_demand(
        prior,
        assign,
        lambda a: count_targets(counts, crossings, a, capacity, network.tables.services),
        odme,
        first=first,
    )
    return CalibrationReport(
        chosen, report(first), report(result.assignment), odme_summary(result), result.cells
    )
