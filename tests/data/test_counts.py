"""The observed-counts table: every count sourced, graded and naming an element the dataset has."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

import pytest

from landsea.data.bundled import load_corridor, load_counts
from landsea.data.io import read_counts
from landsea.data.tables import COUNT_QUALITIES, SOURCE_PREFIXES
from landsea.errors import DataError


def _bundled_counts_copy(tmp_path: Path) -> Path:
    with as_file(files("landsea.data") / "corridor" / "counts.csv") as path:
        target = tmp_path / "counts.csv"
        shutil.copy(path, target)
    return target


def _replace_cell(path: Path, count_id: str, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [
        line.replace(old, new, 1) if line.startswith(count_id + ",") else line for line in lines
    ]
    assert changed != lines, "the edit must change the file"
    path.write_text("".join(changed), encoding="utf-8")


def test_bundled_counts_are_sourced_graded_and_cover_the_border_ports() -> None:
    tables = load_corridor()
    counts = load_counts(tables)
    assert counts["source"].str.startswith(SOURCE_PREFIXES).all()
    assert set(counts["quality"]) <= set(COUNT_QUALITIES)
    counted = set(counts.loc[counts["element_kind"] == "crossing", "element_id"])
    for crossing in (
        "YOUYIGUAN_HUUNGHI_ROAD",
        "HEKOU_KIMTHANH_ROAD",
        "MOHAN_BOTEN_ROAD",
        "RUILI_MUSE_ROAD",
        "MOHAN_BOTEN_RAIL",
        "PINGXIANG_DONGDANG_RAIL",
    ):
        assert crossing in counted


def test_a_count_without_a_source_names_file_row_and_field(tmp_path: Path) -> None:
    path = _bundled_counts_copy(tmp_path)
    _replace_cell(path, "HEKOU_ROAD", "source: [B3] about 400 trucks a day", "")
    with pytest.raises(DataError) as raised:
        read_counts(path, load_corridor())
    assert str(raised.value).startswith(f"{path}:5:source")


def test_a_count_naming_an_unknown_element_names_file_row_and_field(tmp_path: Path) -> None:
    path = _bundled_counts_copy(tmp_path)
    _replace_cell(path, "HEKOU_ROAD", "HEKOU_KIMTHANH_ROAD", "HEKOU_NOWHERE_ROAD")
    with pytest.raises(DataError, match="unknown crossing 'HEKOU_NOWHERE_ROAD'") as raised:
        read_counts(path, load_corridor())
    assert str(raised.value).startswith(f"{path}:5:element_id")


def test_a_count_counting_neither_all_nor_loaded_units_names_file_row_and_field(
    tmp_path: Path,
) -> None:
    path = _bundled_counts_copy(tmp_path)
    _replace_cell(path, "CLR_BORDER_2022_SOUTH", ",A,no,all,", ",A,no,trains,")
    with pytest.raises(DataError, match="unknown counted 'trains'") as raised:
        read_counts(path, load_corridor())
    assert str(raised.value).startswith(f"{path}:10:counted")
