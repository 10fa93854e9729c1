"""Public corridor statistics, computed from actual (ACT) tracking events only.

Nothing here names a consignment: every figure aggregates at least `min_consignments` of them,
and a row with fewer is dropped (suppressed), so no single shipment can be recognised.

- Crossing dwell: per crossing, from a consignment's first actual arrival at either side to its
  last actual departure from either side; P10, P50, P90 and mean in hours (no minimum or
  maximum: each would be one consignment's own dwell). P10 and P90 stand in for the `min_h` and
  `max_h` process-time columns of `crossing_regimes.csv` when a scenario calibrates against them.
- Daily volumes: consignments leaving each crossing per UTC day.
- Lanes: door-to-door actual time per origin, destination and mode sequence.
- Lines: door-to-door time along the paper's named lines (`lines.csv`): a consignment counts
  for a line when the line's waypoints appear in order on its itinerary; its time runs from its
  first actual departure at the first waypoint to its last actual arrival at the last.
- Time-distance: along each lane, the median cumulative hours at each place of the itinerary
  against its cumulative distance (the UNESCAP time/cost-distance method, time side: prices are
  not in events, so the cost side stays with the model).
"""

from __future__ import annotations

import pandas as pd

from landsea.vocabulary import ARRIVAL_EVENTS, DEPARTURE_EVENTS

ARRIVING = {str(code) for _, code in ARRIVAL_EVENTS}  # type codes: the events say which ones
LEAVING = {str(code) for _, code in DEPARTURE_EVENTS}

DWELL_COLUMNS = [
    "crossing_id",
    "n_consignments",
    "dwell_p10_h",
    "dwell_p50_h",
    "dwell_p90_h",
    "dwell_mean_h",
]
VOLUME_COLUMNS = ["crossing_id", "date", "n_consignments"]
LANE_COLUMNS = [
    "origin",
    "destination",
    "modes",
    "n_consignments",
    "time_p50_h",
    "time_p90_h",
    "length_km",
]
LINE_COLUMNS = ["line_id", "name", "n_consignments", "time_p50_h", "time_p90_h"]
TCD_COLUMNS = [
    "origin",
    "destination",
    "modes",
    "place",
    "distance_km",
    "time_p50_h",
    "n_consignments",
]


def _hours(delta: pd.Series) -> pd.Series:
    return delta.dt.total_seconds() / 3600.0


def crossing_stays(events: pd.DataFrame, crossings: pd.DataFrame) -> pd.DataFrame:
    """Per consignment and crossing: first arrival and last departure at either side.

    `events`: consignment_id, type_code, location, event_datetime (ACT only).
    `crossings`: consignment_id, crossing_id, place_a, place_b.
    """
    sides = pd.concat(
        [
            crossings[["consignment_id", "crossing_id", "place_a"]].rename(
                columns={"place_a": "location"}
            ),
            crossings[["consignment_id", "crossing_id", "place_b"]].rename(
                columns={"place_b": "location"}
            ),
        ]
    )
    at = events.merge(sides, on=["consignment_id", "location"])
    arrivals = at[at["type_code"].isin(ARRIVING)].groupby(["consignment_id", "crossing_id"])
    departures = at[at["type_code"].isin(LEAVING)].groupby(["consignment_id", "crossing_id"])
    stays = pd.concat(
        {"arrived": arrivals["event_datetime"].min(), "left": departures["event_datetime"].max()},
        axis=1,
    ).dropna()
    stays = stays[stays["left"] >= stays["arrived"]].reset_index()
    stays["dwell_h"] = _hours(stays["left"] - stays["arrived"])
    return stays


def crossing_dwell(stays: pd.DataFrame, min_consignments: int) -> pd.DataFrame:
    """Dwell per crossing: P10, P50, P90 and mean hours. No minimum or maximum: each is one
    consignment's own figure, which the suppression threshold is there to keep unpublished."""
    if stays.empty:
        return pd.DataFrame(columns=DWELL_COLUMNS)
    grouped = stays.groupby("crossing_id")["dwell_h"]
    table = pd.DataFrame(
        {
            "n_consignments": grouped.size(),
            "dwell_p10_h": grouped.quantile(0.1),
            "dwell_p50_h": grouped.quantile(0.5),
            "dwell_p90_h": grouped.quantile(0.9),
            "dwell_mean_h": grouped.mean(),
        }
    ).reset_index()
    return _suppressed(table, min_consignments, DWELL_COLUMNS)


def daily_volumes(stays: pd.DataFrame, min_consignments: int) -> pd.DataFrame:
    """Consignments leaving each crossing per UTC day, suppressed below `min_consignments`."""
    if stays.empty:
        return pd.DataFrame(columns=VOLUME_COLUMNS)
    days = stays.assign(date=stays["left"].dt.strftime("%Y-%m-%d"))
    table = days.groupby(["crossing_id", "date"]).size().rename("n_consignments").reset_index()
    return _suppressed(table, min_consignments, VOLUME_COLUMNS)


def lanes(events: pd.DataFrame, consignments: pd.DataFrame, min_consignments: int) -> pd.DataFrame:
    """`consignments`: consignment_id, origin, destination, modes, length_km."""
    if events.empty or consignments.empty:
        return pd.DataFrame(columns=LANE_COLUMNS)
    trips = _door_to_door(events, consignments)
    grouped = trips.groupby(["origin", "destination", "modes"])
    table = pd.DataFrame(
        {
            "n_consignments": grouped.size(),
            "time_p50_h": grouped["time_h"].quantile(0.5),
            "time_p90_h": grouped["time_h"].quantile(0.9),
            "length_km": grouped["length_km"].median(),
        }
    ).reset_index()
    return _suppressed(table, min_consignments, LANE_COLUMNS)


def _door_to_door(events: pd.DataFrame, consignments: pd.DataFrame) -> pd.DataFrame:
    at = events.merge(consignments, on="consignment_id")
    start = at[(at["location"] == at["origin"]) & at["type_code"].isin(LEAVING)]
    end = at[(at["location"] == at["destination"]) & at["type_code"].isin(ARRIVING)]
    times = pd.concat(
        {
            "left": start.groupby("consignment_id")["event_datetime"].min(),
            "arrived": end.groupby("consignment_id")["event_datetime"].max(),
        },
        axis=1,
    ).dropna()
    times["time_h"] = _hours(times["arrived"] - times["left"])
    trips = times[times["time_h"] >= 0].reset_index().merge(consignments, on="consignment_id")
    return trips


def time_distance(
    events: pd.DataFrame, consignments: pd.DataFrame, stops: pd.DataFrame, min_consignments: int
) -> pd.DataFrame:
    """`stops`: consignment_id, place, distance_km (cumulative along the itinerary)."""
    if events.empty or consignments.empty or stops.empty:
        return pd.DataFrame(columns=TCD_COLUMNS)
    at = events.merge(consignments, on="consignment_id")
    start = at[(at["location"] == at["origin"]) & at["type_code"].isin(LEAVING)]
    first = start.groupby("consignment_id")["event_datetime"].min().rename("started")
    seen = at.merge(
        stops, left_on=["consignment_id", "location"], right_on=["consignment_id", "place"]
    ).merge(first, on="consignment_id")
    seen["time_h"] = _hours(seen["event_datetime"] - seen["started"])
    seen = seen[seen["time_h"] >= 0]
    latest = (
        seen.groupby(["consignment_id", "origin", "destination", "modes", "place", "distance_km"])[
            "time_h"
        ]
        .max()
        .reset_index()
    )
    grouped = latest.groupby(["origin", "destination", "modes", "place", "distance_km"])
    table = (
        pd.DataFrame(
            {
                "time_p50_h": grouped["time_h"].median(),
                "n_consignments": grouped.size(),
            }
        )
        .reset_index()
        .sort_values(["origin", "destination", "modes", "distance_km"])
    )
    return _suppressed(table, min_consignments, TCD_COLUMNS)


def _suppressed(table: pd.DataFrame, min_consignments: int, columns: list[str]) -> pd.DataFrame:
    if table.empty:
        return pd.DataFrame(columns=columns)
    kept = table[table["n_consignments"] >= min_consignments]
    return kept[columns].reset_index(drop=True)


def follows(places: tuple[str, ...], waypoints: tuple[str, ...]) -> bool:
    """True when `waypoints` appear in `places` in this order (others may lie between)."""
    remaining = iter(places)
    return bool(waypoints) and all(any(p == w for p in remaining) for w in waypoints)


LegSpan = tuple[int, int, str]  # a leg's first and last position on the itinerary, its mode


def runs_on_line(
    places: tuple[str, ...],
    spans: tuple[LegSpan, ...],
    waypoints: tuple[str, ...],
    modes: frozenset[str],
) -> bool:
    """True when the waypoints lie in order on the itinerary and every leg running between the
    first and the last of them goes by one of the line's modes (a road trip along a rail
    line's waypoints is not a trip on that line)."""
    if not follows(places, waypoints):
        return False
    if not modes:
        return True
    first = places.index(waypoints[0])
    last = places.index(waypoints[-1], first)
    return all(mode in modes for start, end, mode in spans if start < last and end > first)


def line_times(
    events: pd.DataFrame,
    itineraries: dict[str, tuple[str, ...]],
    lines: pd.DataFrame,
    min_consignments: int,
    spans: dict[str, tuple[LegSpan, ...]] | None = None,
) -> pd.DataFrame:
    """`itineraries`: consignment id -> its places in order; `lines`: line_id index, `name`,
    `waypoints` (tuple of place ids) and `modes`; `spans`: consignment id -> its legs' spans
    on the itinerary (without them, modes are not compared)."""
    if events.empty or lines.empty or not itineraries:
        return pd.DataFrame(columns=LINE_COLUMNS)
    leaving = events[events["type_code"].isin(LEAVING)]
    arriving = events[events["type_code"].isin(ARRIVING)]
    left = leaving.groupby(["consignment_id", "location"])["event_datetime"].min()
    arrived = arriving.groupby(["consignment_id", "location"])["event_datetime"].max()
    trips = []
    for line_id, line in lines.iterrows():
        waypoints = tuple(line["waypoints"])
        modes = frozenset(line.get("modes") or ()) if spans is not None else frozenset()
        for cid, places in itineraries.items():
            start, end = (cid, waypoints[0]), (cid, waypoints[-1]) if waypoints else ("", "")
            legs = (spans or {}).get(cid, ())
            on_line = runs_on_line(places, legs, waypoints, modes)
            if on_line and start in left.index and end in arrived.index:
                hours = (arrived[end] - left[start]).total_seconds() / 3600.0
                if hours >= 0:
                    trips.append((str(line_id), str(line["name"]), cid, hours))
    if not trips:
        return pd.DataFrame(columns=LINE_COLUMNS)
    frame = pd.DataFrame(trips, columns=["line_id", "name", "consignment_id", "time_h"])
    grouped = frame.groupby(["line_id", "name"])["time_h"]
    table = pd.DataFrame(
        {
            "n_consignments": grouped.size(),
            "time_p50_h": grouped.quantile(0.5),
            "time_p90_h": grouped.quantile(0.9),
        }
    ).reset_index()
    return _suppressed(table, min_consignments, LINE_COLUMNS)
