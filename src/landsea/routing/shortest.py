"""One best path on a compiled graph.

Graphs up to `SMALL_GRAPH_EDGES` edges (the corridor graph has about 600) are searched by a
heapq Dijkstra in plain Python: 0.15 ms a tree there, while loading the compiled kernel from
numba's cache costs about 0.5 s in every fresh process, which a one-shot `landsea route` cannot
afford (goal: 1.5 s in all). Larger graphs go to the shared numba kernel.
"""

from __future__ import annotations

import heapq

import numpy as np

from landsea.network.graph import MultimodalGraph

SMALL_GRAPH_EDGES = 20_000


def best_edges(
    graph: MultimodalGraph, weights: np.ndarray, source: int, target: int
) -> list[int] | None:
    """Edge ids of a least-weight path from source to target, or None when none exists.

    Edges with an infinite weight are never used, which is how callers remove edges.
    """
    if graph.n_edges <= SMALL_GRAPH_EDGES:
        pred = _small_graph_tree(graph.indptr, graph.head, weights, source, target)
    else:
        from landsea.routing.kernels import shortest_tree

        dist, pred_edge = shortest_tree(graph.indptr, graph.head, weights, source)
        pred = pred_edge.tolist() if np.isfinite(dist[target]) else None
    if pred is None:
        return None
    return _walk_back(pred, graph.tail, source, target)


def _small_graph_tree(
    indptr: np.ndarray, head: np.ndarray, weights: np.ndarray, source: int, target: int
) -> list[int] | None:
    """Predecessor edges of a Dijkstra tree that stops once `target` is settled."""
    starts, heads, costs = indptr.tolist(), head.tolist(), weights.tolist()
    dist = [np.inf] * (len(starts) - 1)
    pred = [-1] * len(dist)
    dist[source] = 0.0
    heap = [(0.0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if u == target:
            return pred
        if d > dist[u]:
            continue
        for e in range(starts[u], starts[u + 1]):
            v, nd = heads[e], d + costs[e]
            if nd < dist[v]:
                dist[v], pred[v] = nd, e
                heapq.heappush(heap, (nd, v))
    return None


def _walk_back(pred: list[int], tail: np.ndarray, source: int, target: int) -> list[int]:
    path: list[int] = []
    node = target
    while node != source:
        edge = pred[node]
        path.append(edge)
        node = int(tail[edge])
    return path[::-1]
