"""Sea passages as closable elements of routing: names in, alternatives or a clear no-route out."""

from __future__ import annotations

import pytest

from landsea.errors import NoRouteError, UnknownPassageError
from landsea.network import GraphOptions, corridor_network, resolve_passage
from landsea.routing import RouteRequest, route

SEA_ONLY = ("road", "rail", "river")


def test_passages_resolve_by_name_alias_and_id_and_places_are_no_passages() -> None:
    network = corridor_network()
    assert resolve_passage(network, "Strait of Malacca") == "XZMAL"
    assert resolve_passage(network, "singapore strait") == "XZSGS"
    assert resolve_passage(network, "Gulf of Thailand") == "XZGOT"
    assert resolve_passage(network, "XZSUN") == "XZSUN"
    with pytest.raises(UnknownPassageError, match="Strait of Malacca"):
        resolve_passage(network, "Malaca")
    with pytest.raises(UnknownPassageError):
        resolve_passage(network, "Qinzhou")  # a port, not a passage


def test_a_closed_passage_has_no_node_and_no_lane() -> None:
    graph = corridor_network().graph(GraphOptions(avoid_passages=frozenset({"XZMAL"})))
    assert not graph.has_place("XZMAL")
    assert graph.has_place("XZSGS")
    assert "L216" not in set(graph.link_id)  # Singapore Strait - Strait of Malacca


def test_closing_the_singapore_strait_leaves_singapore_no_route_and_says_why() -> None:
    request = RouteRequest("Qinzhou", "Singapore", avoid_passages=("Singapore Strait",))
    with pytest.raises(NoRouteError, match="--avoid-passage Singapore Strait") as caught:
        route(corridor_network(), request)
    assert caught.value.cut_by == "--avoid-passage Singapore Strait"


def test_closing_the_gulf_of_thailand_cuts_laem_chabang_by_sea_but_not_by_land() -> None:
    network = corridor_network()
    by_sea = RouteRequest(
        "Qinzhou", "Laem Chabang", avoid_modes=SEA_ONLY, avoid_passages=("Gulf of Thailand",)
    )
    with pytest.raises(NoRouteError, match="--avoid-passage Gulf of Thailand"):
        route(network, by_sea)
    overland = route(
        network, RouteRequest("Qinzhou", "Laem Chabang", avoid_passages=("Gulf of Thailand",))
    )
    assert "sea" not in overland.modes or all(
        s.to_id != "XZGOT" for s in overland.steps if s.kind == "move"
    )
    open_gulf = route(network, RouteRequest("Qinzhou", "Laem Chabang"))
    assert any(s.to_id == "XZGOT" for s in open_gulf.steps if s.kind == "move")
