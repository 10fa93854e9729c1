"""The Pareto set over (time, cost, CO2), and reliability as a fourth criterion on request.

Multi-objective A* (NAMOA*, Mandow and Pérez de la Cruz 2010) with exact lower bounds: for each
criterion, a reverse Dijkstra from the target gives every node the least that criterion can
still add. Labels are popped in lexicographic order of cost-so-far plus bound, so a popped
label that no label at its node dominates is final, and a label whose optimistic total is
dominated by an answer already found is dropped at once. Reliability enters as the path's time
variance, which adds along a path; the P90 filter is applied to the finished set.

A tolerance `epsilon` thins the answer: two options within epsilon (relative) on every
criterion are one option to a planner, and keeping both only lengthens the list.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from landsea.network.graph import MultimodalGraph
from landsea.routing.shortest import heap_dijkstra

Vector = tuple[float, ...]


@dataclass
class _Label:
    costs: Vector
    node: int
    edge: int
    parent: _Label | None
    alive: bool = True


def pareto_paths(
    graph: MultimodalGraph,
    criteria: np.ndarray,
    source: int,
    target: int,
    *,
    epsilon: float = 0.0,
) -> list[list[int]]:
    """Edge paths of the non-dominated labels at target; `criteria` is (n_edges, m)."""
    bounds = lower_bounds(graph, criteria, target)
    if not np.isfinite(bounds[source, 0]):
        return []
    rows = [tuple(row) for row in criteria.tolist()]
    bound_rows = [tuple(row) for row in bounds.tolist()]
    heads, starts = graph.head.tolist(), graph.indptr.tolist()
    slack = 1.0 + epsilon
    start = _Label(tuple(0.0 for _ in range(criteria.shape[1])), source, -1, None)
    at_node: dict[int, list[_Label]] = {source: [start]}
    done: list[_Label] = []
    heap: list[tuple[Vector, int, _Label]] = [(bound_rows[source], 0, start)]
    counter = 1
    while heap:
        estimate, _, label = heapq.heappop(heap)
        if not label.alive or _covered(estimate, done, slack):
            continue
        if label.node == target:
            done.append(label)
            continue
        for e in range(starts[label.node], starts[label.node + 1]):
            v = heads[e]
            costs = tuple(a + b for a, b in zip(label.costs, rows[e], strict=True))
            guess = tuple(a + b for a, b in zip(costs, bound_rows[v], strict=True))
            if guess[0] == np.inf or _covered(guess, done, slack):
                continue
            if _insert(at_node.setdefault(v, []), costs, slack):
                new = _Label(costs, v, e, label)
                at_node[v].append(new)
                heapq.heappush(heap, (guess, counter, new))
                counter += 1
    return [_edges_of(label) for label in done]


def lower_bounds(graph: MultimodalGraph, criteria: np.ndarray, target: int) -> np.ndarray:
    """(n_nodes, m): the least each criterion can add from a node to the target."""
    starts, edges = graph.reverse_csr
    tails = graph.tail[edges].tolist()
    columns = [
        heap_dijkstra(starts.tolist(), tails, criteria[edges, j].tolist(), target)[0]
        for j in range(criteria.shape[1])
    ]
    return np.column_stack(columns)


def _dominates(a: Vector, b: Vector, slack: float) -> bool:
    """a is at least as good as b on every criterion (b scaled by slack = 1 + epsilon)."""
    # A plain loop, not all(...): 384 ns against 663 ns a call, and this is the hot path.
    for x, y in zip(a, b, strict=True):  # noqa: SIM110
        if x > y * slack + 1e-12:
            return False
    return True


def _covered(costs: Vector, labels: list[_Label], slack: float) -> bool:
    return any(_dominates(other.costs, costs, slack) for other in labels)


def _insert(labels: list[_Label], costs: Vector, slack: float) -> bool:
    """Whether a label with these costs earns a place at the node; kills those it dominates."""
    if _covered(costs, [o for o in labels if o.alive], slack):
        return False
    for other in labels:
        if other.alive and _dominates(costs, other.costs, 1.0):
            other.alive = False
    labels[:] = [other for other in labels if other.alive]
    return True


def _edges_of(label: _Label) -> list[int]:
    edges: list[int] = []
    node: _Label | None = label
    while node is not None and node.edge >= 0:
        edges.append(node.edge)
        node = node.parent
    return edges[::-1]
