"""The bundled corridor dataset (ILSTC and Lancang-Mekong), read from the package's files.

>>> tables = load_corridor()
>>> tables.places.loc["CNCKG", "name"]
'Chongqing (city)'
"""

from __future__ import annotations

from importlib.resources import as_file, files

import pandas as pd

from landsea.config import Settings
from landsea.data.io import read_counts, read_tables
from landsea.data.overlay import overlaid
from landsea.data.schema import COUNTS
from landsea.data.tables import CorridorTables

CORRIDOR_PACKAGE = "landsea.data"
CORRIDOR_FOLDER = "corridor"


def load_corridor() -> CorridorTables:
    """Read and validate the bundled tables (a fresh value on every call: callers may cache),
    with the observed overlay `LANDSEA_OVERLAY` names laid over them (`landsea.data.overlay`)."""
    with as_file(files(CORRIDOR_PACKAGE) / CORRIDOR_FOLDER) as folder:
        tables = read_tables(folder)
    overlay = Settings().overlay
    return tables if overlay is None else overlaid(tables, overlay)


def load_counts(tables: CorridorTables) -> pd.DataFrame:
    """Read and check the bundled observed counts (`counts.csv`) against `tables`."""
    with as_file(files(CORRIDOR_PACKAGE) / CORRIDOR_FOLDER / COUNTS.file) as path:
        return read_counts(path, tables)
