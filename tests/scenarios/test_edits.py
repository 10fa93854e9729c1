"""Edits on a copy: the bundled tables never change; each lever edits what it says."""

from __future__ import annotations

import pandas as pd
import pytest

from landsea.network import corridor_network
from landsea.scenarios import load_scenario, resolve
from landsea.scenarios.distributions import Triangular
from landsea.scenarios.edits import prepare


def test_the_bundled_tables_are_never_changed() -> None:
    network = corridor_network()
    before = {
        name: getattr(network.tables, name).copy()
        for name in ("links", "crossings", "crossing_regimes", "services", "places", "transfers")
    }
    for name in ("synergy", "china_thailand_railway", "kyaukphyu_railway"):
        prepare(resolve(load_scenario(name)))
    for name, table in before.items():
        pd.testing.assert_frame_equal(getattr(network.tables, name), table)


def test_joint_inspection_sets_the_regime_only_where_named() -> None:
    setup = prepare(resolve(load_scenario("joint_inspection_pingxiang")))
    assert setup.options.regime_at("YOUYIGUAN_HUUNGHI_ROAD") == "joint_inspection"
    assert setup.options.regime_at("PINGXIANG_DONGDANG_RAIL") == "joint_inspection"
    assert setup.options.regime_at("MOHAN_BOTEN_ROAD") == "standard"
    assert setup.touched == {"YOUYIGUAN_HUUNGHI_ROAD", "PINGXIANG_DONGDANG_RAIL"}


def test_tir_applies_to_road_crossings_between_parties_only() -> None:
    setup = prepare(resolve(load_scenario("tir_border_ports")))
    tir = {cid for cid, regime in setup.options.regime_by_crossing if regime == "tir"}
    assert tir == {
        "YOUYIGUAN_HUUNGHI_ROAD",
        "HEKOU_KIMTHANH_ROAD",
        "MOHAN_BOTEN_ROAD",
        "LONGBANG_TRALINH_ROAD",
    }


def test_railway_opening_adds_the_line_to_the_graph() -> None:
    base = prepare(resolve(load_scenario("baseline_2025")))
    opened = prepare(resolve(load_scenario("china_thailand_railway")))
    assert "CT2" in opened.network.links.index and "CT2" not in base.network.links.index
    graph = opened.network.graph(opened.options)
    assert "CT2" in set(graph.link_id)
    kyaukphyu = prepare(resolve(load_scenario("kyaukphyu_railway")))
    assert "L066" in set(kyaukphyu.network.graph(kyaukphyu.options).link_id)
    assert "L066" not in set(base.network.graph(base.options).link_id)


def test_mekong_dredging_cheapens_the_river_and_adds_sailings() -> None:
    base = prepare(resolve(load_scenario("baseline_2025")))
    dredged = prepare(resolve(load_scenario("mekong_dredging")))
    river = dredged.network.tables.parameters.modes["river"].cost_usd_per_teu_km
    assert river == pytest.approx(
        base.network.tables.parameters.modes["river"].cost_usd_per_teu_km * 2.0 / 3.0
    )
    services = dredged.network.tables.services
    months = load_scenario("mekong_dredging").levers[0].model_extra["navigable_months"]
    median = Triangular.model_validate(months).median()
    assert 10 < median < 11
    assert services.at["MEKONG_GL_CS", "departures_per_week"] == pytest.approx(5 * median / 6)


def test_backhaul_incentive_fills_half_the_gap_of_each_pair() -> None:
    base = prepare(resolve(load_scenario("baseline_2025"))).demand
    balanced = prepare(resolve(load_scenario("backhaul_balance"))).demand

    def pair(table: pd.DataFrame, o: str, d: str) -> float:
        return float(table[(table.origin == o) & (table.destination == d)].teu_per_year.sum())

    heavy, light = pair(base, "CNCKG", "THBKK"), pair(base, "THBKK", "CNCKG")
    assert light < heavy
    assert pair(balanced, "THBKK", "CNCKG") == pytest.approx(light + 0.5 * (heavy - light))
    assert pair(balanced, "CNCKG", "THBKK") == pytest.approx(heavy)
