"""Shared helpers for the dataset tests: a private copy of the bundled tables to break."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from landsea.data.bundled import load_corridor
from landsea.data.io import write_tables

EditCell = Callable[[str, int, str, str], Path]


@pytest.fixture
def corridor_copy(tmp_path: Path) -> Path:
    """The bundled corridor written as plain tables into a temporary folder."""
    return write_tables(load_corridor(), tmp_path / "corridor")


@pytest.fixture
def edit_cell(corridor_copy: Path) -> EditCell:
    """Set one cell (1-based data row, header excluded) of a table in the copy; returns the file."""

    def edit(file: str, row: int, field: str, value: str) -> Path:
        path = corridor_copy / file
        header, rows = read_rows(path)
        rows[row - 1][field] = value
        write_rows(path, header, rows)
        return path

    return edit


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
