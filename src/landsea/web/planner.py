"""The route planner's answer: the Pareto options the CLI's `landsea route --pareto` finds.

The request is the CLI's `RouteRequest` and the search is `landsea.routing.pareto_routes` (or
`k_routes` for one objective), so the page and `landsea route` give the same options. What the
page adds: place and crossing names beside the ids, each option's line on the map and its
time/cost-distance rows (`landsea tcd`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsea.network import Network
    from landsea.routing import Route, RouteRequest, Step


@dataclass(frozen=True)
class _Names:
    """Place names, positions and crossing names as dicts: a route has ~50 lookups, and a
    pandas cell lookup costs more than the search itself."""

    places: dict[str, str]
    positions: dict[str, list[float]]
    crossings: dict[str, str]

    def crossing(self, crossing_id: str) -> str:
        return self.crossings.get(crossing_id, crossing_id)


def _names(network: Network) -> _Names:
    def make() -> _Names:
        places = network.places
        positions = {
            str(pid): [round(float(lon), 5), round(float(lat), 5)]
            for pid, lon, lat in zip(places.index, places["lon"], places["lat"], strict=True)
        }
        return _Names(
            {str(k): str(v) for k, v in places["name"].items()},
            positions,
            {str(k): str(v) for k, v in network.crossings["name"].items()},
        )

    return network.memo("web.planner.names", make)


def plan(
    network: Network, request: RouteRequest, *, pareto: bool = True, k: int = 3
) -> dict[str, Any]:
    """The options for `request`: the Pareto set, or the k best by `request.by`.

    Raises:
        UnknownPlaceError, UnknownCrossingError, DataError: a bad request.
        NoRouteError: no route; it names the constraint that cut the last one.
    """
    from landsea.routing import k_routes, pareto_routes, tcd_table

    found = pareto_routes(network, request) if pareto else k_routes(network, request, k)
    names = _names(network)
    labels = [_label(names, rank, r) for rank, r in enumerate(found, start=1)]
    tcd: dict[str, list[dict[str, Any]]] = {label: [] for label in labels}
    for row in tcd_table(found, labels).to_dict("records"):
        tcd[row["route"]].append(_tcd_point(names, row))
    return {
        "request": asdict(request),
        "origin_name": names.places[found[0].origin],
        "destination_name": names.places[found[0].destination],
        "routes": [
            _option(names, r, label, tcd[label]) for r, label in zip(found, labels, strict=True)
        ],
    }


def _option(names: _Names, r: Route, label: str, tcd: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **r.summary(),
        "label": label,
        "crossing_names": [names.crossing(c) for c in r.crossings],
        "legs": [_leg(names, leg) for leg in r.steps],
        "coordinates": [names.positions[r.origin]]
        + [names.positions[leg.to_id] for leg in r.steps if leg.kind == "move"],
        "tcd": tcd,
    }


def _tcd_point(names: _Names, row: dict[Any, Any]) -> dict[str, Any]:
    return {
        "distance_km": round(float(row["distance_km"]), 1),
        "time_h": round(float(row["time_h"]), 2),
        "cost_usd": round(float(row["cost_usd"]), 1),
        "kind": str(row["kind"]),
        "place": names.places.get(str(row["place_id"]), str(row["place_id"])),
    }


def _label(names: _Names, rank: int, r: Route) -> str:
    """`1 road via Mohan / Boten ...`: numbered, with names, as `landsea tcd` labels by id."""
    via = f" via {names.crossing(r.crossings[0])}" if r.crossings else ""
    return f"{rank} {r.mode_mix}{via}"


def _leg(names: _Names, leg: Step) -> dict[str, Any]:
    return {
        **asdict(leg),
        "from_name": names.places[leg.from_id],
        "to_name": names.places[leg.to_id],
        "crossing_name": names.crossing(leg.crossing_id) if leg.crossing_id else "",
    }
