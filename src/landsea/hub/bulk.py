"""Bulk inserts that stay fast on PostgreSQL: one short statement over arrays (`unnest`).

A multi-row VALUES statement for hundreds of rows is long and unique, and the driver re-parses
its text every time; `INSERT ... SELECT FROM unnest(arrays)` is one short statement whatever the
number of rows. SQLite gets the ordinary multi-row insert.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.orm import Session
from sqlalchemy.types import BigInteger, Boolean, DateTime, Float, Integer, TypeDecorator

_PG_ARRAY_TYPES = [
    (BigInteger, "bigint"),
    (Integer, "integer"),
    (Float, "double precision"),
    (Boolean, "boolean"),
    (DateTime, "timestamp"),
]


def _pg_type(column: Any) -> str:
    kind = column.type
    kind = kind.impl if isinstance(kind, TypeDecorator) else kind
    for python_type, name in _PG_ARRAY_TYPES:
        if isinstance(kind, python_type):
            return name
    return "text"


def _pg_value(value: Any) -> Any:
    # Timestamps are stored as naive UTC (see models.UTCDateTime).
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def pg_insert(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    conflict: Sequence[str] = (),
    returning: Sequence[str] = (),
) -> list[Any]:
    """INSERT rows (all with the same keys) in one statement; ON CONFLICT (cols) DO NOTHING."""
    names = list(rows[0])
    arrays = ", ".join(f"CAST(:{n} AS {_pg_type(table.c[n])}[])" for n in names)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({arrays})"
    if conflict:
        sql += f" ON CONFLICT ({', '.join(conflict)}) DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(returning)}"
    params = {n: [_pg_value(row[n]) for row in rows] for n in names}
    result = session.execute(text(sql), params)
    return list(result.all()) if returning else []
