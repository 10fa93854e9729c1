"""Read a network from any of the formats landsea knows, told apart by what the path holds.

- a `.geojson` or `.json` file: `read_geojson`;
- a folder with `node.csv`: GMNS (`read_gmns`, bundled parameters when it has none);
- a folder with `places.csv`: landsea tables (`read_tables`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from landsea.data.geojson import locate_in_geojson, read_geojson
from landsea.data.gmns import NODE_FILE, locate_in_gmns, read_gmns
from landsea.data.io import locate_in_folder, read_tables
from landsea.data.schema import PLACES, TableSpec
from landsea.data.tables import CorridorTables
from landsea.data.validate import ValidationReport, check_tables, validate_tables
from landsea.errors import DataError, Location

NetworkFormat = Literal["tables", "gmns", "geojson"]


def detect_format(path: str | os.PathLike[str]) -> NetworkFormat:
    """Which reader fits `path`; a DataError naming the path when none does.

    Raises:
        DataError: no reader fits `path`.
    """
    where = Path(path)
    if where.is_file() and where.suffix.lower() in (".geojson", ".json"):
        return "geojson"
    if where.is_dir() and (where / NODE_FILE).exists():
        return "gmns"
    if where.is_dir() and (where / PLACES.file).exists():
        return "tables"
    if not where.exists():
        raise DataError("no such file or folder", Location(str(where)))
    raise DataError(
        f"not a network: expected a .geojson file, or a folder with {NODE_FILE} (GMNS) "
        f"or {PLACES.file} (landsea tables)",
        Location(str(where)),
    )


def read_network(
    path: str | os.PathLike[str],
    *,
    default_mode: str | None = None,
    default_country: str | None = None,
) -> CorridorTables:
    """Read and validate the network at `path` in whichever format it is.

    `default_mode` and `default_country` help a GMNS network from another tool (`read_gmns`).
    """
    tables, locate = _read_unchecked(path, default_mode, default_country)
    check_tables(tables, locate)
    return tables


def inspect_network(
    path: str | os.PathLike[str],
    *,
    default_mode: str | None = None,
    default_country: str | None = None,
) -> ValidationReport:
    """Every cross-table problem and warning of the network at `path`, without raising on them.

    A cell that cannot be read at all (a word where a number belongs, a missing column) still
    raises its DataError, because nothing after it can be checked.
    """
    tables, locate = _read_unchecked(path, default_mode, default_country)
    return validate_tables(tables, locate)


def _read_unchecked(
    path: str | os.PathLike[str], default_mode: str | None, default_country: str | None
) -> tuple[CorridorTables, Callable[[TableSpec], str]]:
    where = Path(path)
    kind = detect_format(where)
    if kind == "geojson":
        from landsea.data.bundled import load_corridor

        tables = read_geojson(where, validate=False, defaults=load_corridor())
        return tables, locate_in_geojson(str(where))
    if kind == "gmns":
        from landsea.data.bundled import load_corridor

        defaults = load_corridor().parameters
        tables = read_gmns(
            where,
            defaults,
            validate=False,
            default_mode=default_mode,
            default_country=default_country,
        )
        return tables, locate_in_gmns(where)
    return read_tables(where, validate=False), locate_in_folder(where)
