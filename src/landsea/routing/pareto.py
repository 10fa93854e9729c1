"""The Pareto set over (time, cost, CO2), and reliability as a fourth criterion on request.

Multi-criteria label setting (Martins): labels are popped in lexicographic order, so a popped
label that no other label at its node dominates is final. Labels dominated at their node or by
a label already at the target are pruned. Reliability enters as the path's time variance,
which adds along a path; the P90 filter is applied to the finished set.

A tolerance `epsilon` thins the answer: two options within epsilon (relative) on every
criterion are one option to a planner, and keeping both only lengthens the list.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from landsea.network.graph import MultimodalGraph

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
    rows = [tuple(float(x) for x in row) for row in criteria]
    start = _Label(tuple(0.0 for _ in range(criteria.shape[1])), source, -1, None)
    at_node: dict[int, list[_Label]] = {source: [start]}
    done: list[_Label] = []
    heap: list[tuple[Vector, int, _Label]] = [(start.costs, 0, start)]
    counter = 1
    while heap:
        _, _, label = heapq.heappop(heap)
        if not label.alive or _dominated(label.costs, done, epsilon):
            continue
        if label.node == target:
            done.append(label)
            continue
        u = label.node
        for e in range(int(graph.indptr[u]), int(graph.indptr[u + 1])):
            v = int(graph.head[e])
            costs = tuple(a + b for a, b in zip(label.costs, rows[e], strict=True))
            if not np.isfinite(costs[0]) or _dominated(costs, done, epsilon):
                continue
            if _insert(at_node.setdefault(v, []), costs, epsilon):
                new = _Label(costs, v, e, label)
                at_node[v].append(new)
                heapq.heappush(heap, (costs, counter, new))
                counter += 1
    return [_edges_of(label) for label in done]


def _dominates(a: Vector, b: Vector, epsilon: float) -> bool:
    """a is at least as good as b on every criterion (within epsilon, relative)."""
    return all(x <= y * (1.0 + epsilon) + 1e-12 for x, y in zip(a, b, strict=True))


def _dominated(costs: Vector, labels: list[_Label], epsilon: float) -> bool:
    return any(_dominates(other.costs, costs, epsilon) for other in labels)


def _insert(labels: list[_Label], costs: Vector, epsilon: float) -> bool:
    """Whether a label with these costs earns a place at the node; kills those it dominates."""
    for other in labels:
        if other.alive and _dominates(other.costs, costs, epsilon):
            return False
    for other in labels:
        if other.alive and _dominates(costs, other.costs, 0.0):
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
