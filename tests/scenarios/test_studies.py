"""The paper's studies on the corridor: the China-Laos Railway by year, the Chongqing shuttles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from landsea.data.demand import place_lookup, read_demand
from landsea.network import corridor_network
from landsea.scenarios.studies.backhaul import chongqing_shuttles, shuttle_study
from landsea.scenarios.studies.railway import clr_open
from landsea.vocabulary import COMMODITIES

SMALL_DEMAND = Path(__file__).parents[1] / "fixtures" / "assignment" / "demand_small.csv"


def _structure(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "origin": o,
                "destination": d,
                "commodity": "machinery",
                "mode": m,
                "teu_per_year": teu,
                "teu_km_per_year": teu * 1000.0,
            }
            for o, d, m, teu in rows
        ]
    )


def test_chongqing_shuttles_count_road_trucks_from_nanpeng_and_back() -> None:
    structure = _structure(
        [
            ("CNNPB", "VNHAN", "road", 2706.0),  # 1,353 trucks of 2 TEU
            ("VNHAN", "CNNPB", "road", 214.0),  # 107 trucks
            ("CNNPB", "SGSIN", "sea", 5000.0),  # not a shuttle
            ("CNCKG", "THBKK", "road", 900.0),  # another origin
        ]
    )
    report = chongqing_shuttles(structure, teu_per_truck=2.0)
    assert report["trips_out_per_year"] == pytest.approx(1353.0)
    assert report["trips_back_per_year"] == pytest.approx(107.0)
    assert report["relative_difference"] == pytest.approx(0.0, abs=1e-12)


def test_the_railway_runs_from_its_opening_year() -> None:
    network = corridor_network()
    assert not clr_open(network, 2020)
    assert clr_open(network, 2022)


def test_the_shuttle_study_reports_beside_the_assignment_in_the_documented_order() -> None:
    network = corridor_network()
    demand = read_demand(str(SMALL_DEMAND), place_lookup(network.tables.places), COMMODITIES)
    study = shuttle_study(network, demand, year=2022)
    report = study.to_dict()
    keys = list(report)
    assert keys[-3:] == ["lines", "chongqing_shuttles", "unreachable"]
    assert report["chongqing_shuttles"] == study.shuttles
    assert study.shuttles["paper_back_to_out"] == pytest.approx(107 / 1353)
