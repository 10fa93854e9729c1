"""The multimodal graph of the tiny network, checked by hand.

Alpha (CN) - Bravo (CN) | border | Charlie (LA, gauge break) - Delta (TH).
Road everywhere; standard-gauge rail Alpha-Charlie with a daily train; metre gauge
Charlie-Delta planned for 2030.
"""

import numpy as np
import pytest

from landsea.errors import DataError, UnknownPlaceError
from landsea.network import GraphOptions, Network
from landsea.network.graph import EDGE_KINDS, expand_modes
from landsea.network.names import resolve_place


def kinds(graph, kind: str) -> np.ndarray:
    return np.flatnonzero(graph.kind == EDGE_KINDS.index(kind))


def test_a_node_per_place_and_mode_split_in_arrival_and_departure(tiny: Network) -> None:
    graph = tiny.graph(GraphOptions())
    # modes: Alpha 2, Bravo 2, Charlie 3, Delta 2 -> 9 (arrival + departure) + 4 x 2 zones
    assert graph.n_nodes == 9 * 2 + 4 * 2
    assert graph.indptr[-1] == graph.n_edges
    assert np.all(np.diff(graph.indptr) >= 0)


def test_planned_links_open_from_their_year(tiny: Network) -> None:
    today = tiny.graph(GraphOptions())
    in_2030 = tiny.graph(GraphOptions(year=2030))
    assert "T6" not in set(today.link_id)
    assert "T6" in set(in_2030.link_id)
    in_2010 = tiny.graph(GraphOptions(year=2010))
    assert "T2" not in set(in_2010.link_id)  # the railway opened in 2015


def test_crossing_links_carry_the_regime_time_and_cost(tiny: Network) -> None:
    graph = tiny.graph(GraphOptions(regime="single_window"))
    road = [e for e in kinds(graph, "crossing_move") if graph.crossing_id[e] == "BC_ROAD"]
    assert len(road) == 2  # both directions
    e = road[0]
    assert graph.crossing_time_h[e] == pytest.approx((2 + 3 + 4) / 3)
    assert graph.time_h[e] == pytest.approx(2 / 20 + 3.0)
    assert graph.cost_usd[e] == pytest.approx(2 * 1.0 + 20)
    assert graph.regime[e] == "single_window"


def test_the_gauge_break_is_its_own_transfer(tiny: Network) -> None:
    graph = tiny.graph(GraphOptions(year=2030))
    gauge = kinds(graph, "gauge_change")
    assert {graph.mode[e] for e in gauge} == {"rail_1435>rail_1000", "rail_1000>rail_1435"}
    assert all(graph.node_place[graph.tail[e]] == "LACCC" for e in gauge)
    assert all(graph.capacity_per_day[e] == 500 for e in gauge)


def test_boarding_a_scheduled_service_waits_half_its_headway(tiny: Network) -> None:
    graph = tiny.graph(GraphOptions())
    load_rail_at_alpha = [
        e
        for e in kinds(graph, "load")
        if graph.node_place[graph.tail[e]] == "CNAAA" and graph.mode[e] == "rail_1435"
    ]
    (e,) = load_rail_at_alpha
    assert graph.wait_h[e] == pytest.approx(12.0)  # 7 departures a week: 24 h headway
    assert graph.time_h[e] == pytest.approx(1.0 + 12.0)


def test_avoided_countries_modes_and_crossings_leave_the_graph(tiny: Network) -> None:
    graph = tiny.graph(
        GraphOptions(avoid_countries=frozenset({"TH"}), avoid_crossings=frozenset({"BC_ROAD"}))
    )
    assert not graph.has_place("THDDD")
    assert "BC_ROAD" not in set(graph.crossing_id)
    no_rail = tiny.graph(GraphOptions(avoid_modes=expand_modes(["rail"])))
    assert not any(str(m).startswith("rail") for m in no_rail.node_mode)


def test_graphs_are_cached_per_options_and_read_only(tiny: Network) -> None:
    assert tiny.graph(GraphOptions()) is tiny.graph(GraphOptions())
    with pytest.raises(ValueError):
        tiny.graph(GraphOptions()).time_h[0] = 1.0


def test_unknown_regime_and_mode_are_named(tiny: Network) -> None:
    with pytest.raises(DataError, match="unknown regime 'fast'"):
        tiny.graph(GraphOptions(regime="fast"))
    with pytest.raises(DataError, match="unknown mode 'hovercraft'"):
        expand_modes(["hovercraft"])


def test_places_resolve_by_code_alias_or_name_in_any_case(tiny: Network) -> None:
    assert resolve_place(tiny, "cnaaa") == "CNAAA"
    assert resolve_place(tiny, "ALPHA") == "CNAAA"
    assert resolve_place(tiny, "alpha (city)") == "CNAAA"
    assert resolve_place(tiny, "Delt") == "THDDD"  # a unique prefix
    with pytest.raises(UnknownPlaceError) as err:
        resolve_place(tiny, "Charly")
    assert err.value.suggestions[0] == "Charlie (LACCC)"


def test_editing_a_network_leaves_the_original_untouched(tiny: Network) -> None:
    links = tiny.links.copy()
    links.loc["T1", "length_km"] = 500.0
    edited = tiny.with_tables(links=links)
    assert tiny.links.loc["T1", "length_km"] == 100.0
    assert edited.links.loc["T1", "length_km"] == 500.0
