"""Reading what public statistics need from the database (actual events and itineraries)."""

from __future__ import annotations

import threading
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


EVENT_COLUMNS = ["consignment_id", "type_code", "location", "event_datetime"]


def _events(session: Session, after: int = 0) -> pd.DataFrame:
    """Actual events (with their sequence `id`) after a sequence number."""
    query = select(
        TrackingEvent.id,
        TrackingEvent.consignment_id,
        TrackingEvent.type_code,
        TrackingEvent.location,
        TrackingEvent.event_datetime,
    ).where(TrackingEvent.classifier == EventClassifier.ACT, TrackingEvent.id > after)
    return _frame(session, query, ["id", *EVENT_COLUMNS])


class EventLog:
    """The actual events statistics read, kept in memory and topped up with new ones only.

    Events are never changed or removed, so a refresh reads those after the last sequence seen.
    It reads back `OVERLAP` sequences as well: another process may commit a lower sequence
    number after a higher one was read, and the overlap (deduplicated by id) takes it in.
    """

    OVERLAP = 1000

    def __init__(self) -> None:
        self._frame: pd.DataFrame | None = None
        self._lock = threading.Lock()

    def frame(self, session: Session) -> pd.DataFrame:
        """Every actual event so far (columns `EVENT_COLUMNS`)."""
        with self._lock:
            last = 0 if self._frame is None or self._frame.empty else int(self._frame["id"].max())
            new = _events(session, max(0, last - self.OVERLAP))
            if self._frame is None or self._frame.empty:
                merged = new
            elif new.empty:
                merged = self._frame
            else:
                merged = pd.concat([self._frame, new]).drop_duplicates("id", keep="last")
            self._frame = merged
            return merged[EVENT_COLUMNS]


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
    session: Session,
    name: str,
    min_consignments: int,
    lines: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One public table by name (see `TABLES`), suppressed below `min_consignments`.

    `lines`: the network's named lines (index line_id; name, waypoints), for the `lines` table.
    `events`: the actual events (`EventLog.frame`), read from the database when not given.
    """
    acts = _events(session)[EVENT_COLUMNS] if events is None else events
    builders: dict[str, Callable[[], pd.DataFrame]] = {
        "lines": lambda: _lines(session, acts, lines, min_consignments),
        "crossings": lambda: stats.crossing_dwell(_stays(session, acts), min_consignments),
        "volumes": lambda: stats.daily_volumes(_stays(session, acts), min_consignments),
        "lanes": lambda: _lanes(session, acts, min_consignments),
        "time-distance": lambda: _time_distance(session, acts, min_consignments),
    }
    return builders[name]()


def _stays(session: Session, events: pd.DataFrame) -> pd.DataFrame:
    return stats.crossing_stays(events, _crossings(session))


def crossing_stays(session: Session) -> pd.DataFrame:
    """Every consignment's stay at each crossing from the actual events (unsuppressed: the
    caller groups and suppresses), for the observed corridor indicators."""
    return _stays(session, _events(session))


def _lanes(session: Session, events: pd.DataFrame, min_consignments: int) -> pd.DataFrame:
    legs = _legs(session)
    return stats.lanes(events, _consignments(session, legs), min_consignments)


def _time_distance(session: Session, events: pd.DataFrame, min_consignments: int) -> pd.DataFrame:
    legs = _legs(session)
    consignments = _consignments(session, legs)
    return stats.time_distance(events, consignments, _stops(legs), min_consignments)


def _itineraries(
    rows: list[Any],
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[stats.LegSpan, ...]]]:
    """Each consignment's places in order, and each leg's span on them with its mode."""
    routes: dict[str, list[str]] = {}
    spans: dict[str, list[stats.LegSpan]] = {}
    for cid, places, mode in rows:
        route = routes.setdefault(cid, [])
        start = len(route) - 1 if route and places and route[-1] == places[0] else len(route)
        for place in places:
            if not route or route[-1] != place:
                route.append(place)
        spans.setdefault(cid, []).append((start, len(route) - 1, str(mode)))
    return (
        {cid: tuple(route) for cid, route in routes.items()},
        {cid: tuple(legs) for cid, legs in spans.items()},
    )


def _lines(
    session: Session, events: pd.DataFrame, lines: pd.DataFrame | None, min_consignments: int
) -> pd.DataFrame:
    if lines is None or lines.empty:
        return stats.line_times(pd.DataFrame(), {}, pd.DataFrame(), min_consignments)
    rows = session.execute(
        select(Leg.consignment_id, Leg.places, Leg.mode).order_by(Leg.consignment_id, Leg.seq)
    ).all()
    itineraries, spans = _itineraries([(r[0], list(r[1]), r[2]) for r in rows])
    return stats.line_times(events, itineraries, lines, min_consignments, spans)
