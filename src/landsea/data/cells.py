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


def frame_from_rows(
    spec: TableSpec, rows: Iterable[Mapping[str, Any]] | pd.DataFrame, file: str
) -> pd.DataFrame:
    """Typed DataFrame from raw rows (dicts of text, or a frame of text); rows count from 1.

    Cells are parsed a column at a time (a GMNS network of 200,000 links reads in seconds);
    the problem reported is the first in reading order (row, then column), as a person fixing
    the file would meet it.

    Raises:
        DataError: a cell that does not fit its column (file, row and field named).
    """
    text = _text_columns(spec, rows)
    parsed: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for order, column in enumerate(spec.columns):
        values, problem = _PARSERS[column.kind](text[column.name], column)
        parsed[column.name] = values
        if problem is not None:
            problems.append((problem[0] + 1, 0, order, column.name, problem[1]))
        if column.source is not None:
            problems.extend(_unsourced(column, order, text[column.name], text[column.source]))
    if spec.index is not None:
        problems.extend(_duplicate_ids(spec.index, text[spec.index]))
    if problems:
        row, _, _, field, message = min(problems)
        raise DataError(message, Location(file, row, field))
    frame = pd.DataFrame(
        {column.name: _series(column, parsed[column.name]) for column in spec.columns},
        columns=list(spec.column_names),
    )
    if spec.index is not None:
        frame = frame.set_index(spec.index)
    return frame


# (1-based row, phase, column order, field, message): min() is the first in reading order.
Problem = tuple[int, int, int, str, str]
# A column parser: the converted values and the first (0-based position, message) problem.
Parsed = tuple[list[Any], tuple[int, str] | None]


def _text_columns(
    spec: TableSpec, rows: Iterable[Mapping[str, Any]] | pd.DataFrame
) -> dict[str, list[str]]:
    if isinstance(rows, pd.DataFrame):
        blank = [""] * len(rows)
        return {
            column.name: [_clean(v) for v in rows[column.name].tolist()]
            if column.name in rows.columns
            else list(blank)
            for column in spec.columns
        }
    records = list(rows)
    return {column.name: [_clean(r.get(column.name)) for r in records] for column in spec.columns}


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _unsourced(column: Column, order: int, texts: list[str], sources: list[str]) -> list[Problem]:
    for position, (text, source) in enumerate(zip(texts, sources, strict=True)):
        if text and not source.startswith(SOURCE_PREFIXES):
            message = f"{column.name} has no source: write 'source: citation' or 'estimate: how'"
            assert column.source is not None
            return [(position + 1, 1, order, column.source, message)]
    return []


def _duplicate_ids(name: str, texts: list[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    for position, key in enumerate(texts):
        if key and key in seen:
            message = f"duplicate id {key!r} (first on row {seen[key] + 1})"
            return [(position + 1, 2, 0, name, message)]
        seen.setdefault(key, position)
    return []


def _blank_problem(column: Column, position: int) -> tuple[int, str] | None:
    return (position, "missing value") if column.required else None


def _floats(texts: list[str], column: Column) -> Parsed:
    values: list[float] = []
    for position, text in enumerate(texts):
        if not text:
            values.append(math.nan)
            problem = _blank_problem(column, position)
            if problem:
                return values, problem
            continue
        try:
            number = float(text)
        except ValueError:
            return values, (position, f"not a number: {text!r}")
        if not math.isfinite(number):
            return values, (position, f"not a finite number: {text!r}")
        sign = _sign_problem(number, column)
        if sign:
            return values, (position, sign)
        values.append(number)
    return values, None


def _ints(texts: list[str], column: Column) -> Parsed:
    values: list[Any] = []
    for position, text in enumerate(texts):
        if not text:
            values.append(pd.NA)
            problem = _blank_problem(column, position)
            if problem:
                return values, problem
            continue
        try:
            number = int(text)
        except ValueError:
            return values, (position, f"not a whole number: {text!r}")
        sign = _sign_problem(number, column)
        if sign:
            return values, (position, sign)
        values.append(number)
    return values, None


def _sign_problem(number: float, column: Column) -> str | None:
    if column.positive and number <= 0:
        return f"must be greater than zero, got {number:g}"
    if column.non_negative and number < 0:
        return f"must not be negative, got {number:g}"
    return None


def _matching(pattern: re.Pattern[str], message: str) -> Callable[[list[str], Column], Parsed]:
    def parse(texts: list[str], column: Column) -> Parsed:
        for position, text in enumerate(texts):
            if not text:
                problem = _blank_problem(column, position)
                if problem:
                    return texts, problem
            elif not pattern.match(text):
                return texts, (position, message.format(text))
        return texts, None

    return parse


def _texts(texts: list[str], column: Column) -> Parsed:
    if column.required and "" in texts:
        return texts, (texts.index(""), "missing value")
    return texts, None


def _lists(texts: list[str], column: Column) -> Parsed:
    _, problem = _texts(texts, column)
    return [_split(text) for text in texts], problem


def _bools(texts: list[str], column: Column) -> Parsed:
    values: list[bool] = []
    for position, text in enumerate(texts):
        lowered = text.lower()
        if not text:
            problem = _blank_problem(column, position)
            if problem:
                return values, problem
        elif lowered not in _TRUE and lowered not in _FALSE:
            return values, (position, f"expected yes or no, got {text!r}")
        values.append(lowered in _TRUE)
    return values, None


_PARSERS: dict[str, Callable[[list[str], Column], Parsed]] = {
    "float": _floats,
    "int": _ints,
    "id": _matching(_ID, "malformed id {!r} (letters, digits, '_', '-', '.')"),
    "hhmm": _matching(_HHMM, "not a time HH:MM (00:00-24:00): {!r}"),
    "bool": _bools,
    "list": _lists,
    "text": _texts,
}


def _series(column: Column, values: list[Any]) -> pd.Series:
    if column.kind == "float":
        return pd.Series(values, dtype="float64")
    if column.kind == "int":
        return pd.Series(values, dtype="Int64")
    if column.kind == "bool":
        return pd.Series(values, dtype="bool")
    return pd.Series(values, dtype="object")


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def require_columns(spec: TableSpec, header: Iterable[str], file: str) -> None:
    """Check that a file's header holds every column of `spec`.

    Raises:
        DataError: a missing column, naming the file and the column.
    """
    present = set(header)
    for column in spec.columns:
        name = column.name
        if name not in present and not column.may_be_absent:
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
