"""The corridor network as a value: the validated tables plus cheap derived lookups.

A `Network` is immutable. Scenario levers make edited copies with `with_tables`, so a network
can be shared by a server and shipped to worker processes without anyone changing it under them.
Compiled graphs are cached per set of options on the instance, never globally.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

import pandas as pd

from landsea.data.bundled import load_corridor
from landsea.data.tables import CorridorTables
from landsea.network.graph import GraphOptions, MultimodalGraph, build_graph

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Network:
    """The multimodal corridor network: places, links, crossings, transfers, services, lines."""

    tables: CorridorTables
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def places(self) -> pd.DataFrame:
        """The places table, indexed by place id."""
        return self.tables.places

    @property
    def links(self) -> pd.DataFrame:
        """The links table, indexed by link id."""
        return self.tables.links

    @property
    def crossings(self) -> pd.DataFrame:
        """The border crossings table, indexed by crossing id."""
        return self.tables.crossings

    def with_tables(self, **changes: Any) -> Network:
        """A new network with some tables replaced (a pure edit: this one is untouched)."""
        return Network(dataclasses.replace(self.tables, **changes))

    def graph(self, options: GraphOptions) -> MultimodalGraph:
        """The compiled multimodal graph for these options, built once per network and options.

        Raises:
            DataError: an unknown regime in the options.
        """
        return self.memo(("graph", options), lambda: build_graph(self.tables, options))

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """A value derived from the tables, made once per network (the tables never change)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def place_name(self, place_id: str) -> str:
        """A place's name as people read it."""
        return str(self.places.at[place_id, "name"])

    def place_country(self, place_id: str) -> str:
        """A place's ISO 3166 alpha-2 country code."""
        return str(self.places.at[place_id, "country"])

    def place_lon_lat(self, place_id: str) -> tuple[float, float]:
        """A place's (longitude, latitude) in degrees, in GeoJSON order."""
        record = self.places.loc[place_id].to_dict()
        return float(record["lon"]), float(record["lat"])


def network_from_tables(tables: CorridorTables) -> Network:
    """A network over tables that have been read and validated (`landsea.data.read_tables`)."""
    return Network(tables)


@cache
def corridor_network() -> Network:
    """The bundled corridor network, loaded and validated once per process."""
    return Network(load_corridor())
