"""A dataset overlay: observed figures laid over a corridor dataset's own (issue 13.13).

An overlay is a folder holding `crossing_regimes.csv` in the dataset's own columns (written by
`landsea hub observed --out DIR`, each row's `source` saying which hub observed it and when).
Its rows replace the dataset's rows of the same crossing and regime; the others stay. The result
is validated like any dataset, so routing, simulation and scenarios read it as they read the
bundled tables: through `landsea.data.bundled.load_corridor` when `LANDSEA_OVERLAY` names the
folder, or `overlaid(tables, folder)` (`landsea route --overlay DIR`).

Other files in the folder (`observed_sections.csv`, `observed_time_cost.csv`) are for people:
observed section times beside the model's, not read into the network.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pandas as pd

from landsea.data.io import read_csv_table
from landsea.data.schema import CROSSING_REGIMES
from landsea.data.tables import CorridorTables
from landsea.data.validate import check_tables
from landsea.errors import DataError, Location

__all__ = ["overlaid", "read_overlay"]


def read_overlay(folder: str | os.PathLike[str]) -> pd.DataFrame:
    """The overlay's crossing regime rows, typed and checked cell by cell.

    Raises:
        DataError: no `crossing_regimes.csv` in the folder, or a cell that does not fit its
            column (file, row and field named).
    """
    path = Path(folder) / CROSSING_REGIMES.file
    if not path.is_file():
        raise DataError(
            f"{folder} holds no {CROSSING_REGIMES.file}: not an overlay (write one with "
            "`landsea hub observed --out DIR`)"
        )
    return read_csv_table(path, CROSSING_REGIMES, str(path))


def overlaid(tables: CorridorTables, folder: str | os.PathLike[str]) -> CorridorTables:
    """`tables` with the overlay's crossing regimes in place of their own, validated.

    Raises:
        DataError: a bad overlay file, a crossing the dataset does not have (its row named), or
            a result that does not validate.
    """
    overlay = read_overlay(folder)
    file = str(Path(folder) / CROSSING_REGIMES.file)
    known = set(tables.crossings.index)
    for row, crossing_id in enumerate(overlay["crossing_id"], start=1):
        if crossing_id not in known:
            raise DataError(
                f"{crossing_id} is not a crossing of {tables.origin}",
                Location(file, row, "crossing_id"),
            )
    replaced = set(zip(overlay["crossing_id"], overlay["regime"], strict=True))
    own = tables.crossing_regimes
    keep = [(c, r) not in replaced for c, r in zip(own["crossing_id"], own["regime"], strict=True)]
    merged = pd.concat([own[keep], overlay], ignore_index=True)
    result = dataclasses.replace(
        tables, crossing_regimes=merged, origin=f"{tables.origin} with the overlay {folder}"
    )
    check_tables(result, lambda spec: file if spec is CROSSING_REGIMES else spec.file)
    return result
