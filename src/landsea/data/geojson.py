"""GeoJSON: one FeatureCollection that QGIS opens and landsea reads back unchanged.

Places are Points, links LineStrings, crossings Points midway between their two places; each
feature's properties hold every column of its row plus `feature_type`. The tables without a
geometry (crossing regimes, transfers, services, lines) and the parameters travel in a foreign
member `landsea` (RFC 7946 section 6.1), which GIS tools keep but ignore. On reading, a place's
position comes from its geometry, so moving a point in QGIS moves the place.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from landsea.data.cells import frame_from_rows
from landsea.data.io import publish_file
from landsea.data.params import parameters_from_dict, parameters_to_dict
from landsea.data.schema import (
    CROSSING_REGIMES,
    CROSSINGS,
    LINES,
    LINKS,
    PLACES,
    SERVICES,
    TRANSFERS,
    TableSpec,
)
from landsea.data.tables import CorridorTables
from landsea.data.validate import DataWarning, check_tables
from landsea.errors import DataError, Location

FORMAT_VERSION = 1
FEATURE_SPECS: dict[str, TableSpec] = {"place": PLACES, "link": LINKS, "crossing": CROSSINGS}
MEMBER_SPECS: tuple[TableSpec, ...] = (CROSSING_REGIMES, TRANSFERS, SERVICES, LINES)


def write_geojson(tables: CorridorTables, path: str | os.PathLike[str]) -> Path:
    """Write `tables` as one GeoJSON file (through a temporary file); returns the path."""
    target = Path(path)
    publish_file(target, json.dumps(geojson_document(tables), ensure_ascii=False, indent=1))
    return target


def geojson_document(tables: CorridorTables) -> dict[str, Any]:
    """The FeatureCollection as a JSON-ready dict (also what a web map can serve)."""
    places = tables.places
    features = [
        _feature("place", PLACES, row, _point(places, str(row["place_id"])))
        for row in _records(tables.places)
    ]
    features += [
        _feature("link", LINKS, row, _line(places, str(row["from_id"]), str(row["to_id"])))
        for row in _records(tables.links)
    ]
    features += [
        _feature("crossing", CROSSINGS, row, _midpoint(places, row["place_a"], row["place_b"]))
        for row in _records(tables.crossings)
    ]
    member = _member(tables)
    return {
        "type": "FeatureCollection",
        "landsea": {"format_version": FORMAT_VERSION, **member},
        "features": features,
    }


def _member(tables: CorridorTables) -> dict[str, Any]:
    member: dict[str, Any] = {
        spec.name: [_properties(spec, row) for row in _records(getattr(tables, spec.name))]
        for spec in MEMBER_SPECS
    }
    member["parameters"] = parameters_to_dict(tables.parameters)
    return member


def read_geojson(
    path: str | os.PathLike[str],
    *,
    validate: bool = True,
    defaults: CorridorTables | None = None,
) -> CorridorTables:
    """Read a FeatureCollection written by `write_geojson` (or edited in a GIS).

    A GIS that saves only the features drops the `landsea` member; with `defaults` (the CLI
    passes the bundled corridor) its tables and parameters are taken from there, with a
    DataWarning saying so, and validation then checks that they still fit the features.

    Raises:
        DataError: a file that is not such a FeatureCollection, or tables that do not validate.
    """
    source = Path(path)
    file = str(source)
    document = _load(source)
    member = document.get("landsea")
    if not isinstance(member, dict):
        if defaults is None:
            raise DataError("no 'landsea' member: not a landsea network export", Location(file))
        warnings.warn(
            f"{file}: no 'landsea' member (a GIS may drop it on saving); crossing regimes,"
            " transfers, services, lines and parameters are taken from the bundled corridor",
            DataWarning,
            stacklevel=2,
        )
        member = _member(defaults)
    frames = _feature_frames(document, file)
    for spec in MEMBER_SPECS:
        rows = member.get(spec.name, [])
        if not isinstance(rows, list):
            raise DataError("expected a list of rows", Location(file, field=f"landsea.{spec.name}"))
        frames[spec.name] = frame_from_rows(
            spec, [_cells(row) for row in rows], f"{file}[{spec.name}]"
        )
    parameters = member.get("parameters")
    if not isinstance(parameters, dict):
        raise DataError("missing parameters", Location(file, field="landsea.parameters"))
    tables = CorridorTables(
        **frames, parameters=parameters_from_dict(parameters, f"{file}[parameters]"), origin=file
    )
    if validate:
        check_tables(tables, locate_in_geojson(file))
    return tables


def locate_in_geojson(file: str) -> Callable[[TableSpec], str]:
    """How validation names a table inside a GeoJSON file: `file[table]`."""
    return lambda spec: f"{file}[{spec.name}]"


def _load(source: Path) -> dict[str, Any]:
    file = str(source)
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError("file missing", Location(file)) from None
    except (OSError, UnicodeDecodeError) as unreadable:
        raise DataError(f"cannot read: {unreadable}", Location(file)) from None
    except json.JSONDecodeError as bad:
        raise DataError(f"not JSON: {bad.msg}", Location(file, bad.lineno)) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise DataError("not a GeoJSON FeatureCollection", Location(file, field="type"))
    return document


def _feature_frames(document: Mapping[str, Any], file: str) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FEATURE_SPECS}
    features = document.get("features")
    if not isinstance(features, list):
        raise DataError("'features' is not a list", Location(file, field="features"))
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise DataError("a feature without properties", Location(file, number, "properties"))
        kind = properties.get("feature_type")
        if kind not in FEATURE_SPECS:
            continue  # a user's own layer (labels, notes) rides along
        cells = _cells(properties)
        if kind == "place":
            cells.update(_coordinates(feature, file, number))
        rows[str(kind)].append(cells)
    return {
        spec.name: frame_from_rows(spec, rows[kind], f"{file}[{spec.name}]")
        for kind, spec in FEATURE_SPECS.items()
    }


def _coordinates(feature: Mapping[str, Any], file: str, number: int) -> dict[str, str]:
    geometry = feature.get("geometry")
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if (
        not isinstance(geometry, dict)
        or geometry.get("type") != "Point"
        or not isinstance(coordinates, list)
        or len(coordinates) < 2
    ):
        raise DataError("a place needs a Point geometry", Location(file, number, "geometry"))
    return {"lon": _cell(coordinates[0]), "lat": _cell(coordinates[1])}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    flat = frame.reset_index() if frame.index.name else frame
    return [{str(key): value for key, value in row.items()} for row in flat.to_dict("records")]


def _feature(kind: str, spec: TableSpec, row: Mapping[str, Any], geometry: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"feature_type": kind, **_properties(spec, row)},
    }


def _properties(spec: TableSpec, row: Mapping[str, Any]) -> dict[str, Any]:
    return {column.name: _json_value(row[column.name]) for column in spec.columns}


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, bool):
        return value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _cells(row: Mapping[str, Any]) -> dict[str, str]:
    return {str(key): _cell(value) for key, value in row.items()}


def _cell(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold, so one parser checks both formats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _point(places: pd.DataFrame, place_id: str) -> dict[str, Any]:
    return {"type": "Point", "coordinates": _position(places, place_id)}


def _line(places: pd.DataFrame, a: str, b: str) -> dict[str, Any] | None:
    if a not in places.index or b not in places.index:
        return None
    return {"type": "LineString", "coordinates": [_position(places, a), _position(places, b)]}


def _midpoint(places: pd.DataFrame, a: Any, b: Any) -> dict[str, Any] | None:
    if a not in places.index or b not in places.index:
        return None
    (x1, y1), (x2, y2) = _position(places, str(a)), _position(places, str(b))
    return {"type": "Point", "coordinates": [(x1 + x2) / 2, (y1 + y2) / 2]}


def _position(places: pd.DataFrame, place_id: str) -> list[float]:
    return [float(places["lon"].loc[place_id]), float(places["lat"].loc[place_id])]
