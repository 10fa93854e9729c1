"""Observed corridor performance as a dataset overlay the model reads (issue 13.13).

Three tables, read-only from the hub's actual facts:

- `crossing_regimes.csv` in the dataset's own shape (`landsea/data/corridor/SCHEMA.md`): per
  crossing and regime, the observed dwell's P10/P50/P90 as `min_h`/`mode_h`/`max_h`. Dwell under
  `standard` or `single_window` is the consignments' stay at the crossing (first actual arrival
  at either side to last actual departure, as the public statistics); dwell under `tir` is the
  TIR records' (arrival at the exit office to departure from the entry office). Events carry
  no prices, so `cost_usd` stays the model's figure for that crossing and regime (the source
  says so; a regime without its own row takes the standard fee times its `cost_factor`).
- `observed_sections.csv`: per leg section (mode, from, to) run door to door by actual
  departure and arrival: time P50/P90, distance and speed; cost stays blank (no prices).
- `observed_time_cost.csv`: per section, observed time beside the model's time for the same
  section and mode, so modelled and observed time-distance stand side by side.

Rows of fewer than `min_consignments` observations are left out, as in the public statistics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from landsea.data.io import publish_folder, write_csv_table
from landsea.data.schema import CROSSING_REGIMES
from landsea.errors import LandseaError
from landsea.hub.models import ConsignmentCrossing, Leg
from landsea.hub.services import stats_queries, tir
from landsea.network import Network
from landsea.regimes import STANDARD_NAME, regime_names, regime_record
from landsea.routing import RouteRequest, k_routes

REGIME_COLUMNS = ["crossing_id", "regime", "min_h", "mode_h", "max_h", "cost_usd", "source"]
SECTION_COLUMNS = [
    "mode",
    "from_id",
    "to_id",
    "n_observed",
    "length_km",
    "time_p50_h",
    "time_p90_h",
    "speed_kmh",
    "cost_usd",
    "source",
]
COMPARISON_COLUMNS = [
    "mode",
    "from_id",
    "to_id",
    "length_km",
    "modelled_time_h",
    "modelled_cost_usd",
    "observed_time_p50_h",
    "observed_minus_modelled_h",
    "n_observed",
    "source",
]


@dataclass(frozen=True)
class Period:
    """The window observations are taken from (by the time they end), and its label."""

    since: datetime | None = None
    until: datetime | None = None

    def label(self, observed: pd.Series) -> str:
        """`2026-03-01..2026-03-31`: the bounds given, else the first and last observation."""
        seen = observed.dropna()
        first = self.since or (seen.min() if not seen.empty else None)
        last = self.until or (seen.max() if not seen.empty else None)
        if first is None and last is None:
            return "no observations"
        return f"{_day(first, 'no start')}..{_day(last, 'no end')}"

    def keep(self, frame: pd.DataFrame, column: str) -> pd.DataFrame:
        """Rows whose `column` falls in the window."""
        times = pd.to_datetime(frame[column], utc=True)
        mask = pd.Series(True, index=frame.index)
        if self.since is not None:
            mask &= times >= pd.Timestamp(self.since)
        if self.until is not None:
            mask &= times <= pd.Timestamp(self.until)
        return frame[mask]


def _day(moment: datetime | pd.Timestamp | None, missing: str) -> str:
    return missing if moment is None else f"{moment:%Y-%m-%d}"


@dataclass(frozen=True)
class Overlay:
    """The three tables and the source line every row carries."""

    crossing_regimes: pd.DataFrame
    sections: pd.DataFrame
    time_cost: pd.DataFrame
    source: str


def observed_overlay(
    session: Session, network: Network, hub_name: str, period: Period, min_consignments: int
) -> Overlay:
    """The overlay of what this hub observed in `period` (see the module's note)."""
    dwell = _dwell(session, network, period)
    legs = period.keep(_actual_legs(session), "arrived")
    ended = pd.concat([pd.to_datetime(dwell["left"], utc=True), legs["arrived"]])
    source = f"observed, hub {hub_name}, {period.label(ended)}"
    regimes = _regime_rows(dwell, network, source, min_consignments)
    sections = _section_rows(legs, source, min_consignments)
    return Overlay(regimes, sections, _comparison(sections, network, source), source)


def _dwell(session: Session, network: Network, period: Period) -> pd.DataFrame:
    """One row per observed stay: crossing_id, regime, dwell_h, left."""
    stays = stats_queries.crossing_stays(session)
    regimes = pd.DataFrame(
        session.execute(
            select(
                ConsignmentCrossing.consignment_id,
                ConsignmentCrossing.crossing_id,
                ConsignmentCrossing.regime,
            )
        ).all(),
        columns=["consignment_id", "crossing_id", "regime"],
    )
    columns = ["crossing_id", "regime", "dwell_h", "left"]
    frames = []
    if not stays.empty:
        frames.append(stays.merge(regimes, on=["consignment_id", "crossing_id"])[columns])
    frames.append(_tir_dwell(session, network))
    found = [frame for frame in frames if not frame.empty]
    if not found:
        return pd.DataFrame(columns=columns)
    return period.keep(pd.concat(found, ignore_index=True), "left")


def _tir_dwell(session: Session, network: Network) -> pd.DataFrame:
    """Dwell under TIR: arrival at a border's exit office to departure from its entry office
    (consecutive offices en route that are the two sides of one crossing of the network)."""
    rows = []
    by_transport: dict[str, list[tir.ObservedCrossing]] = {}
    for crossing in tir.observed_crossings(session):
        by_transport.setdefault(crossing.transport_id, []).append(crossing)
    sides = _crossing_by_sides(network)
    for crossings in by_transport.values():
        for exit_office, entry_office in pairwise(crossings):
            crossing_id = sides.get((exit_office.place, entry_office.place))
            if crossing_id is None:
                continue
            hours = (entry_office.departed_at - exit_office.arrived_at).total_seconds() / 3600
            rows.append((crossing_id, "tir", hours, entry_office.departed_at))
    return pd.DataFrame(rows, columns=["crossing_id", "regime", "dwell_h", "left"])


def _crossing_by_sides(network: Network) -> dict[tuple[str, str], str]:
    """A crossing by its two sides, either way round; road first (TIR is road transport)."""
    found: dict[tuple[str, str], str] = {}
    table = network.crossings.sort_values("mode", key=lambda m: m != "road", kind="stable")
    for crossing_id, row in table.iterrows():
        for pair in ((row["place_a"], row["place_b"]), (row["place_b"], row["place_a"])):
            found.setdefault((str(pair[0]), str(pair[1])), str(crossing_id))
    return found


def _regime_rows(
    dwell: pd.DataFrame, network: Network, source: str, min_consignments: int
) -> pd.DataFrame:
    if dwell.empty:
        return pd.DataFrame(columns=REGIME_COLUMNS)
    grouped = dwell.groupby(["crossing_id", "regime"])["dwell_h"]
    table = pd.DataFrame(
        {
            "n": grouped.size(),
            "min_h": grouped.quantile(0.1),
            "mode_h": grouped.quantile(0.5),
            "max_h": grouped.quantile(0.9),
        }
    ).reset_index()
    table = table[table["n"] >= min_consignments]
    costs = pd.Series(
        [
            _modelled_cost(network, str(c), str(r))
            for c, r in zip(table["crossing_id"], table["regime"], strict=True)
        ],
        index=table.index,
        dtype=float,
    )
    table = table.assign(cost_usd=costs).dropna(subset=["cost_usd"])
    table["source"] = [
        f"source: {source}; dwell P10/P50/P90 of {n} observations; cost_usd as modelled"
        for n in table["n"]
    ]
    return table[REGIME_COLUMNS].round({"min_h": 2, "mode_h": 2, "max_h": 2})


def _modelled_cost(network: Network, crossing_id: str, regime: str) -> float | None:
    """The dataset's fee for the crossing under the regime; without a row of its own, the
    standard row's scaled by the regime's `cost_factor` (how the dataset derives its rows)."""
    rows = network.tables.crossing_regimes
    at = rows[rows["crossing_id"] == crossing_id].set_index("regime")["cost_usd"]
    if regime in at.index:
        return float(at[regime])
    if STANDARD_NAME in at.index and regime in regime_names():
        return float(at[STANDARD_NAME]) * regime_record(regime).cost_factor
    return None


def _actual_legs(session: Session) -> pd.DataFrame:
    query = select(
        Leg.mode,
        Leg.from_place,
        Leg.to_place,
        Leg.length_km,
        Leg.actual_departure,
        Leg.actual_arrival,
    ).where(Leg.actual_departure.is_not(None), Leg.actual_arrival.is_not(None))
    frame = pd.DataFrame(
        session.execute(query).all(),
        columns=["mode", "from_id", "to_id", "length_km", "departed", "arrived"],
    )
    frame["departed"] = pd.to_datetime(frame["departed"], utc=True)
    frame["arrived"] = pd.to_datetime(frame["arrived"], utc=True)
    return frame


def _section_rows(legs: pd.DataFrame, source: str, min_consignments: int) -> pd.DataFrame:
    if legs.empty:
        return pd.DataFrame(columns=SECTION_COLUMNS)
    legs = legs.assign(time_h=(legs["arrived"] - legs["departed"]).dt.total_seconds() / 3600)
    legs = legs[legs["time_h"] > 0]
    grouped = legs.groupby(["mode", "from_id", "to_id"])
    table = grouped.agg(
        n_observed=("time_h", "size"),
        length_km=("length_km", "median"),
        time_p50_h=("time_h", "median"),
        time_p90_h=("time_h", lambda t: t.quantile(0.9)),
    ).reset_index()
    table = table[table["n_observed"] >= min_consignments]
    table["speed_kmh"] = table["length_km"] / table["time_p50_h"]
    table["cost_usd"] = float("nan")  # events carry no prices yet
    table["source"] = f"source: {source}; door to door by actual departure and arrival"
    return table[SECTION_COLUMNS].round({"time_p50_h": 2, "time_p90_h": 2, "speed_kmh": 1})


def _comparison(sections: pd.DataFrame, network: Network, source: str) -> pd.DataFrame:
    """Observed section time beside the model's fastest time and its cost for the same section
    and mode (observed cost stays blank until events carry prices)."""

    rows = []
    for section in sections.itertuples(index=False):
        request = RouteRequest(
            str(section.from_id),
            str(section.to_id),
            by="time",
            avoid_modes=tuple(_other_modes(network, str(section.mode))),
        )
        try:
            routes = k_routes(network, request, 1)
        except LandseaError:  # a section the model cannot run by that mode: nothing beside it
            continue
        if not routes:
            continue
        modelled = float(routes[0].time_h)
        rows.append(
            (
                section.mode,
                section.from_id,
                section.to_id,
                section.length_km,
                round(modelled, 2),
                round(float(routes[0].cost_usd), 2),
                section.time_p50_h,
                round(float(str(section.time_p50_h)) - modelled, 2),
                section.n_observed,
                f"source: {source}; modelled: landsea route --by time",
            )
        )
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _other_modes(network: Network, mode: str) -> set[str]:
    return {str(m) for m in network.links["mode"].unique()} - {mode}


def write_overlay(overlay: Overlay, out: Path, min_consignments: int) -> None:
    """The overlay's files and `manifest.json` in `out`, written whole or not at all."""

    def fill(staging: Path) -> None:
        write_csv_table(staging / CROSSING_REGIMES.file, CROSSING_REGIMES, overlay.crossing_regimes)
        overlay.sections.to_csv(staging / "observed_sections.csv", index=False)
        overlay.time_cost.to_csv(staging / "observed_time_cost.csv", index=False)
        manifest = {
            "source": overlay.source,
            "min_consignments": min_consignments,
            "files": {
                CROSSING_REGIMES.file: len(overlay.crossing_regimes),
                "observed_sections.csv": len(overlay.sections),
                "observed_time_cost.csv": len(overlay.time_cost),
            },
        }
        text = json.dumps(manifest, indent=2) + "\n"
        (staging / "manifest.json").write_text(text, encoding="utf-8")

    publish_folder(out, fill)
