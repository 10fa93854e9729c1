"""`landsea calibrate --report`: GEH, %RMSE and every count either compared or listed."""

from __future__ import annotations

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


def test_a_one_way_count_sees_the_loaded_units_that_way_and_both_ways_every_unit() -> None:
    tables = load_corridor()
    counts = load_counts(tables)
    crossings = pd.DataFrame(
        {
            "crossing_id": ["RUILI_MUSE_ROAD"],
            "teu_per_day_a_to_b": [600.0],
            "teu_per_day_b_to_a": [200.0],
            "loaded_trips_per_day": [400.0],  # 800 TEU on trucks of 2 TEU
            "trips_per_day": [600.0],  # 300 a day each way, empties included
        }
    )
    report = compare_counts(counts, crossings, {"trips_out_per_year": 0.0}, {}, 2023)
    by_id = {c.count_id: c for c in report.comparisons}
    assert by_id["RUILI_ROAD_EXPORT_2019"].modelled_per_day == pytest.approx(300.0)
    assert by_id["RUILI_ROAD_IMPORT_2019"].modelled_per_day == pytest.approx(100.0)
    assert by_id["RUILI_ROAD_IMPORT_2019"].held_out
    assert not by_id["RUILI_ROAD_EXPORT_2019"].held_out


def test_a_one_way_count_of_every_unit_sees_the_busier_ways_units_empties_included() -> None:
    # The China-Laos Railway's count is of trains, 6 pairs a day: a train south runs whatever it
    # carries, so the count south is as many trains as the busier way (north here) needs.
    tables = load_corridor()
    counts = load_counts(tables)
    assert counts.loc["CLR_BORDER_2022_SOUTH", "counted"] == "all"
    crossings = pd.DataFrame(
        {
            "crossing_id": ["MOHAN_BOTEN_RAIL"],
            "teu_per_day_a_to_b": [210.0],  # 3 loaded trains of 70 TEU south
            "teu_per_day_b_to_a": [350.0],  # 5 north
            "loaded_trips_per_day": [8.0],
            "trips_per_day": [10.0],  # 5 each way, 2 of the 5 south empty
        }
    )
    report = compare_counts(counts, crossings, {"trips_out_per_year": 0.0}, {}, 2023)
    by_id = {c.count_id: c for c in report.comparisons}
    assert by_id["CLR_BORDER_2022_SOUTH"].modelled_per_day == pytest.approx(5.0)
    assert by_id["CLR_BORDER_2022_NORTH"].modelled_per_day == pytest.approx(5.0)


def test_a_year_outside_the_counts_exits_2() -> None:
    done = landsea("calibrate", "--report", "--year", "1900")
    assert done.returncode == 2
    assert "--year 1900" in done.stderr
