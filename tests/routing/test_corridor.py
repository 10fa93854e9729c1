"""Issue 2's acceptance on the bundled corridor: lines, Pareto options, gauge changes, TCD,
GMNS round trip and door-to-door times against the observed services.

These read the dataset shipped in the package, never ../shared.
"""

import itertools
from pathlib import Path

import pytest

from landsea.data.gmns import read_gmns, write_gmns
from landsea.network import Network, corridor_network, network_from_tables
from landsea.routing import Route, RouteRequest, k_routes, pareto_routes
from landsea.routing.lines import model_lines
from landsea.routing.tcd import plot_tcd, tcd_table

CAPITALS = ("SGSIN", "THBKK", "VNHAN", "MMRGN", "LAVTE", "KHPNH")
RAILS = {"rail_1435", "rail_1000"}


@pytest.fixture(scope="module")
def corridor() -> Network:
    return corridor_network()


def test_the_eight_paper_lines_and_the_footnote_7_lengths(corridor: Network) -> None:
    results = {r.line_id: r for r in model_lines(corridor)}
    assert {f"fn7-{i}" for i in range(1, 6)} <= set(results)
    assert {f"fn8-{i}" for i in range(1, 4)} <= set(results)
    for line_id in (f"fn7-{i}" for i in range(1, 6)):
        line = results[line_id]
        assert not line.problem, line.problem
        assert line.difference_pct is not None
        assert abs(line.difference_pct) <= 10.0, (line_id, line.modelled_km, line.paper_km)


def test_chongqing_bangkok_offers_road_rail_and_rail_sea(corridor: Network) -> None:
    options = pareto_routes(corridor, RouteRequest("Chongqing", "Bangkok"))
    assert len({r.mode_mix for r in options}) >= 3
    road = [r for r in options if r.mode_mix == "road"]
    assert road and "MOHAN_BOTEN_ROAD" in road[0].crossings  # the Middle Line
    clr = [r for r in options if set(r.modes) >= RAILS and _gauge_change_at(r, "LAVTS")]
    assert clr, "rail by the China-Laos railway with the gauge change at Vientiane South"
    rail_sea = [
        r
        for r in options
        if "sea" in r.modes
        and "rail_1435" in r.modes
        and any(leg.from_id == "CNQZH" for leg in r.steps)
    ]
    assert rail_sea, "rail-sea through Qinzhou"
    for r in options:
        assert not any(_dominates(o, r) for o in options if o is not r)


def _gauge_change_at(r: Route, place_id: str) -> bool:
    return any(leg.kind == "gauge_change" and leg.from_id == place_id for leg in r.steps)


def _dominates(a: Route, b: Route) -> bool:
    ka, kb = (a.time_h, a.cost_usd, a.co2_kg), (b.time_h, b.cost_usd, b.co2_kg)
    return all(x <= y for x, y in zip(ka, kb, strict=True)) and ka != kb


def test_every_change_between_gauges_is_a_gauge_change_step(corridor: Network) -> None:
    routes = [r for dest in CAPITALS for r in pareto_routes(corridor, RouteRequest("CNCKG", dest))]
    routes += k_routes(corridor, RouteRequest("Kunming", "Hai Phong", avoid_modes=("road",)), 3)
    changes = 0
    for r in routes:
        moves = [(i, leg) for i, leg in enumerate(r.steps) if leg.kind == "move"]
        for (i, a), (j, b) in itertools.pairwise(moves):
            if {a.mode, b.mode} == RAILS:
                between = [leg.kind for leg in r.steps[i + 1 : j]]
                assert "gauge_change" in between, (r.mode_mix, a, b)
                step = next(leg for leg in r.steps[i + 1 : j] if leg.kind == "gauge_change")
                assert step.time_h > 0 and step.cost_usd > 0
                changes += 1
    assert changes >= 2


def test_tcd_table_agrees_with_the_routes_and_the_chart_renders(
    corridor: Network, tmp_path: Path
) -> None:
    routes = k_routes(corridor, RouteRequest("Chongqing", "Bangkok"), 3)
    assert len(routes) == 3
    table = tcd_table(routes)
    for label, r in zip(table["route"].unique(), routes, strict=True):
        end = table[table["route"] == label].iloc[-1]
        assert end["distance_km"] == pytest.approx(r.length_km)
        assert end["time_h"] == pytest.approx(r.time_h)
        assert end["cost_usd"] == pytest.approx(r.cost_usd)
    crossings = table[table["kind"] == "crossing"]
    assert (crossings["step_time_h"] > 0).all() and len(crossings) >= 3
    chart = plot_tcd(table, tmp_path / "tcd.png", "Chongqing to Bangkok")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_gmns_export_reimport_and_routing_give_identical_routes(
    corridor: Network, tmp_path: Path
) -> None:
    write_gmns(corridor.tables, tmp_path / "gmns")
    again = network_from_tables(read_gmns(tmp_path / "gmns"))
    for dest in CAPITALS:
        request = RouteRequest("CNCKG", dest)
        before = [r.to_dict() for r in pareto_routes(corridor, request)]
        after = [r.to_dict() for r in pareto_routes(again, request)]
        assert before == after


@pytest.mark.parametrize(
    ("origin", "destination", "avoid", "low_h", "high_h"),
    [
        ("CNSPB", "CNQZH", ("road",), 48 * 0.9, 48 * 1.1),  # rail-sea train, about 48 h
        ("CNKNM", "LAVTS", ("road",), 26.0, 30.0),  # China-Laos railway, 26-30 h
        ("CNCKG", "THBKK", ("rail", "water"), 96 * 0.9, 96 * 1.1),  # trucks, about 96 h
        ("CNCKG", "VNHAN", ("rail", "water"), 48 * 0.9, 48 * 1.1),  # trucks, about 48 h
    ],
)
def test_door_to_door_times_match_the_observed_services(
    corridor: Network,
    origin: str,
    destination: str,
    avoid: tuple[str, ...],
    low_h: float,
    high_h: float,
) -> None:
    r = k_routes(corridor, RouteRequest(origin, destination, by="time", avoid_modes=avoid), 1)[0]
    assert low_h <= r.time_h <= high_h, r.summary()


@pytest.mark.parametrize("regime", ["standard", "single_window", "joint_inspection", "tir"])
def test_no_route_loops_back_through_a_place(corridor: Network, regime: str) -> None:
    """A loop out of a yard and back (to dodge a gauge change) would be a data or model bug."""
    for dest in CAPITALS:
        for by in ("time", "cost", "co2", "generalized"):
            r = k_routes(corridor, RouteRequest("CNCKG", dest, by=by, regime=regime), 1)[0]
            visited = [r.origin, *(leg.to_id for leg in r.steps if leg.kind == "move")]
            assert len(visited) == len(set(visited)), (by, dest, visited)


def test_kunming_bangkok_all_rail_beats_rail_and_truck(corridor: Network) -> None:
    """The train through Vientiane South against the China-Laos Railway and a truck from there:
    about a day faster and over 20 % cheaper (Xinhua 2023-02-08 [R6]; docs/dataset.md)."""
    rail = k_routes(corridor, RouteRequest("Kunming", "Bangkok", avoid_modes=("road",)), 1)[0]
    assert _gauge_change_at(rail, "LAVTS"), rail.summary()
    no_metre_gauge = RouteRequest("Kunming", "Bangkok", avoid_modes=("rail_1000",))
    options = pareto_routes(corridor, no_metre_gauge)
    (mixed,) = [r for r in options if r.mode_mix == "rail_1435+road"]
    assert mixed.time_h - rail.time_h >= 12.0, (rail.summary(), mixed.summary())
    assert rail.cost_usd <= 0.8 * mixed.cost_usd, (rail.summary(), mixed.summary())
