"""The corridor as the map draws it: places, links and crossings as one GeoJSON document.

Every figure keeps its `source:`/`estimate:` text beside it, so a click on the map can show
where a number comes from. Flows come later and apart (`flow_layer`), from the same assignment
`landsea assign` runs, because it takes seconds and the map should not wait for it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from landsea.regimes import regime_names
from landsea.vocabulary import Commodity, Mode, Objective

if TYPE_CHECKING:
    import pandas as pd

    from landsea.network import Network

# The assignment `landsea assign` runs with its defaults (cli/assign.py): the map's flows.
ASSIGN_ALGORITHM = "logit"
ASSIGN_GAP = 2e-3
ASSIGN_MAX_ITERATIONS = 300


def network_document(network: Network) -> dict[str, Any]:
    """Places, links and crossings as a FeatureCollection; the paper's lines in `lines`."""
    features = [_place_feature(network, str(pid), row) for pid, row in network.places.iterrows()]
    features += [_link_feature(network, str(lid), row) for lid, row in network.links.iterrows()]
    features += [
        _crossing_feature(network, str(cid), row) for cid, row in network.crossings.iterrows()
    ]
    return {"type": "FeatureCollection", "features": features, "lines": paper_lines(network)}


def paper_lines(network: Network) -> list[dict[str, Any]]:
    """The paper's lines as modelled: name, status, km and the links each one runs on."""
    from landsea.routing import model_lines

    return [
        {
            **line.to_dict(),
            "link_ids": [s.link_id for r in line.segments for s in r.steps if s.link_id],
        }
        for line in model_lines(network)
    ]


def vocabulary() -> dict[str, Any]:
    """The words the page's forms offer: modes, regimes, commodities, objectives."""
    return {
        "modes": [str(m) for m in Mode],
        "regimes": list(regime_names()),
        "commodities": [str(c) for c in Commodity],
        "objectives": [str(o) for o in Objective],
    }


def place_choices(network: Network) -> list[dict[str, Any]]:
    """Every place a route may start or end at: id, name, country, aliases (type-ahead)."""
    return [
        {
            "place_id": str(pid),
            "name": str(row["name"]),
            "country": str(row["country"]),
            "kind": str(row["kind"]),
            "aliases": [a for a in _text(row["aliases"]).split(";") if a],
        }
        for pid, row in network.places.iterrows()
    ]


def flow_layer(network: Network) -> dict[str, Any]:
    """Link flows (TEU a day) and crossing loads of the baseline assignment.

    Raises:
        ConvergenceError: the assignment misses its target (as `landsea assign` would).
    """
    from landsea.data.demand import baseline_demand
    from landsea.scenarios.studies.backhaul import shuttle_study

    study = shuttle_study(
        network,
        baseline_demand(network.tables.places),
        algorithm=ASSIGN_ALGORITHM,
        gap=ASSIGN_GAP,
        max_iterations=ASSIGN_MAX_ITERATIONS,
    )
    report = study.to_dict()
    return {
        "source": "landsea assign (baseline demand, logit, defaults)",
        "converged": report["converged"],
        "links": {row["link_id"]: _rounded(row["teu_per_day"]) for row in report["links"]},
        "crossings": {row["crossing_id"]: _clean(row) for row in report["crossings"]},
    }


def _place_feature(network: Network, place_id: str, row: pd.Series) -> dict[str, Any]:
    return _feature(
        _point(network, place_id),
        feature_type="place",
        place_id=place_id,
        name=str(row["name"]),
        country=str(row["country"]),
        kind=str(row["kind"]),
        modes=_joined(row["modes"]),
        source=str(row["coord_source"]),
    )


def _link_feature(network: Network, link_id: str, row: pd.Series) -> dict[str, Any]:
    a, b = str(row["from_id"]), str(row["to_id"])
    return _feature(
        {"type": "LineString", "coordinates": [_lon_lat(network, a), _lon_lat(network, b)]},
        feature_type="link",
        link_id=link_id,
        mode=str(row["mode"]),
        family=_family(str(row["mode"])),
        status=str(row["status"]),
        planned=str(row["status"]) != "operational",
        open_year=_number(row["open_year"]),
        from_name=network.place_name(a),
        to_name=network.place_name(b),
        length_km=_number(row["length_km"]),
        length_source=_text(row["length_source"]),
        speed_kmh=_number(row["speed_kmh"]),
        speed_source=_text(row["speed_source"]),
        capacity_per_day=_number(row["capacity_per_day"]),
        capacity_source=_text(row["capacity_source"]),
        crossing_id=_text(row["crossing_id"]),
    )


def _crossing_feature(network: Network, crossing_id: str, row: pd.Series) -> dict[str, Any]:
    a, b = _lon_lat(network, str(row["place_a"])), _lon_lat(network, str(row["place_b"]))
    return _feature(
        {"type": "Point", "coordinates": [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]},
        feature_type="crossing",
        crossing_id=crossing_id,
        name=str(row["name"]),
        mode=str(row["mode"]),
        countries=f"{row['country_a']}-{row['country_b']}",
        designed_per_day=_number(row["designed_per_day_high"]),
        designed_source=_text(row["designed_source"]),
        observed_per_day=_number(row["observed_per_day_high"]),
        observed_source=_text(row["observed_source"]),
        capacity_unit=str(row["capacity_unit"]),
        hours=f"{_text(row['opens'])}-{_text(row['closes'])}" if _text(row["opens"]) else "",
        hours_source=_text(row["hours_source"]),
    )


def _feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _point(network: Network, place_id: str) -> dict[str, Any]:
    return {"type": "Point", "coordinates": _lon_lat(network, place_id)}


def _lon_lat(network: Network, place_id: str) -> list[float]:
    lon, lat = network.place_lon_lat(place_id)
    return [round(lon, 5), round(lat, 5)]


def _family(mode: str) -> str:
    return "rail" if mode.startswith("rail") else mode


def _number(value: Any) -> float | None:
    """A cell as a number, None when empty: JSON has no NaN."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _joined(value: Any) -> str:
    """A tuple cell (modes) as `road, rail_1435`."""
    return ", ".join(map(str, value)) if isinstance(value, tuple | list) else _text(value)


def _text(value: Any) -> str:
    """A cell as text, "" when empty (pandas reads an empty cell as NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _rounded(value: Any) -> float:
    number = _number(value)
    return 0.0 if number is None else round(number, 2)


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (_number(v) if isinstance(v, float) else v) for k, v in row.items()}
