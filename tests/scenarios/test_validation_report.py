"""`landsea calibrate --report`: GEH, %RMSE and every count either compared or listed."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pandas as pd
import pytest

from landsea.data.bundled import load_corridor, load_counts
from landsea.scenarios.validation import compare_counts, element_names, geh, percent_rmse


def landsea(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "landsea.cli.app", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def test_geh_matches_a_hand_value() -> None:
    # M = 150, C = 100: sqrt(2 * 50^2 / 250) = sqrt(20) = 4.4721
    assert geh(150.0, 100.0) == pytest.approx(4.47214, abs=1e-5)
    assert geh(0.0, 0.0) == 0.0


def test_percent_rmse_matches_a_hand_value() -> None:
    # errors 10 and -10: RMSE 10, mean count 100 -> 10 %
    assert percent_rmse([110.0, 90.0], [100.0, 100.0]) == pytest.approx(10.0)
    assert math.isnan(percent_rmse([], []))


def test_every_count_is_compared_or_listed_as_not_produced() -> None:
    tables = load_corridor()
    counts = load_counts(tables)
    crossings = pd.DataFrame({"crossing_id": list(tables.crossings.index), "trips_per_day": 10.0})
    shuttles = {"trips_out_per_year": 3650.0}
    report = compare_counts(counts, crossings, shuttles, element_names(tables), 2023)
    assert [c.count_id for c in report.comparisons] == list(counts.index)
    for comparison in report.comparisons:
        assert (comparison.geh is None) != (comparison.not_produced is None), comparison
    hekou = next(c for c in report.comparisons if c.count_id == "HEKOU_ROAD")
    assert hekou.modelled_per_day == 10.0
    assert hekou.geh == pytest.approx(geh(10.0, 400.0))
    assert hekou.element_name == tables.crossings.loc["HEKOU_KIMTHANH_ROAD", "name"]
    trains = next(c for c in report.comparisons if c.count_id == "CLR_BORDER_2022_SOUTH")
    assert trains.observed_per_day == pytest.approx(6.0)  # 42 trains a week
    assert 0.0 <= report.share_geh_below_5 <= 1.0


def test_report_json_covers_every_count_with_ids() -> None:
    done = landsea("calibrate", "--report", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    counts = load_counts(load_corridor())
    assert [c["count_id"] for c in report["comparisons"]] == list(counts.index)
    assert report["compared"] == sum(c["geh"] is not None for c in report["comparisons"])
    assert report["geh_flows"] == "daily"
    assert report["comparisons"][0]["element_id"] == counts["element_id"].iloc[0]


def test_a_year_outside_the_counts_exits_2() -> None:
    done = landsea("calibrate", "--report", "--year", "1900")
    assert done.returncode == 2
    assert "--year 1900" in done.stderr
