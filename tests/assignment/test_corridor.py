"""The corridor baseline against the paper (issue 3, acceptance 3-5), on the bundled data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landsea.assignment.freight import (
    CorridorAssignment,
    assign_corridor,
)
from landsea.data.demand import baseline_demand
from landsea.network import GraphOptions, corridor_network
from landsea.scenarios.studies.backhaul import chongqing_shuttles


@pytest.fixture(scope="module")
def with_clr() -> CorridorAssignment:
    return assign_corridor(
        corridor_network(),
        baseline_demand(),
        year=2022,
        gap=2e-3,
        max_iterations=300,
        options=GraphOptions(year=2022),
    )


@pytest.fixture(scope="module")
def without_clr() -> CorridorAssignment:
    return assign_corridor(
        corridor_network(),
        baseline_demand(),
        year=2020,
        gap=2e-3,
        max_iterations=300,
        options=GraphOptions(year=2020),
    )


def _crossing(result: CorridorAssignment, crossing_id: str) -> pd.Series:
    return result.crossings.set_index("crossing_id").loc[crossing_id]


def test_pingxiang_road_is_loaded_within_the_observed_band(with_clr: CorridorAssignment) -> None:
    youyiguan = _crossing(with_clr, "YOUYIGUAN_HUUNGHI_ROAD")
    assert 1200 <= youyiguan["trips_per_day"] <= 1500
    assert youyiguan["utilisation_designed"] > 1.0  # above its designed 800-1,000 (fn 37)
    assert youyiguan["utilisation"] < 1.0  # below the 1,500 it is shown to clear


def test_the_chongqing_shuttle_imbalance_is_reproduced_within_14_percent(
    with_clr: CorridorAssignment,
) -> None:
    # 6.6% while the assignment congested Pingxiang road at 1,000 a day and Pingxiang rail at 2
    # trains; 10.0% with the one capacity the simulation uses too (1,500 and 4: issue 11.6);
    # 12.4% with the gateways of issue 11.5: some of Nanpeng's outbound boxes now go by sea from
    # Beihai, Fangchenggang or Nansha (road out 6,352 -> 5,982 TEU a year, back 554 -> 532), so
    # fewer trucks go out than before for the trucks that come back; 9.3% after issue 11.9's
    # Vientiane South day; 13.3% with the northern Lao, Chiang Rai and Shan zones and Laos' and
    # Myanmar's own import mix: their produce back to Nanpeng is bulk, more boxes for its value
    # (294 -> 324 trucks back a year), and the R3A road takes more of Nanpeng's boxes to
    # Thailand by truck (3,405 -> 3,612 out).
    shuttles = chongqing_shuttles(with_clr.structure, teu_per_truck=2.0)
    assert abs(shuttles["relative_difference"]) <= 0.14


def test_the_china_laos_railway_shifts_freight_to_standard_gauge_rail(
    with_clr: CorridorAssignment, without_clr: CorridorAssignment
) -> None:
    def rail_share(result: CorridorAssignment) -> float:
        shares = result.shares_total.set_index("mode")
        return float(shares.loc["rail_1435", "share_teu"])

    assert _crossing(without_clr, "MOHAN_BOTEN_RAIL")["trips_per_day"] == 0.0
    assert _crossing(with_clr, "MOHAN_BOTEN_RAIL")["trips_per_day"] > 0.0
    assert rail_share(with_clr) > rail_share(without_clr)


def test_mode_shares_add_up_and_every_teu_is_assigned(with_clr: CorridorAssignment) -> None:
    assert with_clr.shares_total["share_teu"].sum() == pytest.approx(1.0)
    assert with_clr.shares_total["share_teu_km"].sum() == pytest.approx(1.0)
    assigned = with_clr.structure["teu_per_year"].sum()
    assert assigned == pytest.approx(baseline_demand()["teu_per_year"].sum(), rel=1e-6)
    assert with_clr.unreachable.empty
    assert with_clr.objective is None  # a logit equilibrium minimises another function


def test_backhaul_lists_empty_repositioning_with_its_cost(with_clr: CorridorAssignment) -> None:
    table = with_clr.backhaul.set_index(["place_a", "place_b"])
    nanpeng_bangkok = table.loc[("CNNPB", "THBKK")]
    assert nanpeng_bangkok["empty_direction"] == "THBKK->CNNPB"
    assert nanpeng_bangkok["empty_teu_per_year"] > 0
    assert nanpeng_bangkok["empty_cost_usd_per_year"] > 0
    assert np.isfinite(with_clr.backhaul["balance_ratio"]).all()


def test_a_demand_pair_the_year_cannot_serve_is_reported_not_dropped() -> None:
    demand = pd.DataFrame(
        {
            "origin": ["CNKNM", "CNKNM"],
            "destination": ["MMKYP", "THBKK"],
            "commodity": ["fuels_bulk", "machinery"],
            "teu_per_year": [1000.0, 500.0],
        }
    )
    options = GraphOptions(year=2022)
    result = assign_corridor(
        corridor_network(), demand, year=2022, algorithm="frank-wolfe", gap=1e-4, options=options
    )
    assert result.objective is not None and result.objective > 0
    assert result.structure["teu_per_year"].sum() + result.unreachable[
        "teu_per_year"
    ].sum() == pytest.approx(1500.0)


def test_a_simulated_delay_curve_pushes_freight_off_a_saturated_crossing() -> None:
    from landsea.assignment.delay import curves_from_table
    from landsea.assignment.multimodal_problem import CapacitySettings
    from landsea.data.delay_curves import read_delay_curves

    path = Path(__file__).parents[1] / "fixtures" / "assignment" / "delay_curves.csv"
    curves = curves_from_table(read_delay_curves(path), str(path))
    demand = pd.DataFrame(
        {
            "origin": ["CNNIN"],
            "destination": ["VNHAN"],
            "commodity": ["agri_perishable"],
            "teu_per_year": [400_000.0],
        }
    )

    def youyiguan_trips(capacity: CapacitySettings | None) -> float:
        options = GraphOptions(year=2022)
        result = assign_corridor(
            corridor_network(), demand, year=2022, capacity=capacity, options=options, gap=2e-3
        )
        return float(_crossing(result, "YOUYIGUAN_HUUNGHI_ROAD")["loaded_trips_per_day"])

    with_bpr = youyiguan_trips(None)
    with_curve = youyiguan_trips(CapacitySettings(curves=curves))
    assert with_curve < with_bpr


def test_every_paper_line_gets_a_backhaul_row(with_clr: CorridorAssignment) -> None:
    lines = with_clr.lines.set_index("line_id")
    assert {"fn7-1", "fn7-2", "fn7-3", "fn7-4", "fn7-5"} <= set(lines.index)
    assert (lines["teu_km_per_year_out"] + lines["teu_km_per_year_back"] > 0).all()
    assert lines["balance_ratio"].between(0, 1).all()


def test_gauge_change_yards_report_their_load(with_clr: CorridorAssignment) -> None:
    yards = with_clr.terminals.set_index("terminal")
    vientiane_south = yards.loc["LAVTS terminal"]
    assert vientiane_south["capacity_teu_per_day"] == 180.0
    assert vientiane_south["teu_per_day"] >= 0.0
    assert np.isfinite(yards["delay_h"]).all()


def test_link_loads_and_the_freight_structure_tell_the_same_teu_km(
    with_clr: CorridorAssignment,
) -> None:
    on_links = with_clr.links["teu_km_per_day"].sum() * 365.0
    in_structure = with_clr.structure["teu_km_per_year"].sum()
    assert on_links == pytest.approx(in_structure, rel=1e-9)
