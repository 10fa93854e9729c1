"""A border crossing as the simulation sees it, read from the corridor dataset's tables.

`crossing_specs(crossings, crossing_regimes)` turns the two tables (the CorridorTables frames,
or the CSVs read by pandas) into `CrossingSpec` values, checking what the simulation relies on:
gate hours that parse, a triangular process time per regime with min <= mode <= max, a
capacity to size the servers on. Errors name the file, the row and the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from landsea.data.capacity import cell_number, crossing_capacity
from landsea.errors import DataError, Location, SimulationError
from landsea.network.timing import triangular_mean
from landsea.regimes import regime_names
from landsea.simulation.hours import OpeningHours, parse_clock, parse_hours
from landsea.vocabulary import Mode

CROSSINGS_FILE = "crossings.csv"
REGIMES_FILE = "crossing_regimes.csv"


@dataclass(frozen=True)
class ProcessTime:
    """Triangular process time of a regime, hours."""

    min_h: float
    mode_h: float
    max_h: float

    @property
    def mean_h(self) -> float:
        """The triangular distribution's mean, (min + mode + max) / 3."""
        return triangular_mean(self.min_h, self.mode_h, self.max_h)


@dataclass(frozen=True)
class CrossingSpec:
    """A border crossing as the simulation sees it: places, mode, capacity, hours, regimes."""

    crossing_id: str
    name: str
    place_a: str
    place_b: str
    country_a: str
    country_b: str
    mode: str
    capacity_unit: str
    capacity_per_day: float  # both directions together: what the servers are sized on
    designed_per_day: float | None  # the design figure (mid of low/high), None when unknown
    observed_per_day: float | None  # observed traffic (mid of low/high), None when unknown
    capacity_basis: str  # where capacity_per_day came from, for reports
    hours: OpeningHours
    extended_hours: OpeningHours | None
    process: dict[str, ProcessTime]
    # Work per truck as a share of the dataset's process time: the dataset's figure is the
    # normal dwell, queueing and gate hours included, so the work is less (calibrate.py).
    # None until calibrated; scenarios (other hours, capacity) keep the baseline's value.
    service_scale: float | None = None
    # The hours the servers are sized on, when a scenario changed `hours` (with_hours): the
    # same staff then works the new hours. None: sized on `hours`.
    staffed_hours: OpeningHours | None = None

    @property
    def sizing_hours(self) -> OpeningHours:
        """The gate hours in which the servers clear `capacity_per_day`."""
        return self.hours if self.staffed_hours is None else self.staffed_hours

    @property
    def design_reference_per_day(self) -> float:
        """What throughput is compared with: the design figure, else the capacity used."""
        return self.designed_per_day if self.designed_per_day is not None else self.capacity_per_day

    @property
    def typical_arrivals_per_day(self) -> float:
        """Observed traffic where known, else half the capacity: the default arrivals."""
        return self.observed_per_day or 0.5 * self.capacity_per_day

    @property
    def capacity_per_direction(self) -> float:
        """Half the daily capacity: each direction has its own lanes."""
        return self.capacity_per_day / 2.0


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _hours(row: pd.Series, row_number: int) -> tuple[OpeningHours, OpeningHours | None]:
    def at(field: str) -> Location:
        return Location(CROSSINGS_FILE, row_number, field)

    hours = parse_hours(_text(row.get("opens")), _text(row.get("closes")), at("opens"))
    extended_text = _text(row.get("closes_extended"))
    if not extended_text:
        return hours, None
    closes = parse_clock(extended_text, at("closes_extended"))
    return hours, OpeningHours(hours.opens_h, closes)


def _process_times(regimes: pd.DataFrame, crossing_id: str) -> dict[str, ProcessTime]:
    rows = regimes[regimes["crossing_id"] == crossing_id]
    found: dict[str, ProcessTime] = {}
    for position, row in rows.iterrows():
        row_number = int(regimes.index.get_loc(position)) + 1  # type: ignore[arg-type]
        values = [cell_number(row.get(field)) for field in ("min_h", "mode_h", "max_h")]
        if any(v is None for v in values):
            raise DataError(
                "process time needs min_h, mode_h and max_h",
                Location(REGIMES_FILE, row_number, "min_h"),
            )
        low, mode, high = (float(v) for v in values)  # type: ignore[arg-type]
        if not (0 <= low <= mode <= high) or low == high:
            raise DataError(
                f"triangular process time needs 0 <= min <= mode <= max and min < max, "
                f"got {low:g}/{mode:g}/{high:g}",
                Location(REGIMES_FILE, row_number, "mode_h"),
            )
        found[str(row["regime"])] = ProcessTime(low, mode, high)
    missing = [r for r in regime_names() if r not in found]
    if missing:
        raise DataError(
            f"crossing {crossing_id} has no process time for regime(s) {', '.join(missing)}",
            Location(REGIMES_FILE, None, "regime"),
        )
    return found


def crossing_specs(crossings: pd.DataFrame, regimes: pd.DataFrame) -> dict[str, CrossingSpec]:
    """Every crossing of the tables as a spec, keyed by crossing_id (table order kept)."""
    table = crossings if "crossing_id" in crossings.columns else crossings.reset_index()
    specs: dict[str, CrossingSpec] = {}
    for row_number, (_, row) in enumerate(table.iterrows(), start=1):
        crossing_id = str(row["crossing_id"])
        # one definition for the assignment and the simulation: landsea.data.capacity
        capacity = crossing_capacity(row, Location(CROSSINGS_FILE, row_number, "capacity_per_day"))
        hours, extended = _hours(row, row_number)
        specs[crossing_id] = CrossingSpec(
            crossing_id=crossing_id,
            name=_text(row.get("name")) or crossing_id,
            place_a=_text(row.get("place_a")),
            place_b=_text(row.get("place_b")),
            country_a=_text(row.get("country_a")),
            country_b=_text(row.get("country_b")),
            mode=_text(row.get("mode")) or Mode.ROAD,
            capacity_unit=_text(row.get("capacity_unit")) or "vehicles",
            capacity_per_day=capacity.per_day,
            designed_per_day=capacity.designed_per_day,
            observed_per_day=capacity.observed_per_day,
            capacity_basis=capacity.basis,
            hours=hours,
            extended_hours=extended,
            process=_process_times(regimes, crossing_id),
        )
    return specs


def with_capacity(spec: CrossingSpec, capacity_per_day: float) -> CrossingSpec:
    """The crossing with another daily capacity (both directions): an expansion scenario.

    The servers are sized anew to clear it in the gate's present hours.

    Raises:
        SimulationError: `capacity_per_day` is not a positive number.
    """
    if not (math.isfinite(capacity_per_day) and capacity_per_day > 0):
        raise SimulationError(f"capacity per day must be positive, got {capacity_per_day}")
    return replace(
        spec,
        capacity_per_day=capacity_per_day,
        capacity_basis="set by the user",
        staffed_hours=None,
    )


def with_hours(spec: CrossingSpec, hours: OpeningHours) -> CrossingSpec:
    """The crossing open other hours with the same staff: longer hours clear more a day.

    The servers stay sized on the dataset's hours (`staffed_hours`); a later closing from the
    dataset no longer applies.
    """
    return replace(spec, hours=hours, extended_hours=None, staffed_hours=spec.sizing_hours)
