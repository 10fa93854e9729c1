"""The network is a value: it pickles, routes the same in a worker process, and edits are pure."""

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from landsea.network import Network
from landsea.routing import RouteRequest, route


def _route_in_worker(network: Network) -> dict[str, object]:
    return route(network, RouteRequest("Alpha", "Delta", by="time")).to_dict()


def test_a_network_pickles_with_its_compiled_graphs(tiny: Network) -> None:
    here = route(tiny, RouteRequest("Alpha", "Delta", by="time")).to_dict()
    copy = pickle.loads(pickle.dumps(tiny))
    assert route(copy, RouteRequest("Alpha", "Delta", by="time")).to_dict() == here


def test_worker_processes_route_exactly_as_the_parent(tiny: Network) -> None:
    here = route(tiny, RouteRequest("Alpha", "Delta", by="time")).to_dict()
    with ProcessPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(_route_in_worker, [tiny, tiny]))
    assert answers == [here, here]


def test_an_edit_recompiles_only_the_edited_copy(tiny: Network) -> None:
    before = route(tiny, RouteRequest("Alpha", "Delta", by="time"))
    links = tiny.links.copy()
    links.loc["T5", "speed_kmh"] = 100.0  # Charlie-Delta road twice as fast
    faster = tiny.with_tables(links=links)
    after = route(faster, RouteRequest("Alpha", "Delta", by="time"))
    assert before.time_h - after.time_h == pytest.approx(2.0)
    assert route(tiny, RouteRequest("Alpha", "Delta", by="time")).time_h == before.time_h
