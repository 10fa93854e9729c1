"""Links that differ by direction (`link_directions.csv`, issue 11.4): speeds and tariffs."""

import shutil
from pathlib import Path

import pytest

from landsea.data.io import read_tables
from landsea.errors import DataError
from landsea.network import GraphOptions, corridor_network, network_from_tables
from landsea.routing import RouteRequest, route

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_network"


def _move_time(network, link_id: str, start: str) -> float:
    """Hours running the link one way (a border's process time left out)."""
    graph = network.graph(GraphOptions())
    for e in range(graph.n_edges):
        if graph.link_id[e] == link_id and graph.node_place[graph.tail[e]] == start:
            return float(graph.time_h[e] - graph.crossing_time_h[e])  # the run, not the border
    raise AssertionError(f"no edge of {link_id} from {start}")


def test_the_mekong_is_faster_downstream() -> None:
    corridor = corridor_network()
    down = route(corridor, RouteRequest("CNGLP", "THCHS", by="time", commodity="machinery"))
    up = route(corridor, RouteRequest("THCHS", "CNGLP", by="time", commodity="machinery"))
    river_down = [s for s in down.steps if s.mode == "river" and s.length_km]
    river_up = [s for s in up.steps if s.mode == "river" and s.length_km]
    assert river_down and river_up
    # 9 h downstream over the reach (sourced), upstream 1.75 times as long (estimate)
    down_run = _move_time(corridor, "L072", "CNGLP")
    up_run = _move_time(corridor, "L072", "THCHS")
    assert up_run - down_run == pytest.approx(248 / 15.7 - 248 / 27.6, rel=1e-6)
    assert down.time_h < up.time_h


def _tiny_with(tmp_path: Path, rows: str) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    (folder / "link_directions.csv").write_text(
        "link_id,from_id,speed_kmh,cost_usd_per_teu_km,source,note\n" + rows, encoding="utf-8"
    )
    return folder


def test_a_direction_row_changes_that_way_only(tmp_path: Path) -> None:
    plain = network_from_tables(read_tables(TINY))
    folder = _tiny_with(tmp_path, "T1,CNBBB,25,2.0,estimate: test,\n")
    directed = network_from_tables(read_tables(folder))
    assert _move_time(directed, "T1", "CNAAA") == _move_time(plain, "T1", "CNAAA")
    assert _move_time(directed, "T1", "CNBBB") == pytest.approx(100 / 25)
    graph = directed.graph(GraphOptions())
    costs = {
        str(graph.node_place[graph.tail[e]]): float(graph.cost_usd[e])
        for e in range(graph.n_edges)
        if graph.link_id[e] == "T1"
    }
    assert costs["CNBBB"] == pytest.approx(200.0)
    assert costs["CNAAA"] < costs["CNBBB"]


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("T99,CNAAA,10,,estimate: test,\n", "link_id"),
        ("T1,LACCC,10,,estimate: test,\n", "from_id"),
        ("T1,CNAAA,10,,,\n", "source"),
    ],
)
def test_a_bad_direction_row_is_named(tmp_path: Path, row: str, field: str) -> None:
    with pytest.raises(DataError) as raised:
        read_tables(_tiny_with(tmp_path, row))
    assert raised.value.location is not None
    assert raised.value.location.field == field
    assert "link_directions.csv" in str(raised.value)


def test_a_speed_edit_on_the_link_moves_both_directions() -> None:
    from landsea.scenarios.edits import prepare
    from landsea.scenarios.spec import Scenario

    scenario = Scenario.model_validate(
        {
            "name": "faster_mekong",
            "year": 2025,
            "edits": [{"kind": "speed", "link": "L072", "factor": 1.5}],
        }
    )
    edited = prepare(scenario).network
    base = corridor_network()
    for start in ("CNGLP", "THCHS"):
        old = _move_time(base, "L072", start)
        assert _move_time(edited, "L072", start) == pytest.approx(old / 1.5), start
    assert _move_time(edited, "L072", "CNGLP") < _move_time(edited, "L072", "THCHS")


def _link_costs(network, link_id: str) -> dict[str, float]:
    """USD a TEU on each way of a link, by the place it starts from."""
    graph = network.graph(GraphOptions())
    return {
        str(graph.node_place[graph.tail[e]]): float(graph.cost_usd[e] - graph.crossing_cost_usd[e])
        for e in range(graph.n_edges)
        if graph.link_id[e] == link_id
    }


def test_a_link_carries_its_own_tariff_and_a_direction_row_overrides_it_one_way(
    tmp_path: Path,
) -> None:
    folder = _tiny_with(tmp_path, "T1,CNBBB,,2.0,estimate: test,\n")
    links = (folder / "links.csv").read_text(encoding="utf-8").splitlines()
    rows = [links[0] + ",cost_usd_per_teu_km,cost_source"]
    for line in links[1:]:
        rows.append(line + (",1.5,estimate: test" if line.startswith("T1,") else ",,"))
    (folder / "links.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    costs = _link_costs(network_from_tables(read_tables(folder)), "T1")
    assert costs == pytest.approx({"CNAAA": 100 * 1.5, "CNBBB": 100 * 2.0})


def test_the_yangtze_keeps_its_own_tariff_when_a_lever_moves_the_rivers() -> None:
    """Mekong dredging makes the river mode cheaper; the Yangtze barge has its own tariff."""
    from landsea.scenarios.edits import prepare
    from landsea.scenarios.files import load_scenario

    plain = corridor_network()
    dredged = prepare(load_scenario("mekong_dredging")).network
    yangtze = plain.tables.links.at["L238", "cost_usd_per_teu_km"]
    assert _link_costs(plain, "L238")["CNCKG"] == pytest.approx(2404 * yangtze)
    assert _link_costs(dredged, "L238") == _link_costs(plain, "L238")
    assert _link_costs(dredged, "L072")["CNGLP"] < _link_costs(plain, "L072")["CNGLP"]
