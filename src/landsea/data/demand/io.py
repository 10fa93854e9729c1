"""Demand tables: validation, CSV and OMX (openmatrix) reading and writing.

A demand table is a DataFrame with one row per (origin, destination, commodity) and columns
`origin`, `destination` (place ids), `commodity`, `teu_per_year` (loaded TEU a year, >= 0).
Places may be given by id or alias (case-insensitive); they come back as ids. Every error names
the file, the row (CSV, 1-based, header excluded) or the matrix cell (OMX), and the field.

OMX layout: one matrix per commodity (name = commodity, TEU per year), square over the zones; the
standard integer mapping `zone` numbers them 1..n, and the file attribute `place_id` (a JSON
list) names them in matrix order (OMX mappings hold only integers).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from landsea.errors import DataError, Location

COLUMNS = ("origin", "destination", "commodity", "teu_per_year")
OMX_MAPPING = "zone"
OMX_PLACES = "place_id"


def place_lookup(places: pd.DataFrame) -> dict[str, str]:
    """Upper-cased id and alias -> place id, from a places table (index place_id, `aliases`)."""
    lookup: dict[str, str] = {}
    for place_id, row in places.iterrows():
        lookup[str(place_id).upper()] = str(place_id)
        for alias in row.get("aliases", ()) or ():
            lookup.setdefault(str(alias).upper(), str(place_id))
    return lookup


def validate_demand(
    table: pd.DataFrame,
    places: Mapping[str, str],
    commodities: Collection[str],
    origin: str,
) -> pd.DataFrame:
    """Checked copy with place ids resolved; DataError naming `origin`, row and field."""
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise DataError(
            f"missing column(s) {', '.join(missing)}", Location(origin, field=missing[0])
        )
    out = table.reset_index(drop=True).copy()
    for i, row in out.iterrows():
        row_no = int(str(i)) + 1
        for field in ("origin", "destination"):
            key = str(row[field]).strip().upper()
            if key not in places:
                raise DataError(f"unknown place {row[field]!r}", Location(origin, row_no, field))
            out.at[i, field] = places[key]
        if str(row["commodity"]) not in commodities:
            raise DataError(
                f"unknown commodity {row['commodity']!r}; known: {', '.join(sorted(commodities))}",
                Location(origin, row_no, "commodity"),
            )
        _check_teu(row["teu_per_year"], Location(origin, row_no, "teu_per_year"))
    out["teu_per_year"] = out["teu_per_year"].astype(np.float64)
    duplicated = out.duplicated(["origin", "destination", "commodity"], keep="first")
    if duplicated.any():
        row_no = int(np.flatnonzero(duplicated.to_numpy())[0]) + 1
        raise DataError(
            "origin, destination and commodity repeat an earlier row", Location(origin, row_no)
        )
    return out


def _check_teu(value: object, where: Location) -> None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DataError(f"{value!r} is not a number", where) from None
    if not math.isfinite(number) or number < 0:
        raise DataError(f"demand must be finite and >= 0, got {value}", where)


def read_demand_csv(
    path: str | Path, places: Mapping[str, str], commodities: Collection[str]
) -> pd.DataFrame:
    file = Path(path)
    try:
        table = pd.read_csv(file, dtype={"origin": str, "destination": str, "commodity": str})
    except FileNotFoundError:
        raise DataError("file not found", Location(str(file))) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise DataError(f"not a readable CSV: {err}", Location(str(file))) from None
    return validate_demand(table, places, commodities, str(file))


def write_demand_csv(table: pd.DataFrame, path: str | Path) -> None:
    """Write atomically: a temporary file renamed into place, so nothing is half-written."""
    file = Path(path)
    partial = file.with_name(file.name + ".partial")
    table.to_csv(partial, index=False)
    os.replace(partial, file)


def read_demand_omx(
    path: str | Path, places: Mapping[str, str], commodities: Collection[str]
) -> pd.DataFrame:
    import openmatrix as omx

    file = Path(path)
    if not file.is_file():
        raise DataError("file not found", Location(str(file)))
    with omx.open_file(str(file), "r") as store:
        attributes = store.root._v_attrs
        if OMX_PLACES not in attributes._v_attrnames:
            raise DataError(
                f"no {OMX_PLACES!r} attribute naming the zones",
                Location(str(file), field=OMX_PLACES),
            )
        zones = [str(z) for z in json.loads(_text(attributes[OMX_PLACES]))]
        ids = _zone_ids(zones, places, str(file))
        frames = [
            _omx_rows(str(file), name, np.asarray(store[name]), ids, commodities)
            for name in store.list_matrices()
        ]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    return table[list(COLUMNS)]


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _zone_ids(zones: list[str], places: Mapping[str, str], origin: str) -> list[str]:
    ids = []
    for index, zone in enumerate(zones):
        if zone.upper() not in places:
            raise DataError(
                f"zone {index} is {zone!r}, not a place of the network",
                Location(origin, field=f"{OMX_PLACES}[{index}]"),
            )
        ids.append(places[zone.upper()])
    return ids


def _omx_rows(
    origin: str, name: str, matrix: np.ndarray, ids: list[str], commodities: Collection[str]
) -> pd.DataFrame:
    if name not in commodities:
        raise DataError(f"matrix {name!r} is not a commodity", Location(origin, field=name))
    if matrix.shape != (len(ids), len(ids)):
        raise DataError(
            f"matrix is {matrix.shape[0]}x{matrix.shape[1]} but the mapping has {len(ids)} zones",
            Location(origin, field=name),
        )
    bad = np.argwhere(~np.isfinite(matrix) | (matrix < 0))
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise DataError(
            f"demand must be finite and >= 0, got {matrix[i, j]}",
            Location(origin, field=f"{name}[{ids[i]},{ids[j]}]"),
        )
    rows, cols = np.nonzero(matrix > 0)
    return pd.DataFrame(
        {
            "origin": [ids[i] for i in rows],
            "destination": [ids[j] for j in cols],
            "commodity": name,
            "teu_per_year": matrix[rows, cols].astype(np.float64),
        }
    )


def write_demand_omx(table: pd.DataFrame, path: str | Path) -> None:
    """One matrix per commodity over the places that appear in the table (sorted ids)."""
    import openmatrix as omx

    file = Path(path)
    zones = sorted(set(table["origin"]) | set(table["destination"]))
    index = {zone: i for i, zone in enumerate(zones)}
    partial = file.with_name(file.name + ".partial")
    with omx.open_file(str(partial), "w") as store:
        for commodity, group in table.groupby("commodity", sort=True):
            matrix = np.zeros((len(zones), len(zones)))
            rows = group["origin"].map(index).to_numpy()
            cols = group["destination"].map(index).to_numpy()
            np.add.at(matrix, (rows, cols), group["teu_per_year"].to_numpy(np.float64))
            store[str(commodity)] = matrix
        store.create_mapping(OMX_MAPPING, np.arange(1, len(zones) + 1, dtype=np.uint32))
        store.root._v_attrs[OMX_PLACES] = json.dumps(zones)
    os.replace(partial, file)
