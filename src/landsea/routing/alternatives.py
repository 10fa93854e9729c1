"""k distinct alternatives: Yen's k shortest loopless paths, kept when physically distinct.

Two paths of the virtual graph can differ only in where the goods are loaded or which wait
they take; a user asking for alternatives wants different itineraries, so paths are compared
by their links and transfers (`Route.signature`) and near-copies are passed over.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable

import numpy as np

from landsea.network.graph import MultimodalGraph
from landsea.routing.shortest import best_edges

MAX_CANDIDATES_PER_ROUTE = 40  # Yen candidates examined per distinct route asked for


def distinct_paths(
    graph: MultimodalGraph,
    weights: np.ndarray,
    source: int,
    target: int,
    k: int,
    signature: Callable[[list[int]], Hashable],
) -> list[list[int]]:
    """Up to k least-weight loopless paths with pairwise different signatures."""
    first = best_edges(graph, weights, source, target)
    if first is None:
        return []
    accepted: list[list[int]] = [first]
    signatures = {signature(first)}
    shortest: list[list[int]] = [first]  # Yen's list A: every path popped, distinct or not
    candidates: list[tuple[float, list[int]]] = []
    seen: set[tuple[int, ...]] = {tuple(first)}
    in_edges = _in_edges(graph)
    budget = k * MAX_CANDIDATES_PER_ROUTE
    while len(accepted) < k and budget > 0:
        for path in _spur_paths(graph, weights, shortest, in_edges, target):
            if tuple(path) not in seen:
                seen.add(tuple(path))
                heapq.heappush(candidates, (float(weights[path].sum()), path))
        if not candidates:
            break
        _, path = heapq.heappop(candidates)
        shortest.append(path)
        budget -= 1
        if signature(path) not in signatures:
            signatures.add(signature(path))
            accepted.append(path)
    return accepted


def _spur_paths(
    graph: MultimodalGraph,
    weights: np.ndarray,
    shortest: list[list[int]],
    in_edges: list[np.ndarray],
    target: int,
) -> list[list[int]]:
    """Yen's deviations from the newest path: for each spur node, the best path that leaves
    the shared root differently and does not revisit the root's nodes."""
    last = shortest[-1]
    found: list[list[int]] = []
    for i, spur_edge in enumerate(last):
        root = last[:i]
        blocked = weights.copy()
        for path in shortest:
            if len(path) > i and path[:i] == root:
                blocked[path[i]] = np.inf
        for e in root:
            blocked[in_edges[int(graph.tail[e])]] = np.inf
        spur = best_edges(graph, blocked, int(graph.tail[spur_edge]), target)
        if spur is not None:
            found.append(root + spur)
    return found


def _in_edges(graph: MultimodalGraph) -> list[np.ndarray]:
    starts, edges = graph.reverse_csr
    return [edges[starts[v] : starts[v + 1]] for v in range(graph.n_nodes)]
