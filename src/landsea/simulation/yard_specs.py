"""Terminals of the corridor dataset as `YardSpec`s: gauge-change yards and sea-rail ports.

The dataset's transfers table says where a gauge change or a sea-rail transfer happens and how
long it normally takes; services say how often trains and ships leave. A terminal's resources
are not in the dataset, so they come from these tables (estimates unless a source is named):

Gauge-change yards (`gauge_change`): one receiving track, two reach stackers or gantry cranes
working a train together; 0.05 h (two 90-second lifts) per container and crane, 1 h of shunting
and brake test per train; trains of 50 TEU in, and on the far side 50 TEU a departure (25
metre-gauge wagons of 2 TEU at Vientiane South [R5]); 2 departures a day where services.csv
lists none.

Sea-rail ports (`sea_rail`), rail in: two loading tracks, block trains of 100 TEU (50 wagons),
feeder ships of 1,000 TEU out, 1 sailing a day where none is listed. Sea in: one berth, three
quay cranes at about 30 moves an hour, 2 h to berth and unberth, ships of 1,000 TEU, trains of
100 TEU out, 2 a day where none is listed. Departures from services.csv (services of the
outbound mode that call at the place, in either direction); the first leaves at 06:00.

Overrides per place (`YARD_OVERRIDES`): Alashankou lifts a container in 40 s and turns a whole
train in 1.5 h [G1]: one crane, 40 s, 1 h setup. Vientiane South has 1 standard-gauge track [R5].
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from landsea.data.tables import CorridorTables
from landsea.errors import SimulationError
from landsea.network.names import resolve_terminal
from landsea.simulation.yard_model import YardSpec
from landsea.vocabulary import Mode

DEFAULT_DEPARTURES_PER_DAY = {"gauge_change": 2.0, "to_sea": 1.0, "to_rail": 2.0}
TERMINAL_KINDS: tuple[str, ...] = ("gauge_change", "sea_rail")
TO_SEA = {"tracks": 2, "inbound_teu": 100, "outbound_teu": 1_000}
TO_RAIL = {
    "tracks": 1,
    "cranes": 3,
    "lift_h": 0.1,
    "setup_h": 2.0,
    "inbound_teu": 1_000,
    "outbound_teu": 100,
}
RESOURCES: dict[str, dict[str, Any]] = {"gauge_change": {}, "to_sea": TO_SEA, "to_rail": TO_RAIL}
ALASHANKOU = {
    "cranes": 1,
    "lift_h": 40.0 / 3600.0,
    "setup_h": 1.0,
    "source": "source: [G1] 40 s per container, whole train 1.5 h",
}
VIENTIANE_SOUTH = {"tracks": 1, "source": "source: [R5] 1 standard-gauge + 2 metre-gauge tracks"}
YARD_OVERRIDES: dict[str, dict[str, Any]] = {"CNAKL": ALASHANKOU, "LAVTS": VIENTIANE_SOUTH}


@dataclass(frozen=True)
class CorridorYard:
    """A terminal of the dataset: where, modes in and out, its normal transfer time, its spec."""

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


def _direction(kind: str, modes: tuple[str, str], inbound_mode: str) -> tuple[str, str, str]:
    """(inbound mode, outbound mode, resource key) for one transfer row."""
    inbound = inbound_mode if inbound_mode in modes else modes[0]
    if kind == "sea_rail" and inbound_mode not in modes:
        inbound = next(mode for mode in modes if mode != "sea")  # the rail-sea train comes in
    outbound = modes[1] if inbound == modes[0] else modes[0]
    if kind == "gauge_change":
        return inbound, outbound, "gauge_change"
    return inbound, outbound, "to_sea" if outbound == "sea" else "to_rail"


def _better(kept: CorridorYard, modes: tuple[str, str], inbound_mode: str) -> bool:
    fits_kept = inbound_mode in (kept.inbound_mode, kept.outbound_mode)
    return not fits_kept and inbound_mode in modes


def corridor_yards(
    tables: CorridorTables, inbound_mode: str = Mode.RAIL_1435
) -> dict[str, CorridorYard]:
    """Every gauge-change yard and sea-rail port, working arrivals on `inbound_mode` where the
    terminal has it (else trains: a gauge change's first mode, a port's rail side)."""
    yards: dict[str, CorridorYard] = {}
    terminals = tables.transfers[tables.transfers["kind"].isin(TERMINAL_KINDS)]
    for row in terminals.to_dict(orient="records"):
        place_id = str(row["place_id"])
        modes = (str(row["mode_a"]), str(row["mode_b"]))
        if place_id in yards and not _better(yards[place_id], modes, inbound_mode):
            continue  # a port served by two rail gauges: the first row that fits the request
        inbound, outbound, key = _direction(str(row["kind"]), modes, inbound_mode)
        departures = _departures_per_day(tables.services, place_id, outbound)
        name = str(tables.places["name"].get(place_id, place_id))
        spec = YardSpec(
            name=f"{name}: {inbound} -> {outbound}",
            outbound_per_day=departures or DEFAULT_DEPARTURES_PER_DAY[key],
            source="estimate: terminal table in simulation/yard_specs.py",
        )
        spec = replace(spec, **RESOURCES[key], **YARD_OVERRIDES.get(place_id, {}))
        yards[place_id] = CorridorYard(place_id, inbound, outbound, float(row["time_h"]), spec)
    return yards


def resolve_yard(yards: dict[str, CorridorYard], query: str, places: pd.DataFrame) -> str:
    """The yard `query` names (as `landsea.network.names` finds a terminal).

    Raises:
        SimulationError: the dataset has no terminal at all.
        UnknownTerminalError: no yard, or several, with the closest names.
    """
    if not yards:
        raise SimulationError("the dataset has no gauge-change yard or sea-rail port")
    return resolve_terminal(places, yards, query)
