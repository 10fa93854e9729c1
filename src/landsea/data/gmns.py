"""GMNS CSV: `node.csv` and `link.csv` with GMNS field names, our other tables beside them.

A GMNS folder written here opens in any GMNS tool (and in QGIS through the WKT `geometry`
column); one written by another tool reads here if its nodes carry a `country` column and its
links a `mode` (or an `allowed_uses` naming one of our modes). Units come from `config.csv`
(`long_length` km, mi or m; `speed` km/h or mph); without one, km and km/h are assumed.

Mapping: node_id=place_id, x_coord=lon, y_coord=lat, node_type=kind; link length=length_km,
free_speed=speed_kmh, allowed_uses=facility_type=mode, directed=false (our links serve both
directions; what differs by direction travels beside them in `link_directions.csv`). Every other
column keeps its landsea name as a GMNS extension field.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from landsea.data.cells import frame_from_rows, text_rows
from landsea.data.io import publish_folder, read_csv_table, read_text_frame, write_csv_table
from landsea.data.params import parameters_to_toml, read_parameters
from landsea.data.schema import (
    CROSSING_REGIMES,
    CROSSINGS,
    DIRECTIONS,
    LINES,
    LINKS,
    PARAMETERS_FILE,
    PLACES,
    SERVICES,
    TRANSFERS,
    TableSpec,
)
from landsea.data.tables import CorridorTables, Parameters
from landsea.data.validate import check_tables
from landsea.errors import DataError, Location
from landsea.vocabulary import MODES

NODE_FILE = "node.csv"
LINK_FILE = "link.csv"
CONFIG_FILE = "config.csv"
USE_FILE = "use_definition.csv"
GMNS_VERSION = "0.96"

# landsea column -> GMNS field, for the columns GMNS names itself.
NODE_FIELDS = {"place_id": "node_id", "lon": "x_coord", "lat": "y_coord", "kind": "node_type"}
LINK_FIELDS = {
    "from_id": "from_node_id",
    "to_id": "to_node_id",
    "length_km": "length",
    "speed_kmh": "free_speed",
}
EXTENSION_SPECS: tuple[TableSpec, ...] = (
    CROSSINGS,
    CROSSING_REGIMES,
    TRANSFERS,
    SERVICES,
    DIRECTIONS,
    LINES,
)
_LENGTH_KM = {
    "km": 1.0,
    "kilometer": 1.0,
    "kilometers": 1.0,
    "kilometre": 1.0,
    "kilometres": 1.0,
    "mi": 1.609344,
    "mile": 1.609344,
    "miles": 1.609344,
    "m": 0.001,
    "meter": 0.001,
    "meters": 0.001,
    "metre": 0.001,
    "metres": 0.001,
}
_SPEED_KMH = {"kmh": 1.0, "km/h": 1.0, "kph": 1.0, "mph": 1.609344}


def write_gmns(tables: CorridorTables, folder: str | os.PathLike[str]) -> Path:
    """Write `tables` as a GMNS folder (all or nothing); returns the folder."""
    target = Path(folder)

    def fill(staging: Path) -> None:
        _write_rows(staging / NODE_FILE, _node_rows(tables))
        _write_rows(staging / LINK_FILE, _link_rows(tables))
        _write_rows(staging / CONFIG_FILE, [_config_row()])
        _write_rows(staging / USE_FILE, [_use_row(mode) for mode in MODES])
        for spec in EXTENSION_SPECS:
            write_csv_table(staging / spec.file, spec, getattr(tables, spec.name))
        (staging / PARAMETERS_FILE).write_text(
            parameters_to_toml(tables.parameters), encoding="utf-8"
        )

    publish_folder(target, fill)
    return target


def read_gmns(
    folder: str | os.PathLike[str],
    default_parameters: Parameters | None = None,
    *,
    validate: bool = True,
    default_mode: str | None = None,
    default_country: str | None = None,
) -> CorridorTables:
    """Read a GMNS folder; tables it lacks (crossings, services ...) come out empty.

    Without a `parameters.toml` beside the files, `default_parameters` are used (the CLI passes
    the bundled ones); with neither, that is an error naming the missing file. A network from
    another tool (osm2gmns, a model export) may lack our `country` and `mode`: `default_country`
    fills a missing `country` column, `default_mode` serves links whose `mode` is blank and whose
    `allowed_uses` names none of our modes (e.g. `auto`).

    Raises:
        DataError: a missing or malformed file, or tables that do not validate.
    """
    root = Path(folder)
    if not root.is_dir():
        raise DataError("not a GMNS folder", Location(str(root)))
    length_factor, speed_factor = _units(root / CONFIG_FILE)
    places = _read_nodes(root / NODE_FILE, default_country)
    links = _read_links(root / LINK_FILE, length_factor, speed_factor, default_mode)
    places = _fill_modes(places, links)
    extensions = {spec.name: _read_extension(root, spec) for spec in EXTENSION_SPECS}
    parameters = _parameters(root, default_parameters)
    tables = CorridorTables(
        places=places, links=links, **extensions, parameters=parameters, origin=str(root)
    )
    if validate:
        check_tables(tables, locate_in_gmns(root))
    return tables


def locate_in_gmns(root: Path) -> Callable[[TableSpec], str]:
    """How validation names the file of each table in a GMNS folder."""
    files = {"places": NODE_FILE, "links": LINK_FILE}
    return lambda spec: str(root / files.get(spec.name, spec.file))


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _node_rows(tables: CorridorTables) -> list[dict[str, str]]:
    rows = []
    for row in text_rows(PLACES, tables.places):
        node = {
            "node_id": row["place_id"],
            "name": row["name"],
            "x_coord": row["lon"],
            "y_coord": row["lat"],
            "node_type": row["kind"],
            "zone_id": "",
        }
        node.update({k: v for k, v in row.items() if k not in NODE_FIELDS and k != "name"})
        rows.append(node)
    return rows


def _link_rows(tables: CorridorTables) -> list[dict[str, str]]:
    places = tables.places
    rows = []
    for row in text_rows(LINKS, tables.links):
        a, b = row["from_id"], row["to_id"]
        link = {
            "link_id": row["link_id"],
            "name": f"{places.at[a, 'name']!s} - {places.at[b, 'name']!s}"
            if a in places.index and b in places.index
            else "",
            "from_node_id": a,
            "to_node_id": b,
            "directed": "false",
            "geometry": _wkt_line(places, a, b),
            "dir_flag": "1",
            "length": row["length_km"],
            "facility_type": row["mode"],
            "free_speed": row["speed_kmh"],
            "allowed_uses": row["mode"],
        }
        link.update({k: v for k, v in row.items() if k not in LINK_FIELDS and k not in link})
        rows.append(link)
    return rows


def _wkt_line(places: pd.DataFrame, a: str, b: str) -> str:
    if a not in places.index or b not in places.index:
        return ""
    points = [
        f"{_coordinate(places, p, 'lon')!r} {_coordinate(places, p, 'lat')!r}" for p in (a, b)
    ]
    return f"LINESTRING ({points[0]}, {points[1]})"


def _coordinate(places: pd.DataFrame, place_id: str, axis: str) -> float:
    return float(places[axis].loc[place_id])


def _config_row() -> dict[str, str]:
    return {
        "dataset_name": "landsea corridor network",
        "short_length": "m",
        "long_length": "km",
        "speed": "kmh",
        "crs": "EPSG:4326",
        "geometry_field_format": "WKT",
        "currency": "USD",
        "version_number": GMNS_VERSION,
        "id_type": "string",
    }


def _use_row(mode: str) -> dict[str, str]:
    return {
        "use": mode,
        "persons_per_vehicle": "0",
        "pce": "",
        "special_conveyance": "",
        "description": f"landsea freight mode {mode} (containers, TEU)",
    }


def _units(path: Path) -> tuple[float, float]:
    if not path.exists():
        return 1.0, 1.0
    rows = read_text_frame(path).to_dict("records")
    if not rows:
        return 1.0, 1.0
    config = rows[0]
    length = str(config.get("long_length") or "km").strip().lower()
    speed = str(config.get("speed") or "kmh").strip().lower()
    if length not in _LENGTH_KM:
        raise DataError(f"unknown length unit {length!r}", Location(str(path), 1, "long_length"))
    if speed not in _SPEED_KMH:
        raise DataError(f"unknown speed unit {speed!r}", Location(str(path), 1, "speed"))
    return _LENGTH_KM[length], _SPEED_KMH[speed]


def _read_nodes(path: Path, default_country: str | None) -> pd.DataFrame:
    file = str(path)
    text = read_text_frame(path)
    header = set(text.columns)
    for field in ("node_id", "x_coord", "y_coord"):
        if field not in header:
            raise DataError("missing column", Location(file, field=field))
    if "country" not in header and default_country is None:
        raise DataError(
            "missing column (landsea needs each node's ISO country; or give a default country)",
            Location(file, field="country"),
        )
    filler = {
        "country": default_country,
        "kind": "city",
        "coord_source": f"estimate: coordinates from {NODE_FILE}, no source column given",
        "is_unlocode": "no",
    }
    places = _renamed(text, NODE_FIELDS, filler)
    if "name" not in header:
        places["name"] = places["place_id"]
    return _frame(PLACES, places, file, NODE_FIELDS)


def _read_links(
    path: Path, length_factor: float, speed_factor: float, default_mode: str | None
) -> pd.DataFrame:
    file = str(path)
    text = read_text_frame(path)
    for field in ("link_id", "from_node_id", "to_node_id", "length"):
        if field not in text.columns:
            raise DataError("missing column", Location(file, field=field))
    filler = {
        "length_source": f"estimate: length from {LINK_FILE}, no source column given",
        "speed_source": f"estimate: free_speed from {LINK_FILE}, no source column given",
        "status": "operational",
    }
    links = _renamed(text, LINK_FIELDS, filler)
    links["mode"] = _link_modes(text, file, default_mode)
    links["length_km"] = _scaled(links["length_km"], length_factor)
    if "speed_kmh" in links.columns:
        links["speed_kmh"] = _scaled(links["speed_kmh"], speed_factor)
    return _frame(LINKS, links, file, LINK_FIELDS)


def _renamed(
    text: pd.DataFrame, fields: Mapping[str, str], filler: Mapping[str, Any]
) -> pd.DataFrame:
    header = set(text.columns)
    renamed = text.rename(columns={theirs: ours for ours, theirs in fields.items()})
    for name, value in filler.items():
        if name not in header and fields.get(name) not in header:
            renamed[name] = value
    return renamed


def _link_modes(text: pd.DataFrame, file: str, default_mode: str | None) -> list[str]:
    given = text["mode"].str.strip().tolist() if "mode" in text.columns else [""] * len(text)
    uses = text["allowed_uses"].tolist() if "allowed_uses" in text.columns else [""] * len(text)
    modes = []
    for number, (mode, allowed) in enumerate(zip(given, uses, strict=True), start=1):
        modes.append(mode or _mode_from_uses(allowed, file, number, default_mode))
    return modes


def _mode_from_uses(allowed: str, file: str, number: int, default_mode: str | None) -> str:
    uses = [u.strip() for u in allowed.split(",") if u.strip()]
    ours = [use for use in uses if use in MODES]
    if len(ours) == 1:
        return ours[0]
    if default_mode is not None:
        return default_mode
    raise DataError(
        f"no mode: allowed_uses {','.join(uses) or '(blank)'} names none (or several) of"
        f" {', '.join(MODES)}; add a 'mode' column or give a default mode",
        Location(file, number, "allowed_uses"),
    )


def _scaled(values: pd.Series, factor: float) -> pd.Series:
    """Numbers converted to km or km/h; cells that are not numbers stay for the cell reader."""
    if factor == 1.0:
        return values
    numbers = pd.to_numeric(values, errors="coerce")
    converted = (numbers * factor).map(lambda x: repr(float(x)))
    return values.where(numbers.isna(), converted)


def _frame(
    spec: TableSpec, rows: pd.DataFrame, file: str, fields: Mapping[str, str]
) -> pd.DataFrame:
    try:
        return frame_from_rows(spec, rows, file)
    except DataError as wrong:
        location = wrong.location
        field = location.field if location is not None else None
        if location is None or field is None or field not in fields:
            raise
        renamed = Location(location.file, location.row, fields[field])
        raise DataError(wrong.reason, renamed) from None


def _fill_modes(places: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Nodes without a `modes` cell serve the modes of their links (a plain GMNS network)."""
    if all(places["modes"].map(len) > 0):
        return places
    served: dict[str, set[str]] = {}
    for end in ("from_id", "to_id"):
        for place, mode in zip(links[end].tolist(), links["mode"].tolist(), strict=True):
            served.setdefault(str(place), set()).add(str(mode))
    filled = places.copy()
    filled["modes"] = [
        modes or tuple(m for m in MODES if m in served.get(str(place), set()))
        for place, modes in zip(places.index, places["modes"], strict=True)
    ]
    return filled


def _read_extension(root: Path, spec: TableSpec) -> pd.DataFrame:
    path = root / spec.file
    if path.exists():
        return read_csv_table(path, spec)
    return frame_from_rows(spec, [], str(path))


def _parameters(root: Path, default: Parameters | None) -> Parameters:
    path = root / PARAMETERS_FILE
    if path.exists() or default is None:
        return read_parameters(path)
    return default
