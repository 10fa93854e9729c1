"""Gauge-change yards of the corridor dataset as `YardSpec`s, with the calibration written down.

The dataset's transfers table says where a gauge change happens and how long it normally takes;
services say how often trains leave on each gauge. The yard's resources are not in the dataset,
so they come from this table (estimates unless a source is named):

- one receiving track, two reach stackers or gantry cranes working a train together;
- 0.05 h (two 90-second lifts) per container and crane, 1 h of shunting and brake test per train;
- trains of 50 TEU in, and on the far side 50 TEU a departure (25 metre-gauge wagons of 2 TEU
  at Vientiane South [R5]); departures from services.csv (trains a week on the far gauge that
  stop at the yard), or 2 a day where none is listed; the first leaves at 06:00.

Overrides per place (`YARD_OVERRIDES`): Alashankou lifts a container in 40 s and turns a whole
train in 1.5 h [G1]: one crane, 40 s, 1 h setup. Vientiane South has 1 standard-gauge track [R5].
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from landsea.data.tables import CorridorTables
from landsea.errors import SimulationError
from landsea.simulation.names import UnknownCrossingError, closest
from landsea.simulation.yard import YardSpec

DEFAULT_DEPARTURES_PER_DAY = 2.0
ALASHANKOU = {"cranes": 1, "lift_h": 40.0 / 3600.0, "setup_h": 1.0,
              "source": "source: [G1] 40 s per container, whole train 1.5 h"}  # fmt: skip
VIENTIANE_SOUTH = {"tracks": 1, "source": "source: [R5] 1 standard-gauge + 2 metre-gauge tracks"}
YARD_OVERRIDES: dict[str, dict[str, Any]] = {"CNAKL": ALASHANKOU, "LAVTS": VIENTIANE_SOUTH}


@dataclass(frozen=True)
class CorridorYard:
    place_id: str
    inbound_mode: str
    outbound_mode: str
    normal_time_h: float  # the dataset's transfer time, for comparison with simulated dwell
    spec: YardSpec

    @property
    def typical_trains_per_day(self) -> float:
        """80% of what the yard can pass on (the lesser of its tracks and its departures)."""
        teu = min(self.spec.outbound_teu_per_day, self.spec.track_teu_per_day)
        return 0.8 * teu / self.spec.inbound_teu


def _departures_per_day(services: pd.DataFrame, place_id: str, mode: str) -> float | None:
    stops_here = services[
        (services["mode"] == mode) & services["stops"].map(lambda s: place_id in s)
    ]
    if stops_here.empty:
        return None
    return float(stops_here["departures_per_week"].sum()) / 7.0


def corridor_yards(
    tables: CorridorTables, inbound_mode: str = "rail_1435"
) -> dict[str, CorridorYard]:
    """Every gauge-change place, working trains that arrive on `inbound_mode` where it can."""
    yards: dict[str, CorridorYard] = {}
    changes = tables.transfers[tables.transfers["kind"] == "gauge_change"]
    for row in changes.to_dict(orient="records"):
        modes = (str(row["mode_a"]), str(row["mode_b"]))
        inbound = inbound_mode if inbound_mode in modes else modes[0]
        outbound = modes[1] if inbound == modes[0] else modes[0]
        place_id = str(row["place_id"])
        name = (
            str(tables.places.loc[place_id, "name"])
            if place_id in tables.places.index
            else place_id
        )
        departures = _departures_per_day(tables.services, place_id, outbound)
        spec = YardSpec(
            name=f"{name}: {inbound} -> {outbound}",
            outbound_per_day=departures or DEFAULT_DEPARTURES_PER_DAY,
            source="estimate: yard table in simulation/yards.py",
        )
        spec = replace(spec, **YARD_OVERRIDES.get(place_id, {}))
        yards[place_id] = CorridorYard(place_id, inbound, outbound, float(row["time_h"]), spec)
    return yards


def resolve_yard(yards: dict[str, CorridorYard], query: str, places: pd.DataFrame) -> str:
    """A yard by place id, name or alias (case-insensitive), with suggestions on a typo."""
    wanted = query.strip().casefold()
    names: dict[str, list[str]] = {}
    for place_id in yards:
        row = places.loc[place_id] if place_id in places.index else None
        aliases = list(row["aliases"]) if row is not None else []
        names[place_id] = [place_id, str(row["name"]) if row is not None else "", *aliases]
        if any(wanted == name.casefold() for name in names[place_id]):
            return place_id
    partial = [pid for pid, all_names in names.items()
               if any(wanted and wanted in name.casefold() for name in all_names)]  # fmt: skip
    if len(partial) == 1:
        return partial[0]
    if not yards:
        raise SimulationError("the dataset has no gauge-change yard")
    raise UnknownCrossingError(f"no gauge-change yard called {query!r}", closest(query, names))
