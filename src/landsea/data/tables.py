"""The corridor tables as one value: `CorridorTables`, its `Parameters`, and the data's own words.

Readers (`landsea.data.io`, `gmns`, `geojson`) build it, `landsea.data.validate` checks it, and the
network room compiles it. DataFrames keep units in column names (`length_km`, `time_h`, `cost_usd`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from landsea.data.schema import DIRECTIONS, TableSpec

PLACE_KINDS: tuple[str, ...] = (
    "city",
    "seaport",
    "river_port",
    "rail_terminal",
    "dry_port",
    "border_crossing",
    "sea_passage",  # a strait, a gulf's mouth or a lane junction at sea: closable, no cargo there
)
SEA_PASSAGE = "sea_passage"
INTERNATIONAL_WATERS = "XZ"  # UN/LOCODE's country code for places at sea; sea passages only
TRANSFER_KINDS: tuple[str, ...] = (
    "sea_rail",
    "sea_road",
    "rail_road",
    "river_road",
    "river_rail",
    "gauge_change",
    "sea_river",
)
LINK_STATUSES: tuple[str, ...] = ("operational", "planned", "under_construction")
CAPACITY_UNITS: tuple[str, ...] = ("vehicles", "trains", "teu", "vessels")
COUNT_ELEMENT_KINDS: tuple[str, ...] = ("crossing", "place", "service", "line")
COUNT_DIRECTIONS: tuple[str, ...] = ("a_to_b", "b_to_a", "both", "unknown")
COUNT_UNITS: tuple[str, ...] = (
    "vehicles_per_day",
    "trains_per_week",
    "trains_per_year",
    "trips_per_year",
    "teu_per_year",
    "tonnes_per_year",
    "trains_cumulative",
    "trips_cumulative",
)
COUNT_QUALITIES: tuple[str, ...] = ("A", "B", "C")
COUNT_COUNTED: tuple[str, ...] = ("all", "loaded")
"""What a count of vehicles or trains counts: every unit that passes, loaded or empty (a gate's
vehicles, both trains of a pair), or only the loaded ones (export or import vehicles)."""
SOURCE_PREFIXES: tuple[str, ...] = ("source:", "estimate:")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ModeParameters(_Frozen):
    """Defaults of one mode; a link's own `speed_kmh` overrides `speed_kmh`."""

    speed_kmh: float = Field(gt=0)
    speed_kmh_source: str
    cost_usd_per_teu_km: float = Field(ge=0)
    cost_usd_per_teu_km_source: str
    co2_kg_per_teu_km: float = Field(ge=0)
    co2_kg_per_teu_km_source: str
    default_departures_per_week: float = Field(ge=0)
    default_departures_per_week_source: str


class CommodityParameters(_Frozen):
    """A commodity class: what a TEU is worth and what an hour of its time costs."""

    value_usd_per_teu: float = Field(gt=0)
    value_usd_per_teu_source: str
    tonnes_per_teu: float = Field(gt=0)
    tonnes_per_teu_source: str
    value_of_time_usd_per_teu_h: float = Field(ge=0)
    value_of_time_usd_per_teu_h_source: str


class Parameters(_Frozen):
    """The model-wide figures of `parameters.toml`, each with its source."""

    modes: dict[str, ModeParameters]
    commodities: dict[str, CommodityParameters]
    carbon_price_usd_per_t_co2: float = Field(ge=0)
    carbon_price_source: str
    loading_time_h: float = Field(ge=0)
    loading_time_source: str
    loading_cost_usd_per_teu: float = Field(ge=0)
    loading_cost_source: str
    link_time_cv: dict[str, float]
    link_time_cv_source: str


@dataclass(frozen=True)
class CorridorTables:
    """The whole dataset: one DataFrame per table plus the parameters.

    `origin` says where the tables came from, for messages. Index and column names follow
    `landsea/data/corridor/SCHEMA.md`; `;`-separated cells arrive as tuples of strings.
    """

    places: pd.DataFrame
    links: pd.DataFrame
    crossings: pd.DataFrame
    crossing_regimes: pd.DataFrame
    transfers: pd.DataFrame
    services: pd.DataFrame
    lines: pd.DataFrame
    parameters: Parameters
    origin: str
    directions: pd.DataFrame = field(default_factory=lambda: _empty(DIRECTIONS))
    """What differs by direction on a link (`link_directions.csv`; empty when absent)."""


def _empty(spec: TableSpec) -> pd.DataFrame:
    """A table of `spec` without rows (an optional file that is absent)."""
    return pd.DataFrame(
        {
            c.name: pd.Series(dtype="float64" if c.kind == "float" else "object")
            for c in spec.columns
        }
    )
