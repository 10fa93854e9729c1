"""Cells in, cells out: convert CSV text to typed DataFrame columns per `TableSpec`, and back.

Every failure is a DataError whose Location names the file, the 1-based data row and the field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from landsea.data.schema import Column, TableSpec
from landsea.data.tables import SOURCE_PREFIXES
from landsea.errors import DataError, Location

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
_TRUE = {"yes", "true", "1"}
_FALSE = {"no", "false", "0"}


def frame_from_rows(spec: TableSpec, rows: Iterable[Mapping[str, Any]], file: str) -> pd.DataFrame:
    """Typed DataFrame from raw rows (dicts of text); row numbers in errors count from 1."""
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows, start=1):
        record = {column.name: _cell(raw, column, file, number) for column in spec.columns}
        _check_sources(spec, raw, record, file, number)
        if spec.index is not None:
            key = record[spec.index]
            if key in seen:
                raise DataError(
                    f"duplicate id {key!r} (first on row {seen[key]})",
                    Location(file, number, spec.index),
                )
            seen[key] = number
        records.append(record)
    return _frame(spec, records)


def require_columns(spec: TableSpec, header: Iterable[str], file: str) -> None:
    present = set(header)
    for name in spec.column_names:
        if name not in present:
            raise DataError("missing column", Location(file, field=name))


def text_rows(spec: TableSpec, frame: pd.DataFrame) -> list[dict[str, str]]:
    """The rows of a typed DataFrame as text cells, columns in the spec's order."""
    flat = frame.reset_index() if spec.index is not None else frame
    formatters: dict[str, Callable[[Any], str]] = {
        column.name: _FORMAT[column.kind] for column in spec.columns
    }
    return [
        {
            name: formatters[name](value)
            for name, value in zip(spec.column_names, values, strict=True)
        }
        for values in flat[list(spec.column_names)].itertuples(index=False, name=None)
    ]


def _frame(spec: TableSpec, records: list[dict[str, Any]]) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for column in spec.columns:
        values = [record[column.name] for record in records]
        data[column.name] = _series(column, values)
    frame = pd.DataFrame(data, columns=list(spec.column_names))
    if spec.index is not None:
        frame = frame.set_index(spec.index)
    return frame


def _series(column: Column, values: list[Any]) -> pd.Series:
    if column.kind == "float":
        return pd.Series(values, dtype="float64")
    if column.kind == "int":
        return pd.Series(values, dtype="Int64")
    if column.kind == "bool":
        return pd.Series(values, dtype="bool")
    return pd.Series(values, dtype="object")


def _cell(raw: Mapping[str, Any], column: Column, file: str, row: int) -> Any:
    value = raw.get(column.name)
    text = "" if value is None or _is_nan(value) else str(value).strip()
    where = Location(file, row, column.name)
    if not text:
        if column.required:
            raise DataError("missing value", where)
        return _BLANK[column.kind]
    return _PARSE[column.kind](text, column, where)


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _parse_float(text: str, column: Column, where: Location) -> float:
    try:
        number = float(text)
    except ValueError:
        raise DataError(f"not a number: {text!r}", where) from None
    if not math.isfinite(number):
        raise DataError(f"not a finite number: {text!r}", where)
    _check_sign(number, column, where)
    return number


def _parse_int(text: str, column: Column, where: Location) -> int:
    try:
        number = int(text)
    except ValueError:
        raise DataError(f"not a whole number: {text!r}", where) from None
    _check_sign(number, column, where)
    return number


def _check_sign(number: float, column: Column, where: Location) -> None:
    if column.positive and number <= 0:
        raise DataError(f"must be greater than zero, got {number:g}", where)
    if column.non_negative and number < 0:
        raise DataError(f"must not be negative, got {number:g}", where)


def _parse_id(text: str, column: Column, where: Location) -> str:
    if not _ID.match(text):
        raise DataError(f"malformed id {text!r} (letters, digits, '_', '-', '.')", where)
    return text


def _parse_list(text: str, column: Column, where: Location) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _parse_hhmm(text: str, column: Column, where: Location) -> str:
    if not _HHMM.match(text):
        raise DataError(f"not a time HH:MM (00:00-24:00): {text!r}", where)
    return text


def _parse_bool(text: str, column: Column, where: Location) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise DataError(f"expected yes or no, got {text!r}", where)


def _parse_text(text: str, column: Column, where: Location) -> str:
    return text


_PARSE: dict[str, Callable[[str, Column, Location], Any]] = {
    "text": _parse_text,
    "id": _parse_id,
    "float": _parse_float,
    "int": _parse_int,
    "list": _parse_list,
    "hhmm": _parse_hhmm,
    "bool": _parse_bool,
}
_BLANK: dict[str, Any] = {
    "text": "",
    "id": "",
    "float": math.nan,
    "int": pd.NA,
    "list": (),
    "hhmm": "",
    "bool": False,
}


def _check_sources(
    spec: TableSpec, raw: Mapping[str, Any], record: dict[str, Any], file: str, row: int
) -> None:
    for column in spec.columns:
        if column.source is None or not _present(record[column.name]):
            continue
        source = str(record.get(column.source, "")).strip()
        if not source.startswith(SOURCE_PREFIXES):
            raise DataError(
                f"{column.name} has no source: write 'source: citation' or 'estimate: how'",
                Location(file, row, column.source),
            )


def _present(value: Any) -> bool:
    if value is pd.NA:
        return False
    if isinstance(value, float):
        return not math.isnan(value)
    return value not in ("", ())


def _format_float(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _format_int(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(int(value))


def _format_list(value: Any) -> str:
    return ";".join(value) if value else ""


def _format_bool(value: Any) -> str:
    return "yes" if bool(value) else "no"


def _format_text(value: Any) -> str:
    return "" if value is None else str(value)


_FORMAT: dict[str, Callable[[Any], str]] = {
    "text": _format_text,
    "id": _format_text,
    "float": _format_float,
    "int": _format_int,
    "list": _format_list,
    "hhmm": _format_text,
    "bool": _format_bool,
}
