"""The shortest-path kernels: scipy's answers on random graphs, and the cases scipy has no word for
(blocked zones, predecessor edges of parallel links, reusing buffers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra

from landsea.data.tntp import read_tntp_network
from landsea.errors import DataError
from landsea.routing.kernels import (
    PARALLEL_WORK,
    CsrGraph,
    csr_from_edges,
    path_edges,
    shortest_tree,
    shortest_trees,
    warm_up,
)

ZONES_NET = Path(__file__).parents[1] / "fixtures" / "tntp" / "zones" / "Zones_net.tntp"


@st.composite
def graphs(draw: st.DrawFn) -> tuple[CsrGraph, int]:
    """A random directed multigraph with zero, integer and fractional weights, and a source."""
    n = draw(st.integers(1, 25))
    m = draw(st.integers(0, 4 * n))
    ends = st.integers(0, n - 1)
    weight = st.one_of(st.just(0.0), st.integers(1, 9).map(float), st.floats(0.0, 100.0))
    tail = draw(st.lists(ends, min_size=m, max_size=m))
    head = draw(st.lists(ends, min_size=m, max_size=m))
    weights = draw(st.lists(weight, min_size=m, max_size=m))
    return csr_from_edges(tail, head, weights, n_nodes=n), draw(ends)


def scipy_distances(graph: CsrGraph, sources: np.ndarray | int) -> np.ndarray:
    """scipy's distances; it would sum parallel edges, so it gets the cheapest of each bundle."""
    n = graph.n_nodes
    best: dict[tuple[int, int], float] = {}
    edges = zip(graph.tail.tolist(), graph.head.tolist(), graph.weights.tolist(), strict=True)
    for t, h, w in edges:
        best[(t, h)] = min(w, best.get((t, h), np.inf))
    if not best:
        matrix = sp.csr_matrix((n, n))
    else:
        rows, cols = zip(*best.keys(), strict=True)
        matrix = sp.csr_matrix((list(best.values()), (rows, cols)), shape=(n, n))
    return np.asarray(dijkstra(matrix, indices=sources, directed=True))


def assert_tree_is_consistent(
    graph: CsrGraph, source: int, dist: np.ndarray, pred: np.ndarray
) -> None:
    """Each reached node's predecessor edge ends at it and accounts exactly for its distance."""
    assert dist[source] == 0.0 and pred[source] == -1
    reached = np.flatnonzero(np.isfinite(dist) & (np.arange(dist.size) != source))
    edges = pred[reached]
    assert (edges >= 0).all()
    np.testing.assert_array_equal(graph.head[edges], reached)
    np.testing.assert_allclose(dist[graph.tail[edges]] + graph.weights[edges], dist[reached])
    assert (pred[~np.isfinite(dist)] == -1).all()


@settings(deadline=None, max_examples=150)
@given(graphs(), st.sampled_from([np.int32, np.int64]))
def test_distances_match_scipy_on_random_graphs(
    case: tuple[CsrGraph, int], index_type: type[np.integer]
) -> None:
    graph, source = case
    indptr, head = graph.indptr.astype(index_type), graph.head.astype(index_type)
    dist, pred = shortest_tree(indptr, head, graph.weights, source)
    np.testing.assert_allclose(dist, scipy_distances(graph, source))
    assert_tree_is_consistent(graph, source, dist, pred)


@settings(deadline=None, max_examples=60)
@given(graphs())
def test_many_trees_equal_one_tree_per_source(case: tuple[CsrGraph, int]) -> None:
    graph, _ = case
    sources = np.arange(graph.n_nodes)[::-1]
    dist, pred = shortest_trees(graph.indptr, graph.head, graph.weights, sources)
    for row, source in enumerate(sources):
        one_dist, one_pred = shortest_tree(graph.indptr, graph.head, graph.weights, source)
        np.testing.assert_array_equal(dist[row], one_dist)
        np.testing.assert_array_equal(pred[row], one_pred)


def test_unreachable_nodes_get_infinity_and_no_predecessor() -> None:
    graph = csr_from_edges([0, 2], [1, 0], [1.0, 1.0], n_nodes=3)
    dist, pred = shortest_tree(graph.indptr, graph.head, graph.weights, 0)
    assert dist.tolist() == [0.0, 1.0, np.inf]
    assert pred[2] == -1


def test_zero_weight_edges_are_free_and_followed() -> None:
    graph = csr_from_edges([0, 1, 0], [1, 2, 2], [0.0, 0.0, 1.0], n_nodes=3)
    dist, pred = shortest_tree(graph.indptr, graph.head, graph.weights, 0)
    assert dist.tolist() == [0.0, 0.0, 0.0]
    assert path_edges(pred, graph.tail, 2).tolist() == [0, 2]  # CSR ids: 0->1, then 1->2


def test_an_infinite_weight_removes_the_edge() -> None:
    graph = csr_from_edges([0, 0, 1], [1, 2, 2], [np.inf, 5.0, 1.0], n_nodes=3)
    dist, _ = shortest_tree(graph.indptr, graph.head, graph.weights, 0)
    assert dist.tolist() == [0.0, np.inf, 5.0]


def test_the_predecessor_is_the_cheaper_of_two_parallel_edges() -> None:
    graph = csr_from_edges([0, 0], [1, 1], [4.0, 3.0], n_nodes=2)
    dist, pred = shortest_tree(graph.indptr, graph.head, graph.weights, 0)
    assert dist[1] == 3.0
    assert graph.order[pred[1]] == 1  # the second input edge


def test_blocked_zones_end_paths_but_do_not_pass_them_on() -> None:
    # The fixture's 1 -> 5 costs 2 through zone 2 but 7 the legal way: 1-3-4-5.
    net = read_tntp_network(ZONES_NET)
    graph = csr_from_edges(net.tail, net.head, net.links["free_flow_time"], n_nodes=net.nodes)
    free, _ = shortest_tree(graph.indptr, graph.head, graph.weights, 0)
    legal, pred = shortest_tree(graph.indptr, graph.head, graph.weights, 0, net.blocked_nodes())
    assert free.tolist() == [0.0, 1.0, 2.0, 2.0, 2.0]
    assert legal.tolist() == [0.0, 1.0, 2.0, 5.0, 7.0]
    route = graph.order[path_edges(pred, graph.tail, 4)]
    assert net.links.loc[route, "init_node"].tolist() == [1, 3, 4]
    assert net.links.loc[route, "toll"].tolist() == [0.0, 50.0, 0.0]  # the faster parallel link


def test_a_blocked_source_still_expands() -> None:
    net = read_tntp_network(ZONES_NET)
    graph = csr_from_edges(net.tail, net.head, net.links["free_flow_time"], n_nodes=net.nodes)
    dist, _ = shortest_trees(graph.indptr, graph.head, graph.weights, [1], net.blocked_nodes())
    # From zone 2: on to 5 and free to 4; zone 1 is reached but node 3 lies only beyond it.
    assert dist[0].tolist() == [1.0, 0.0, np.inf, 1.0, 1.0]


@settings(deadline=None, max_examples=80)
@given(graphs(), st.data())
def test_blocking_equals_deleting_the_blocked_nodes_out_edges(
    case: tuple[CsrGraph, int], data: st.DataObject
) -> None:
    graph, source = case
    flags = st.lists(st.booleans(), min_size=graph.n_nodes, max_size=graph.n_nodes)
    blocked = np.asarray(data.draw(flags))
    dist, _ = shortest_tree(graph.indptr, graph.head, graph.weights, source, blocked)
    cut = blocked[graph.tail] & (graph.tail != source)
    weights = np.where(cut, np.inf, graph.weights)
    expected, _ = shortest_tree(graph.indptr, graph.head, weights, source)
    np.testing.assert_array_equal(dist, expected)


def test_path_edges_lead_from_the_source_to_the_target() -> None:
    graph = csr_from_edges([2, 0, 1], [3, 1, 2], [1.0, 1.0, 1.0], n_nodes=4)
    _, pred = shortest_tree(graph.indptr, graph.head, graph.weights, 0)
    edges = path_edges(pred, graph.tail, 3)
    assert graph.tail[edges].tolist() == [0, 1, 2]
    assert graph.head[edges].tolist() == [1, 2, 3]
    assert path_edges(pred, graph.tail, 0).size == 0


def test_path_edges_refuses_a_cycle() -> None:
    with pytest.raises(DataError, match="cycle"):
        path_edges(np.array([1, 0]), np.array([1, 0]), 0)


def test_csr_order_and_position_are_inverse_and_keep_parallel_edges_in_order() -> None:
    graph = csr_from_edges([1, 0, 1, 0], [0, 1, 0, 1], [10.0, 20.0, 30.0, 40.0], n_nodes=2)
    assert graph.indptr.tolist() == [0, 2, 4]
    assert graph.order.tolist() == [1, 3, 0, 2]
    np.testing.assert_array_equal(graph.order[graph.position], np.arange(4))
    assert graph.weights.tolist() == [20.0, 40.0, 10.0, 30.0]


def test_int32_indices_give_the_same_tree() -> None:
    graph = csr_from_edges([0, 1, 0], [1, 2, 2], [1.0, 1.0, 3.0], n_nodes=3)
    wide = shortest_tree(graph.indptr, graph.head, graph.weights, 0)
    narrow = shortest_tree(
        graph.indptr.astype(np.int32), graph.head.astype(np.int32), graph.weights, 0
    )
    for expected, got in zip(wide, narrow, strict=True):
        np.testing.assert_array_equal(expected, got)


def test_buffers_passed_as_out_are_filled_and_returned() -> None:
    graph = csr_from_edges([0, 1], [1, 2], [1.0, 2.0], n_nodes=3)
    out = (np.empty((2, 3)), np.empty((2, 3), dtype=np.int64))
    dist, pred = shortest_trees(graph.indptr, graph.head, graph.weights, [0, 1], out=out)
    assert dist is out[0] and pred is out[1]
    assert dist.tolist() == [[0.0, 1.0, 3.0], [np.inf, 0.0, 2.0]]


def test_no_sources_give_empty_rows() -> None:
    graph = csr_from_edges([0], [1], [1.0], n_nodes=2)
    dist, pred = shortest_trees(graph.indptr, graph.head, graph.weights, np.zeros(0, dtype=int))
    assert dist.shape == pred.shape == (0, 2)


@pytest.mark.parametrize(
    ("weights", "message"),
    [([-1.0, 1.0], "weights must be >= 0"), ([np.nan, 1.0], "not NaN"), ([1.0], "sizes disagree")],
)
def test_bad_weights_are_refused(weights: list[float], message: str) -> None:
    graph = csr_from_edges([0, 1], [1, 0], n_nodes=2)
    with pytest.raises(DataError, match=message):
        shortest_tree(graph.indptr, graph.head, weights, 0)


def test_a_head_outside_the_graph_is_refused() -> None:
    with pytest.raises(DataError, match="head node is outside"):
        shortest_tree([0, 1, 1], [5], [1.0], 0)


def test_a_source_outside_the_graph_is_refused() -> None:
    graph = csr_from_edges([0], [1], [1.0], n_nodes=2)
    with pytest.raises(DataError, match="source 2 is not a node"):
        shortest_tree(graph.indptr, graph.head, graph.weights, 2)
    with pytest.raises(DataError, match="source -1 is not a node"):
        shortest_trees(graph.indptr, graph.head, graph.weights, [0, -1])


def test_a_blocked_mask_of_the_wrong_length_is_refused() -> None:
    graph = csr_from_edges([0], [1], [1.0], n_nodes=2)
    with pytest.raises(DataError, match="bool mask of 2 nodes"):
        shortest_tree(graph.indptr, graph.head, graph.weights, 0, [True])


def test_an_edge_list_naming_a_missing_node_is_refused() -> None:
    with pytest.raises(DataError, match=r"head\[1\] = 7 is not a node in 0..2"):
        csr_from_edges([0, 1], [1, 7], [1.0, 1.0], n_nodes=3)


def test_a_large_batch_runs_in_parallel_and_equals_one_tree_at_a_time() -> None:
    # Big enough to pass PARALLEL_WORK, so the threaded kernel (not the serial one) answers.
    rng = np.random.default_rng(7)
    n, m = 3000, 12000
    graph = csr_from_edges(rng.integers(0, n, m), rng.integers(0, n, m), rng.random(m), n_nodes=n)
    blocked = rng.random(n) < 0.1
    sources = rng.choice(n, size=40, replace=False)
    assert sources.size * (n + m) >= PARALLEL_WORK
    dist, pred = shortest_trees(graph.indptr, graph.head, graph.weights, sources, blocked)
    for row, source in enumerate(sources):
        one = shortest_tree(graph.indptr, graph.head, graph.weights, source, blocked)
        np.testing.assert_array_equal(dist[row], one[0])
        np.testing.assert_array_equal(pred[row], one[1])


def test_trees_can_be_asked_for_from_several_threads_at_once() -> None:
    # A server answers requests on threads; the parallel kernel must tolerate concurrent calls.
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(8)
    n, m = 2000, 8000
    graph = csr_from_edges(rng.integers(0, n, m), rng.integers(0, n, m), rng.random(m), n_nodes=n)
    sources = np.arange(60)
    expected, _ = shortest_trees(graph.indptr, graph.head, graph.weights, sources)
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(
            pool.map(
                lambda _: shortest_trees(graph.indptr, graph.head, graph.weights, sources)[0],
                range(8),
            )
        )
    for answer in answers:
        np.testing.assert_array_equal(answer, expected)


def _batch_total(seed: int) -> float:
    rng = np.random.default_rng(seed)
    n, m = 3000, 12000
    graph = csr_from_edges(rng.integers(0, n, m), rng.integers(0, n, m), rng.random(m), n_nodes=n)
    dist, _ = shortest_trees(graph.indptr, graph.head, graph.weights, np.arange(40))
    return float(dist[np.isfinite(dist)].sum())


def test_a_process_forked_after_a_parallel_batch_can_run_batches() -> None:
    # Monte Carlo sweeps fork worker processes; an OpenMP-backed kernel killed such children.
    import multiprocessing
    import warnings

    expected = _batch_total(9)  # the parent has now used the thread pool
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork with threads alive
        with multiprocessing.get_context("fork").Pool(1) as pool:
            got = pool.apply_async(_batch_total, (9,)).get(timeout=120)
    assert got == expected


@settings(deadline=None, max_examples=80)
@given(graphs(), st.data())
def test_stopping_at_a_target_keeps_every_finite_distance_exact(
    case: tuple[CsrGraph, int], data: st.DataObject
) -> None:
    graph, source = case
    target = data.draw(st.integers(0, graph.n_nodes - 1))
    full, _ = shortest_tree(graph.indptr, graph.head, graph.weights, source)
    early, pred = shortest_tree(graph.indptr, graph.head, graph.weights, source, target=target)
    assert early[target] == full[target]
    finite = np.isfinite(early)
    np.testing.assert_array_equal(early[finite], full[finite])
    assert (early[finite] <= full[target]).all()  # nothing beyond the target was kept
    assert_tree_is_consistent(graph, source, np.where(finite, early, np.inf), pred)


def test_a_target_outside_the_graph_is_refused() -> None:
    graph = csr_from_edges([0], [1], [1.0], n_nodes=2)
    with pytest.raises(DataError, match="target 5 is not a node"):
        shortest_tree(graph.indptr, graph.head, graph.weights, 0, target=5)


def test_warm_up_loads_the_kernels_and_leaves_answers_unchanged() -> None:
    warm_up()
    graph = csr_from_edges([0, 1], [1, 2], [1.0, 2.0], n_nodes=3)
    assert shortest_tree(graph.indptr, graph.head, graph.weights, 0)[0].tolist() == [0, 1, 3]


def test_a_failing_chunk_stops_the_batch_and_reaches_the_caller() -> None:
    from landsea.routing._threads import run_chunks

    done: list[int] = []

    def work(start: int, stop: int, _: None) -> None:
        if start == 3:
            raise RuntimeError("chunk 3 failed")
        done.append(start)

    with pytest.raises(RuntimeError, match="chunk 3 failed"):
        run_chunks(40, 40, 2, work, lambda: None)
    assert 3 not in done and len(done) < 40


def test_an_edge_list_with_fractional_node_ids_is_refused() -> None:
    with pytest.raises(DataError, match=r"tail\[1\] = 1.5 is not a node id"):
        csr_from_edges([0.0, 1.5], [1, 2], [1.0, 1.0], n_nodes=3)
    assert csr_from_edges([0.0, 1.0], [1, 2], [1.0, 1.0], n_nodes=3).tail.tolist() == [0, 1]
