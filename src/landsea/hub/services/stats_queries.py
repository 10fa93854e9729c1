"""Reading what public statistics need from the database (actual events and itineraries)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from landsea.hub import public_stats as stats
from landsea.hub.models import Consignment, ConsignmentCrossing, Leg, TrackingEvent
from landsea.vocabulary import EventClassifier

TABLES = ("crossings", "volumes", "lanes", "lines", "time-distance")


def _frame(session: Session, query: Any, columns: list[str]) -> pd.DataFrame:
    rows = session.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=columns)
    if "event_datetime" in frame:
        frame["event_datetime"] = pd.to_datetime(frame["event_datetime"], utc=True)
    return frame


def _events(session: Session) -> pd.DataFrame:
    query = select(
        TrackingEvent.consignment_id,
        TrackingEvent.type_code,
        TrackingEvent.location,
        TrackingEvent.event_datetime,
    ).where(TrackingEvent.classifier == EventClassifier.ACT)
    return _frame(session, query, ["consignment_id", "type_code", "location", "event_datetime"])


def _crossings(session: Session) -> pd.DataFrame:
    query = select(
        ConsignmentCrossing.consignment_id,
        ConsignmentCrossing.crossing_id,
        ConsignmentCrossing.place_a,
        ConsignmentCrossing.place_b,
    )
    return _frame(session, query, ["consignment_id", "crossing_id", "place_a", "place_b"])


def _legs(session: Session) -> pd.DataFrame:
    query = select(
        Leg.consignment_id, Leg.seq, Leg.mode, Leg.from_place, Leg.to_place, Leg.length_km
    ).order_by(Leg.consignment_id, Leg.seq)
    return _frame(
        session, query, ["consignment_id", "seq", "mode", "from_place", "to_place", "length_km"]
    )


def _consignments(session: Session, legs: pd.DataFrame) -> pd.DataFrame:
    query = select(
        Consignment.id, Consignment.origin, Consignment.destination, Consignment.length_km
    )
    frame = _frame(session, query, ["consignment_id", "origin", "destination", "length_km"])
    modes = legs.groupby("consignment_id", as_index=False).agg(modes=("mode", "+".join))
    return frame.merge(modes, on="consignment_id")


def _stops(legs: pd.DataFrame) -> pd.DataFrame:
    """Cumulative distance at each leg's start and end: the steps of a time-distance profile."""
    if legs.empty:
        return pd.DataFrame(columns=["consignment_id", "place", "distance_km"])
    legs = legs.sort_values(["consignment_id", "seq"]).copy()
    legs["end_km"] = legs.groupby("consignment_id")["length_km"].cumsum()
    legs["start_km"] = legs["end_km"] - legs["length_km"]
    starts = legs[["consignment_id", "from_place", "start_km"]].set_axis(
        ["consignment_id", "place", "distance_km"], axis=1
    )
    ends = legs[["consignment_id", "to_place", "end_km"]].set_axis(
        ["consignment_id", "place", "distance_km"], axis=1
    )
    return pd.concat([starts, ends]).drop_duplicates(["consignment_id", "place"])


def public_table(
    session: Session, name: str, min_consignments: int, lines: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One public table by name (see `TABLES`), suppressed below `min_consignments`.

    `lines`: the network's named lines (index line_id; name, waypoints), for the `lines` table.
    """
    builders: dict[str, Callable[[], pd.DataFrame]] = {
        "lines": lambda: _lines(session, lines, min_consignments),
        "crossings": lambda: stats.crossing_dwell(_stays(session), min_consignments),
        "volumes": lambda: stats.daily_volumes(_stays(session), min_consignments),
        "lanes": lambda: _lanes(session, min_consignments),
        "time-distance": lambda: _time_distance(session, min_consignments),
    }
    return builders[name]()


def _stays(session: Session) -> pd.DataFrame:
    return stats.crossing_stays(_events(session), _crossings(session))


def _lanes(session: Session, min_consignments: int) -> pd.DataFrame:
    legs = _legs(session)
    return stats.lanes(_events(session), _consignments(session, legs), min_consignments)


def _time_distance(session: Session, min_consignments: int) -> pd.DataFrame:
    legs = _legs(session)
    consignments = _consignments(session, legs)
    return stats.time_distance(_events(session), consignments, _stops(legs), min_consignments)


def _itineraries(legs: pd.DataFrame, places: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    itineraries: dict[str, list[str]] = {}
    for cid, leg_id in zip(legs["consignment_id"], legs["id"], strict=True):
        route = itineraries.setdefault(cid, [])
        for place in places[leg_id]:
            if not route or route[-1] != place:
                route.append(place)
    return {cid: tuple(route) for cid, route in itineraries.items()}


def _lines(session: Session, lines: pd.DataFrame | None, min_consignments: int) -> pd.DataFrame:
    if lines is None or lines.empty:
        return stats.line_times(pd.DataFrame(), {}, pd.DataFrame(), min_consignments)
    rows = session.execute(
        select(Leg.consignment_id, Leg.id, Leg.places).order_by(Leg.consignment_id, Leg.seq)
    ).all()
    legs = pd.DataFrame([(r[0], r[1]) for r in rows], columns=["consignment_id", "id"])
    places = {r[1]: list(r[2]) for r in rows}
    return stats.line_times(_events(session), _itineraries(legs, places), lines, min_consignments)
