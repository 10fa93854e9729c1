"""Routing objectives: a name or a function of the graph, normalised once at the router's entry."""

import numpy as np
import numpy.typing as npt
import pytest

from landsea.errors import DataError
from landsea.network import GraphOptions, MultimodalGraph, Network
from landsea.routing import RouteRequest, k_routes, route
from landsea.routing.objectives import OBJECTIVE_WEIGHTS, edge_weights, objective_function


def test_each_named_objective_weighs_edges_by_its_own_column(tiny: Network) -> None:
    graph = tiny.graph(GraphOptions())
    assert set(OBJECTIVE_WEIGHTS) == {"time", "cost", "co2", "generalized", "distance"}
    assert np.array_equal(edge_weights(graph, "time"), graph.time_h)
    assert np.array_equal(edge_weights(graph, "distance"), graph.length_km)
    vot = graph.value_of_time["machinery"]
    carbon = graph.carbon_price_usd_per_t / 1000.0
    expected = graph.cost_usd + vot * graph.time_h + carbon * graph.co2_kg
    assert np.allclose(edge_weights(graph, "generalized", "machinery"), expected)


def test_a_function_is_an_objective_and_names_the_route(tiny: Network) -> None:
    def hours(graph: MultimodalGraph, _commodity: str) -> npt.NDArray[np.float64]:
        return graph.time_h

    by_name = route(tiny, RouteRequest("Alpha", "Delta", by="time", year=2030))
    by_function = route(tiny, RouteRequest("Alpha", "Delta", by=hours, year=2030))
    assert by_function.edges == by_name.edges
    assert by_function.objective == "hours"
    assert by_name.objective == "time"


def test_a_function_can_bar_edges_with_infinity(tiny: Network) -> None:
    def no_rail(graph: MultimodalGraph, _commodity: str) -> npt.NDArray[np.float64]:
        rail = np.array([str(mode).startswith("rail") for mode in graph.mode])
        return np.where(rail, np.inf, graph.time_h)

    found = k_routes(tiny, RouteRequest("Alpha", "Delta", by=no_rail, year=2030), 3)
    assert found
    assert all(mode == "road" for r in found for mode in r.modes)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (lambda graph, _c: graph.time_h[:-1], "returned shape"),
        (lambda graph, _c: -graph.time_h, "negative or NaN"),
        (lambda graph, _c: graph.time_h * np.nan, "negative or NaN"),
    ],
)
def test_a_function_that_answers_badly_is_a_data_error(
    tiny: Network, weights: object, message: str
) -> None:
    with pytest.raises(DataError, match=message):
        route(tiny, RouteRequest("Alpha", "Delta", by=weights))  # type: ignore[arg-type]


def test_an_unknown_objective_name_lists_the_known_ones() -> None:
    with pytest.raises(DataError, match="unknown objective 'fastest'; choose one of time, cost"):
        objective_function("fastest")
