"""Delay curves at border crossings: the table the simulation writes and the assignment reads.

One row per crossing, regime and daily flow; curves are non-decreasing in flow, so an
assignment can use them as node delay functions (interpolate between rows, hold the last
slope beyond the end). Columns (units in the names):

| column | meaning |
|---|---|
| crossing_id, regime | keys (a regime registered in `landsea.regimes`) |
| flow_per_day | arrivals per day in one direction, in `flow_unit` (vehicles, trains, vessels) |
| flow_unit | the crossing's capacity unit |
| capacity_per_day | what one direction can clear a day (the simulation's calibration) |
| mean_delay_h, p90_delay_h | mean and P90 of the time at the crossing (process + queue) |
| dataset_dwell_h | the dataset's normal dwell for the regime (what the network graph |
| | charges); the simulation matches it at normal traffic, so `mean_delay_h - dataset_dwell_h` |
| | is the change from normal (negative at light traffic) |
| days, seed, source | provenance: simulated days per point, seed, and how the figures were made |

Writing goes through a temporary file in the same folder, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Hashable, Mapping
from pathlib import Path

import pandas as pd

from landsea.errors import DataError, Location
from landsea.regimes import check_regime

COLUMNS: tuple[str, ...] = (
    "crossing_id",
    "regime",
    "flow_per_day",
    "flow_unit",
    "capacity_per_day",
    "mean_delay_h",
    "p90_delay_h",
    "dataset_dwell_h",
    "days",
    "seed",
    "source",
)
NUMBER_COLUMNS: tuple[str, ...] = (
    "flow_per_day",
    "capacity_per_day",
    "mean_delay_h",
    "p90_delay_h",
    "dataset_dwell_h",
)
INTEGER_COLUMNS: tuple[str, ...] = ("days", "seed")


def check_delay_curves(frame: pd.DataFrame, file: str = "delay curves") -> pd.DataFrame:
    """Check a curves table; returns it with typed columns. Errors name file, row and field.

    Raises:
        DataError: a bad cell or an inconsistent curve (file, row and field named).
    """
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise DataError("missing column", Location(file, field=missing[0]))
    typed = frame.loc[:, list(COLUMNS)].reset_index(drop=True).copy()
    for row, record in enumerate(typed.to_dict(orient="records"), start=1):
        _check_row(record, Location(file, row))
    for column in NUMBER_COLUMNS:
        typed[column] = typed[column].astype(float)
    for column in INTEGER_COLUMNS:
        typed[column] = typed[column].astype(int)
    _check_rising(typed, file)
    return typed


def _number(record: Mapping[Hashable, object], field: str, where: Location) -> float:
    value = record[field]
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DataError(
            f"not a number: {value!r}", Location(where.file, where.row, field)
        ) from None
    if not math.isfinite(number) or number < 0:
        raise DataError(
            f"must be a finite number >= 0, got {value!r}", Location(where.file, where.row, field)
        )
    return number


def _check_row(record: Mapping[Hashable, object], where: Location) -> None:
    for field in ("crossing_id", "flow_unit", "source"):
        if not str(record[field] or "").strip() or str(record[field]) == "nan":
            raise DataError("must not be blank", Location(where.file, where.row, field))
    try:
        check_regime(str(record["regime"]))
    except DataError as err:
        raise DataError(err.reason, Location(where.file, where.row, "regime")) from None
    for field in (*NUMBER_COLUMNS, *INTEGER_COLUMNS):
        _number(record, field, where)
    if _number(record, "capacity_per_day", where) == 0:
        raise DataError("must be positive", Location(where.file, where.row, "capacity_per_day"))


def _check_rising(frame: pd.DataFrame, file: str) -> None:
    """Flows strictly increase and delays never fall within each crossing and regime."""
    for _, group in frame.groupby(["crossing_id", "regime"], sort=False):
        for field, strict in (("flow_per_day", True), ("mean_delay_h", False)):
            steps = group[field].diff().iloc[1:]
            bad = steps[(steps <= 0) if strict else (steps < 0)]
            if not bad.empty:
                row = int(bad.index[0]) + 1
                rule = "increase" if strict else "not fall"
                raise DataError(f"must {rule} along a crossing's curve", Location(file, row, field))


def write_delay_curves(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Check, then write the table as CSV (atomically: a temporary file, then a rename).

    Raises:
        DataError: a table that does not pass `check_delay_curves`; nothing is written.
    """
    target = Path(path)
    table = check_delay_curves(frame, str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=".delay-curves-", suffix=".csv", dir=target.parent
        )
    except OSError as failed:
        raise DataError(f"cannot write here: {failed.strerror}", Location(str(target))) from None
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            table.to_csv(out, index=False, float_format="%.6g", quoting=csv.QUOTE_MINIMAL)
        os.replace(temporary, target)
    except OSError as failed:
        Path(temporary).unlink(missing_ok=True)
        raise DataError(f"cannot write here: {failed.strerror}", Location(str(target))) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def read_delay_curves(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read and check a curves CSV.

    Raises:
        DataError: a missing or unreadable file, or a table that does not pass the checks.
    """
    source = Path(path)
    try:
        frame = pd.read_csv(source, dtype={"crossing_id": str, "regime": str, "source": str})
    except FileNotFoundError as missing:
        raise DataError("file missing", Location(str(source))) from missing
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as bad:
        raise DataError(f"not a CSV table: {bad}", Location(str(source))) from None
    return check_delay_curves(frame, str(source))
