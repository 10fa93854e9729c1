"""Routing on the tiny network, with every figure worked out by hand.

Road Alpha-Delta: load 1 h + 100 km at 50 km/h + the Bravo/Charlie road crossing (triangular
3/6/9 h, mean 6 h, USD 30) + 2 km at 20 km/h + 200 km at 50 km/h + unload 1 h.
"""

import math

import pytest

from landsea.errors import DataError, NoRouteError, UnknownPlaceError
from landsea.network import Network
from landsea.routing import RouteRequest, k_routes, pareto_routes, route

ROAD_H = 1 + 2 + 6 + 0.1 + 4 + 1
ROAD_USD = 10 + 100 + 30 + 2 + 200 + 10
ROAD_KG = 0.5 * 302
# Rail in 2030: load 1 h + wait 12 h (daily train) + 100 km at 25 km/h + rail crossing (1/2/3 h,
# USD 12) + 2 km at 20 km/h + gauge change 5 h, USD 40 + 200 km at 40 km/h + unload 1 h.
RAIL_H = 1 + 12 + 4 + 2 + 0.1 + 5 + 5 + 1
RAIL_USD = 10 + 50 + 12 + 1 + 40 + 100 + 10
RAIL_KG = 0.2 * 302
# Road to Charlie, then metre gauge: the road legs to Charlie + road-rail transfer 3 h, USD 25
# + 200 km at 40 km/h + unload.
MIXED_H = 1 + 2 + 6 + 0.1 + 3 + 5 + 1
MIXED_USD = 10 + 100 + 30 + 2 + 25 + 100 + 10


def test_fastest_route_is_explained_leg_by_leg(tiny: Network) -> None:
    r = route(tiny, RouteRequest("Alpha", "Delta", by="time"))
    assert [leg.kind for leg in r.steps] == ["load", "move", "crossing", "move", "move", "unload"]
    assert r.time_h == pytest.approx(ROAD_H)
    assert r.cost_usd == pytest.approx(ROAD_USD)
    assert r.co2_kg == pytest.approx(ROAD_KG)
    assert r.length_km == pytest.approx(302)
    assert r.crossings == ("BC_ROAD",)
    crossing = r.steps[2]
    assert (crossing.regime, crossing.time_h, crossing.cost_usd) == ("standard", 6.0, 30.0)


def test_generalized_cost_adds_value_of_time_and_carbon(tiny: Network) -> None:
    r = route(tiny, RouteRequest("Alpha", "Delta"))
    assert r.generalized_usd == pytest.approx(ROAD_USD + 10.0 * ROAD_H + 0.1 * ROAD_KG)


def test_the_gauge_change_is_a_step_with_time_and_cost(tiny: Network) -> None:
    r = route(tiny, RouteRequest("Alpha", "Delta", by="cost", year=2030))
    steps = [(leg.kind, leg.mode) for leg in r.steps]
    assert ("gauge_change", "rail_1435>rail_1000") in steps
    assert ("wait", "rail_1435") in steps
    assert r.time_h == pytest.approx(RAIL_H)
    assert r.cost_usd == pytest.approx(RAIL_USD)
    assert r.modes == ("rail_1435", "rail_1000")


def test_a_regime_changes_time_at_the_crossing(tiny: Network) -> None:
    standard = route(tiny, RouteRequest("Alpha", "Delta", by="time"))
    tir = route(tiny, RouteRequest("Alpha", "Delta", by="time", regime="tir"))
    assert standard.time_h - tir.time_h == pytest.approx(6.0 - 1.0)


def test_the_pareto_set_keeps_fast_road_cheap_rail_and_the_mix(tiny: Network) -> None:
    options = pareto_routes(tiny, RouteRequest("Alpha", "Delta", year=2030))
    summary = [(r.mode_mix, r.time_h, r.cost_usd) for r in options]
    assert summary == [
        ("road", pytest.approx(ROAD_H), pytest.approx(ROAD_USD)),
        ("road+rail_1000", pytest.approx(MIXED_H), pytest.approx(MIXED_USD)),
        ("rail_1435+rail_1000", pytest.approx(RAIL_H), pytest.approx(RAIL_USD)),
    ]
    assert options[2].co2_kg == pytest.approx(RAIL_KG)


def test_reliability_reports_p90_above_the_mean(tiny: Network) -> None:
    options = pareto_routes(tiny, RouteRequest("Alpha", "Delta", year=2030), reliability=True)
    road = options[0]
    # road links: cv 0.25 per run; crossing: triangular 3/6/9 variance 1.5
    sd = math.sqrt((0.25 * 2) ** 2 + (0.25 * 0.1) ** 2 + (0.25 * 4) ** 2 + 1.5)
    assert road.p90_time_h == pytest.approx(ROAD_H + 1.2815515655446004 * sd)


def test_k_alternatives_are_physically_distinct(tiny: Network) -> None:
    found = k_routes(tiny, RouteRequest("Alpha", "Delta", by="time", year=2030), 3)
    signatures = [r.signature for r in found]
    assert len(set(signatures)) == len(found) >= 2
    times = [r.generalized_usd for r in found]
    assert found[0].time_h == pytest.approx(ROAD_H)
    assert times == sorted(times) or found[0].time_h <= found[1].time_h


def test_no_route_names_the_constraint_that_cut_the_last_one(tiny: Network) -> None:
    with pytest.raises(NoRouteError) as err:
        route(tiny, RouteRequest("Alpha", "Delta", avoid_crossings=("BC_ROAD",)))
    assert err.value.cut_by == "--avoid-crossing BC_ROAD"
    assert err.value.exit_code == 3
    with pytest.raises(NoRouteError) as err:
        route(tiny, RouteRequest("Alpha", "Delta", avoid_modes=("road",)))
    assert err.value.cut_by == "--avoid-mode road"  # rail reaches Delta only from 2030


def test_avoiding_the_origins_country_is_named(tiny: Network) -> None:
    with pytest.raises(NoRouteError) as err:
        route(tiny, RouteRequest("Alpha", "Delta", avoid_countries=("cn",)))
    assert err.value.cut_by == "avoid-country CN"


def test_a_place_on_either_side_names_its_crossings(tiny: Network) -> None:
    with pytest.raises(NoRouteError):
        route(tiny, RouteRequest("Alpha", "Delta", avoid_crossings=("Bravo",), year=2030))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("by", "speed", "unknown objective 'speed'"),
        ("commodity", "gold", "unknown commodity 'gold'"),
        ("regime", "express", "unknown regime 'express'"),
        ("avoid_countries", ("XX",), "unknown country 'XX'"),
        ("avoid_modes", ("air",), "unknown mode 'air'"),
        ("destination", "Alpha", "same place"),
    ],
)
def test_bad_requests_name_what_is_wrong(
    tiny: Network, field: str, value: object, message: str
) -> None:
    fields: dict[str, object] = {"origin": "Alpha", "destination": "Delta", field: value}
    request = RouteRequest(**fields)  # type: ignore[arg-type]
    with pytest.raises(DataError, match=message):
        route(tiny, request)


def test_unknown_places_come_with_suggestions(tiny: Network) -> None:
    with pytest.raises(UnknownPlaceError, match="did you mean Delta"):
        route(tiny, RouteRequest("Alpha", "Deltaa"))


def test_no_alternative_dominates_a_pareto_option(tiny: Network) -> None:
    request = RouteRequest("Alpha", "Delta", year=2030)
    options = pareto_routes(tiny, request, epsilon=0.0)
    others = k_routes(tiny, request, 10)
    for option in options:
        for other in others:
            better = (other.time_h, other.cost_usd, other.co2_kg)
            mine = (option.time_h, option.cost_usd, option.co2_kg)
            assert not (all(a <= b for a, b in zip(better, mine, strict=True)) and better != mine)


def test_the_compiled_kernel_and_the_small_graph_search_agree(
    tiny: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from landsea.routing import shortest

    request = RouteRequest("Alpha", "Delta", year=2030)
    small = [r.to_dict() for r in k_routes(tiny, request, 3)]
    monkeypatch.setattr(shortest, "SMALL_GRAPH_EDGES", 0)  # every search goes to the kernel
    assert [r.to_dict() for r in k_routes(tiny, request, 3)] == small


def test_crossings_are_found_by_name_words_and_typos_get_suggestions(tiny: Network) -> None:
    from landsea.errors import UnknownCrossingError
    from landsea.network.names import resolve_crossings

    assert resolve_crossings(tiny, "bc_road") == ("BC_ROAD",)
    assert set(resolve_crossings(tiny, "Charlie")) == {"BC_ROAD", "BC_RAIL"}  # a side's name
    assert resolve_crossings(tiny, "Bravo / Charlie rail") == ("BC_RAIL",)
    with pytest.raises(UnknownCrossingError, match="did you mean") as err:
        resolve_crossings(tiny, "Bravvo")
    assert err.value.exit_code == 2
