"""Routes as GeoJSON: one LineString per route, Points at crossings and transfers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from landsea.network.model import Network
from landsea.routing.explain import Route


def routes_geojson(network: Network, routes: Sequence[Route]) -> dict[str, Any]:
    """A FeatureCollection of the routes, ranked in the order given."""
    features: list[dict[str, Any]] = []
    for rank, r in enumerate(routes, start=1):
        features.append(_route_feature(network, r, rank))
        features.extend(_step_features(network, r, rank))
    return {"type": "FeatureCollection", "features": features}


def _coords(network: Network, place_id: str) -> list[float]:
    lon, lat = network.place_lon_lat(place_id)
    return [round(lon, 5), round(lat, 5)]


def _route_feature(network: Network, r: Route, rank: int) -> dict[str, Any]:
    points = [_coords(network, r.origin)]
    for leg in r.steps:
        if leg.kind == "move":
            points.append(_coords(network, leg.to_id))
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": points},
        "properties": {"rank": rank, **r.summary()},
    }


def _step_features(network: Network, r: Route, rank: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": _coords(network, leg.from_id)},
            "properties": {
                "rank": rank,
                "kind": leg.kind,
                "mode": leg.mode,
                "place_id": leg.from_id,
                "crossing_id": leg.crossing_id,
                "regime": leg.regime,
                "time_h": round(leg.time_h, 2),
                "cost_usd": round(leg.cost_usd, 2),
            },
        }
        for leg in r.steps
        if leg.kind in ("crossing", "transfer", "gauge_change")
    ]
