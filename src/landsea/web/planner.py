"""The route planner's answer: the Pareto options the CLI's `landsea route --pareto` finds.

The request is the CLI's `RouteRequest` and the search is `landsea.routing.pareto_routes` (or
`k_routes` for one objective), so the page and `landsea route` give the same options. What the
page adds: place and crossing names beside the ids, each option's line on the map and its
time/cost-distance rows (`landsea tcd`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsea.network import Network
    from landsea.routing import Route, RouteRequest


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
    labels = [_label(network, rank, r) for rank, r in enumerate(found, start=1)]
    tcd = tcd_table(found, labels)
    request_dict = asdict(request)
    return {
        "request": request_dict,
        "origin_name": network.place_name(found[0].origin),
        "destination_name": network.place_name(found[0].destination),
        "routes": [_option(network, r, label, tcd) for r, label in zip(found, labels, strict=True)],
    }


def _option(network: Network, r: Route, label: str, tcd: Any) -> dict[str, Any]:
    rows = tcd[tcd["route"] == label]
    return {
        **r.summary(),
        "label": label,
        "crossing_names": [_crossing_name(network, c) for c in r.crossings],
        "legs": [_leg(network, leg) for leg in r.steps],
        "coordinates": _coordinates(network, r),
        "tcd": [
            {
                "distance_km": round(float(row.distance_km), 1),
                "time_h": round(float(row.time_h), 2),
                "cost_usd": round(float(row.cost_usd), 1),
                "kind": str(row.kind),
                "place": network.place_name(str(row.place_id)),
            }
            for row in rows.itertuples(index=False)
        ],
    }


def _label(network: Network, rank: int, r: Route) -> str:
    """`1 road via Mohan / Boten ...`: numbered, with names, as `landsea tcd` labels by id."""
    via = f" via {_crossing_name(network, r.crossings[0])}" if r.crossings else ""
    return f"{rank} {r.mode_mix}{via}"


def _leg(network: Network, leg: Any) -> dict[str, Any]:
    return {
        **asdict(leg),
        "from_name": network.place_name(leg.from_id),
        "to_name": network.place_name(leg.to_id),
        "crossing_name": _crossing_name(network, leg.crossing_id) if leg.crossing_id else "",
    }


def _crossing_name(network: Network, crossing_id: str) -> str:
    crossings = network.crossings
    return str(crossings.at[crossing_id, "name"]) if crossing_id in crossings.index else crossing_id


def _coordinates(network: Network, r: Route) -> list[list[float]]:
    points = [list(network.place_lon_lat(r.origin))]
    points += [list(network.place_lon_lat(leg.to_id)) for leg in r.steps if leg.kind == "move"]
    return [[round(lon, 5), round(lat, 5)] for lon, lat in points]
