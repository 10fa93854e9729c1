"""`landsea calibrate --report`: before and after matrix estimation, held-out counts apart.

One run of the command (it assigns the corridor about five times) feeds every test here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from landsea.data.bundled import load_corridor, load_counts


def landsea(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "landsea.cli.app", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    done = landsea("calibrate", "--report", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_every_count_is_reported_before_and_after_with_ids(report: dict[str, Any]) -> None:
    counts = load_counts(load_corridor())
    assert report["estimated"] is True
    for stage in ("before", "after"):
        rows = report[stage]["comparisons"]
        assert [c["count_id"] for c in rows] == list(counts.index)
        assert report[stage]["compared"] == sum(c["geh"] is not None for c in rows)
        assert report[stage]["geh_flows"] == "daily"
        assert rows[0]["element_id"] == counts["element_id"].iloc[0]


def test_estimation_reduces_the_error_on_the_counts_it_fits(report: dict[str, Any]) -> None:
    before, after = report["before"]["estimation"], report["after"]["estimation"]
    assert after["compared"] == before["compared"] > 0
    assert after["percent_rmse"] < before["percent_rmse"]
    assert after["share_geh_below_5"] >= before["share_geh_below_5"]


def test_no_demand_cell_moves_beyond_its_bound(report: dict[str, Any]) -> None:
    factors = [cell["factor"] for cell in report["cells"]]
    assert len(factors) == report["odme"]["cells"] > 0
    assert all(1 / 5.0 - 1e-9 <= f <= 5.0 + 1e-9 for f in factors)
    moved = sum(abs(f - 1.0) > 0.10 for f in factors)
    assert report["odme"]["cells_moved_over_10_percent"] == moved > 0
    for cell in report["cells"]:
        assert cell["estimated_teu_per_year"] == pytest.approx(
            cell["prior_teu_per_year"] * cell["factor"]
        )


def test_held_out_counts_are_reported_apart(report: dict[str, Any]) -> None:
    counts = load_counts(load_corridor())
    held = set(counts.index[counts["held_out"]])
    rows = report["after"]["comparisons"]
    assert {c["count_id"] for c in rows if c["held_out"]} == held
    compared_held = [c for c in rows if c["held_out"] and c["geh"] is not None]
    assert report["after"]["held_out"]["compared"] == len(compared_held) > 0


def test_a_bound_of_one_or_less_is_a_usage_error() -> None:
    done = landsea("calibrate", "--report", "--max-factor", "1")
    assert done.returncode == 2
    assert "--max-factor" in done.stderr


def test_the_markdown_table_names_every_compared_count(report: dict[str, Any]) -> None:
    done = landsea("calibrate", "--report", "--no-estimate", "--markdown")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    compared = [c for c in report["before"]["comparisons"] if c["geh"] is not None]
    rows = [line for line in lines if line.startswith("| ") and "GEH" not in line]
    # one row a compared count, then the three summary rows (estimation, held out, all)
    assert len(rows) == len(compared) + 3
    assert "MOHAN_BOTEN_ROAD" not in done.stdout  # names, not ids
    assert "| Mohan / Boten road port |" in done.stdout
    assert rows[-1].startswith(f"| all | {len(compared)} |")


def _after(report: dict[str, Any], count_id: str) -> dict[str, Any]:
    (row,) = [c for c in report["after"]["comparisons"] if c["count_id"] == count_id]
    return row  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "count_id",
    [
        "MOHAN_ROAD_2022_ARRIVED",  # fitted: the northern Lao zones and the R3A road carry trucks
        "HEKOU_ROAD",
        "RUILI_ROAD_EXPORT_2019",
        "RUILI_ROAD_IMPORT_2019",  # held out: Myanmar's farm produce and minerals by road
        "CN_VN_RAIL_2025",
        # fitted: every train south, loaded or not (the trains run in pairs, 6 a day each way);
        # compared with loaded trains only it was 3.1 against 6 (-49 %)
        "CLR_BORDER_2022_SOUTH",
        "CLR_BORDER_2022_NORTH",  # held out
    ],
)
def test_the_named_crossings_are_within_30_percent_after_estimation(
    report: dict[str, Any], count_id: str
) -> None:
    row = _after(report, count_id)
    assert abs(row["modelled_per_day"] / row["observed_per_day"] - 1.0) <= 0.30, row


def test_the_prior_itself_sends_trucks_over_mohan_boten(report: dict[str, Any]) -> None:
    """Before estimation: with Vientiane and Bangkok as the only Lao and Thai zones the prior
    put about 1 truck a day on the Mohan/Boten road; northern Laos and the R3A road carry some."""
    (row,) = [
        c for c in report["before"]["comparisons"] if c["count_id"] == "MOHAN_ROAD_2022_ARRIVED"
    ]
    assert row["modelled_per_day"] > 30.0


def test_most_compared_counts_have_geh_below_5_after_estimation(report: dict[str, Any]) -> None:
    assert report["after"]["share_geh_below_5"] >= 0.85
