"""The bundled corridor dataset loads, is complete, and every figure says where it comes from."""

from __future__ import annotations

import math

import pandas as pd

from landsea.data.bundled import load_corridor
from landsea.regimes import regime_names
from landsea.vocabulary import COMMODITIES, MODES


def test_the_bundled_dataset_loads_with_places_links_and_crossings() -> None:
    tables = load_corridor()
    assert "CNCKG" in tables.places.index
    assert "CNCQI" in tables.places.loc["CNCKG", "aliases"]
    assert set(tables.links["mode"]) <= set(MODES)
    assert len(tables.crossings) >= 10


def test_every_crossing_has_a_row_for_every_registered_regime_and_no_other() -> None:
    tables = load_corridor()
    regimes = tables.crossing_regimes.groupby("crossing_id")["regime"].apply(set)
    assert all(found == set(regime_names()) for found in regimes)
    assert set(regimes.index) == set(tables.crossings.index)


def test_parameters_cover_every_mode_and_commodity() -> None:
    parameters = load_corridor().parameters
    assert set(parameters.modes) == set(MODES)
    assert set(parameters.commodities) == set(COMMODITIES)
    assert set(parameters.link_time_cv) == set(MODES)


def test_every_figure_in_the_bundled_tables_has_a_source() -> None:
    from landsea.data.schema import TABLE_SPECS
    from landsea.data.tables import SOURCE_PREFIXES

    tables = load_corridor()
    checked = 0
    for spec in TABLE_SPECS:
        frame = getattr(tables, spec.name).reset_index()
        for column in (c for c in spec.columns if c.source is not None):
            given = frame[column.name].map(_is_given)
            sources = frame.loc[given.astype(bool), column.source]
            assert sources.map(lambda s: s.startswith(SOURCE_PREFIXES)).all(), column.name
            checked += len(sources)
    assert checked > 500  # lat/lon, lengths, regimes, transfers ...: the check saw them


def test_the_gauge_breaks_are_transfers_where_the_gauges_meet() -> None:
    transfers = load_corridor().transfers
    gauge = transfers[transfers["kind"] == "gauge_change"]
    places = set(gauge["place_id"])
    assert {"LAVTS", "CNHKM", "VNYEV", "CNAKL", "PLMAA"} <= places
    assert (gauge["time_h"] > 0).all() and (gauge["cost_usd_per_teu"] > 0).all()
    vientiane = gauge[gauge["place_id"] == "LAVTS"].iloc[0]
    assert {vientiane["mode_a"], vientiane["mode_b"]} == {"rail_1435", "rail_1000"}
    assert vientiane["capacity_teu_per_day"] > 0


def test_pingxiang_carries_the_papers_capacity_and_hekou_its_hours() -> None:
    crossings = load_corridor().crossings
    youyiguan = crossings.loc["YOUYIGUAN_HUUNGHI_ROAD"]
    assert (youyiguan["designed_per_day_low"], youyiguan["designed_per_day_high"]) == (800, 1000)
    assert (youyiguan["observed_per_day_low"], youyiguan["observed_per_day_high"]) == (1200, 1500)
    hekou = crossings.loc["HEKOU_KIMTHANH_ROAD"]
    assert (hekou["closes"], hekou["closes_extended"]) == ("19:00", "22:00")


def test_regimes_never_take_longer_than_the_standard() -> None:
    regimes = load_corridor().crossing_regimes
    expected = (regimes["min_h"] + regimes["mode_h"] + regimes["max_h"]) / 3
    standard = expected[regimes["regime"] == "standard"].groupby(regimes["crossing_id"]).first()
    for regime in ("single_window", "joint_inspection", "tir"):
        faster = expected[regimes["regime"] == regime].groupby(regimes["crossing_id"]).first()
        assert (faster < standard).all(), regime


def _is_given(value: object) -> bool:
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return False
    return value not in ("", ())


def test_every_place_id_has_unlocode_syntax_with_a_real_country() -> None:
    """The hub accepts only UN/LOCODE syntax, so made-up ids must have it too. Sea passages
    (straits: no cargo starts or ends there, so the hub never sees them) lie in international
    waters, UN/LOCODE's XZ."""
    import re

    import pycountry

    from landsea.data.bundled import load_corridor

    places = load_corridor().places
    for place_id, country, kind in zip(
        places.index, places["country"], places["kind"], strict=True
    ):
        assert re.fullmatch(r"[A-Z]{2}[A-Z2-9]{3}", place_id), place_id
        assert place_id[:2] == country, place_id
        if kind == "sea_passage":
            assert country == "XZ", place_id
        else:
            assert pycountry.countries.get(alpha_2=country), place_id


def test_the_r3a_road_joins_kunming_and_bangkok_through_northern_laos() -> None:
    """Kunming-Bangkok by road is 1,887 km on the R3A (Xinhua 2008, as the Kunming-Mohan link):
    the shortest road path runs Mohan/Boten-Luang Namtha-Houayxay-Chiang Khong-Chiang Rai and
    its length is within 5 % of that figure."""
    import networkx as nx

    tables = load_corridor()
    roads = tables.links[
        (tables.links["mode"] == "road") & (tables.links["status"] == "operational")
    ]
    graph = nx.Graph()
    for link in roads.itertuples():
        graph.add_edge(link.from_id, link.to_id, km=link.length_km)
    path = nx.shortest_path(graph, "CNKNM", "THBKK", weight="km")
    km = nx.path_weight(graph, path, weight="km")
    assert path == ["CNKNM", "CNMHN", "LABTN", "LALXG", "LAHOE", "THCKX", "THCRI", "THBKK"]
    assert abs(km / 1887 - 1) < 0.05
    crossings = set(roads["crossing_id"]) - {""}
    assert "HOUAYXAY_CHIANGKHONG_ROAD" in crossings
