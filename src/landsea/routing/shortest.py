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
    pred = _small_graph_tree if graph.n_edges <= SMALL_GRAPH_EDGES else _kernel_tree
    found = pred(graph, weights, source, target)
    return None if found is None else _walk_back(found, graph.tail, source, target)


def _small_graph_tree(
    graph: MultimodalGraph, weights: np.ndarray, source: int, target: int
) -> list[int] | None:
    starts, heads = graph.indptr.tolist(), graph.head.tolist()
    dist, pred = heap_dijkstra(starts, heads, weights.tolist(), source, target)
    return pred if dist[target] < np.inf else None


def _kernel_tree(
    graph: MultimodalGraph, weights: np.ndarray, source: int, target: int
) -> list[int] | None:
    from landsea.routing.kernels import shortest_tree

    dist, pred_edge = shortest_tree(graph.indptr, graph.head, weights, source, target=target)
    return pred_edge.tolist() if np.isfinite(dist[target]) else None


def heap_dijkstra(
    starts: list[int],
    ends: list[int],
    costs: list[float],
    source: int,
    target: int = -1,
) -> tuple[list[float], list[int]]:
    """Distances and predecessor slots from `source` over an adjacency in list form.

    The slots of node u are `starts[u]` to `starts[u + 1]`; slot i leads to `ends[i]` at
    `costs[i]`. Stops once `target` is settled (when given). Forward on the CSR, or backward on
    the graph's reverse CSR, as the caller needs.
    """
    dist = [np.inf] * (len(starts) - 1)
    pred = [-1] * len(dist)
    dist[source] = 0.0
    heap = [(0.0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if u == target:
            break
        if d > dist[u]:
            continue
        for i in range(starts[u], starts[u + 1]):
            v, nd = ends[i], d + costs[i]
            if nd < dist[v]:
                dist[v], pred[v] = nd, i
                heapq.heappush(heap, (nd, v))
    return dist, pred


def _walk_back(pred: list[int], tail: np.ndarray, source: int, target: int) -> list[int]:
    path: list[int] = []
    node = target
    while node != source:
        edge = pred[node]
        path.append(edge)
        node = int(tail[edge])
    return path[::-1]
