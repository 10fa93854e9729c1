"""Markdown tables, the one way every room writes them (reports, docs, the calibration table)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table_row(cells: Sequence[object]) -> str:
    """One row: `| a | b |`, an empty cell as `| |`."""
    return "|" + "|".join(f" {cell} " if str(cell) else " " for cell in cells) + "|"


def markdown_table(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The header, its rule and the rows, one line each (no newline after the last)."""
    rule = "|" + "---|" * len(header)
    return "\n".join([table_row(header), rule, *(table_row(row) for row in rows)])
