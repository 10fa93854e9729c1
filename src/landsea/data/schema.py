"""Column specifications of the corridor tables: what each CSV holds and how a cell is read.

One `TableSpec` per file. The readers use them to convert cells and to name file, row and field
when a cell is wrong; the writers use them to put columns back in the documented order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CellKind = Literal["text", "id", "float", "int", "list", "hhmm", "bool"]


@dataclass(frozen=True)
class Column:
    """One column: its cell kind, whether it may be blank, and the column holding its source."""

    name: str
    kind: CellKind = "text"
    required: bool = True
    source: str | None = None
    positive: bool = False  # a number that must be > 0 (lengths, speeds)
    non_negative: bool = False
    may_be_absent: bool = False  # a later column: a file without it reads as all blank


@dataclass(frozen=True)
class TableSpec:
    """One table of the corridor dataset: its file, its columns and its id column."""

    name: str  # attribute of CorridorTables
    file: str
    columns: tuple[Column, ...]
    index: str | None = None  # the id column that becomes the DataFrame index

    @property
    def column_names(self) -> tuple[str, ...]:
        """The columns' names, in file order."""
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        """The column called `name` (it must exist)."""
        return next(column for column in self.columns if column.name == name)


def _src(name: str) -> Column:
    return Column(name, "text", required=False)


PLACES = TableSpec(
    "places",
    "places.csv",
    (
        Column("place_id", "id"),
        Column("name"),
        Column("country"),
        Column("lat", "float", source="coord_source"),
        Column("lon", "float", source="coord_source"),
        _src("coord_source"),
        Column("kind"),
        Column("modes", "list", required=False),
        Column("is_unlocode", "bool"),
        Column("aliases", "list", required=False),
        Column("note", required=False),
    ),
    index="place_id",
)

LINKS = TableSpec(
    "links",
    "links.csv",
    (
        Column("link_id", "id"),
        Column("from_id", "id"),
        Column("to_id", "id"),
        Column("mode"),
        Column("length_km", "float", source="length_source", positive=True),
        _src("length_source"),
        Column("speed_kmh", "float", required=False, source="speed_source", positive=True),
        _src("speed_source"),
        Column(
            "capacity_per_day", "float", required=False, source="capacity_source", positive=True
        ),
        Column("capacity_unit", required=False),
        _src("capacity_source"),
        Column("status"),
        Column("open_year", "int", required=False, source="open_year_source"),
        _src("open_year_source"),
        Column("crossing_id", "id", required=False),
        Column("note", required=False),
        Column(
            "cost_usd_per_teu_km",
            "float",
            required=False,
            source="cost_source",
            non_negative=True,
            may_be_absent=True,
        ),
        Column("cost_source", "text", required=False, may_be_absent=True),
    ),
    index="link_id",
)
"""`cost_usd_per_teu_km`: the link's own tariff, both ways (blank: the mode's); a row of
`link_directions.csv` overrides it one way."""

_CAPACITY = ("designed_per_day_low", "designed_per_day_high")
_OBSERVED = ("observed_per_day_low", "observed_per_day_high")

CROSSINGS = TableSpec(
    "crossings",
    "crossings.csv",
    (
        Column("crossing_id", "id"),
        Column("name"),
        Column("place_a", "id"),
        Column("place_b", "id"),
        Column("country_a"),
        Column("country_b"),
        Column("mode"),
        *(
            Column(n, "float", required=False, source="designed_source", non_negative=True)
            for n in _CAPACITY
        ),
        _src("designed_source"),
        *(
            Column(n, "float", required=False, source="observed_source", non_negative=True)
            for n in _OBSERVED
        ),
        _src("observed_source"),
        Column(
            "capacity_per_day", "float", required=False, source="capacity_source", positive=True
        ),
        _src("capacity_source"),
        Column("capacity_unit"),
        Column("opens", "hhmm", source="hours_source"),
        Column("closes", "hhmm", source="hours_source"),
        _src("hours_source"),
        Column("closes_extended", "hhmm", required=False, source="hours_source"),
        Column("note", required=False),
    ),
    index="crossing_id",
)

CROSSING_REGIMES = TableSpec(
    "crossing_regimes",
    "crossing_regimes.csv",
    (
        Column("crossing_id", "id"),
        Column("regime"),
        Column("min_h", "float", source="source", non_negative=True),
        Column("mode_h", "float", source="source", non_negative=True),
        Column("max_h", "float", source="source", non_negative=True),
        Column("cost_usd", "float", source="source", non_negative=True),
        _src("source"),
    ),
)

TRANSFERS = TableSpec(
    "transfers",
    "transfers.csv",
    (
        Column("place_id", "id"),
        Column("mode_a"),
        Column("mode_b"),
        Column("kind"),
        Column("time_h", "float", source="source", non_negative=True),
        Column("cost_usd_per_teu", "float", source="source", non_negative=True),
        Column("capacity_teu_per_day", "float", required=False, source="source", positive=True),
        _src("source"),
    ),
)

SERVICES = TableSpec(
    "services",
    "services.csv",
    (
        Column("service_id", "id"),
        Column("name"),
        Column("mode"),
        Column("stops", "list"),
        Column("departures_per_week", "float", source="source", positive=True),
        Column("scheduled_time_h", "float", required=False, source="source", positive=True),
        _src("source"),
        Column("runs", required=False, may_be_absent=True),
        Column(
            "teu_per_departure",
            "float",
            required=False,
            source="capacity_source",
            positive=True,
            may_be_absent=True,
        ),
        Column("capacity_source", required=False, may_be_absent=True),
    ),
    index="service_id",
)
"""`runs`: `both` (blank) or `forward` (only in the order of `stops`); `teu_per_departure`
blank: the capacity unit's TEU per train, vessel or truck (the assignment's settings)."""

DIRECTIONS = TableSpec(
    "directions",
    "link_directions.csv",
    (
        Column("link_id", "id"),
        Column("from_id", "id"),
        Column("speed_kmh", "float", required=False, source="source", positive=True),
        Column("cost_usd_per_teu_km", "float", required=False, source="source", non_negative=True),
        Column("source"),
        Column("note", required=False),
    ),
)
"""What differs by direction on a link (optional file): one row per link and direction of
travel (from `from_id`, one of the link's two ends); a blank figure keeps the link's own."""

LINES = TableSpec(
    "lines",
    "lines.csv",
    (
        Column("line_id", "id"),
        Column("footnote", "int"),
        Column("name"),
        Column("paper_km", "float", required=False, source="source", positive=True),
        Column("waypoints", "list"),
        Column("modes", "list"),
        Column("status"),
        _src("source"),
    ),
    index="line_id",
)

COUNTS = TableSpec(
    "counts",
    "counts.csv",
    (
        Column("count_id", "id"),
        Column("element_kind"),
        Column("element_id", "id"),
        Column("mode"),
        Column("direction"),
        Column("year", "int", required=False, source="source"),
        Column("value", "float", source="source", non_negative=True),
        Column("unit"),
        Column("source"),
        Column("quality"),
        Column("held_out", "bool"),
        Column("counted", required=False),
        Column("note", required=False),
    ),
    index="count_id",
)
"""Observed counts, read apart from `TABLE_SPECS`: the network is built without them."""

TABLE_SPECS: tuple[TableSpec, ...] = (
    PLACES,
    LINKS,
    CROSSINGS,
    CROSSING_REGIMES,
    TRANSFERS,
    SERVICES,
    LINES,
)
PARAMETERS_FILE = "parameters.toml"
