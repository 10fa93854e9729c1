"""Stochastic user equilibrium (logit) by the method of successive averages.

Each iteration loads the demand by Dial's STOCH algorithm (Dial 1971, "A probabilistic
multipath traffic assignment model which obviates path enumeration", Transportation Research 5)
at the current costs, and averages: x <- x + (y - x) / (n + 1). Dial's loading spreads each
origin's demand over its efficient links (those leading away from the origin) with logit
weights exp(-theta * excess cost), without enumerating paths. MSA converges at rate 1/n, so the
stopping test is the relative change sum|y - x| / sum x, typically 1e-3.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

from landsea.assignment.equilibrium import Outcome, Settings
from landsea.assignment.run import Measure, Run
from landsea.errors import DataError

FloatArray = NDArray[np.float64]


def solve_stochastic(run: Run, settings: Settings) -> Outcome[Measure]:
    """MSA on Dial loadings at dispersion `settings.theta` until the relative flow change meets
    `settings.gap` or the iteration limit; the outcome's criterion is that change.

    Raises:
        DataError: `settings.theta` is not positive.
    """
    theta, target_change, max_iterations = settings.theta, settings.gap, settings.max_iterations
    if not theta > 0.0:
        raise DataError(f"theta must be positive, got {theta}")
    csr = run.problem.csr
    blocked = csr.blocked if csr.blocked is not None else np.zeros(run.problem.n_nodes, bool)
    graph = (csr.indptr, csr.head, csr.tail)
    flow = np.zeros(run.problem.n_links)
    change = np.inf
    iteration = 0
    while True:
        measure = run.measure(flow)
        if iteration > 0 and (change <= target_change or iteration >= max_iterations):
            return Outcome(flow, measure, iteration, "flow change", change)
        loaded = np.zeros_like(flow)
        dial_load(
            measure.pred,
            measure.dist,
            measure.cost,
            graph,
            csr.origins,
            csr.origin_nodes,
            run.problem.zones,
            run.demand,
            blocked,
            theta,
            loaded,
        )
        total = float(loaded.sum())
        change = float(np.abs(loaded - flow).sum()) / total if total > 0 else 0.0
        flow = flow + (loaded - flow) / (iteration + 1)
        iteration += 1


@numba.njit(cache=True)
def _tree_depth(pred, tail, k, n):  # type: ignore[no-untyped-def]
    """Edges from the origin along the tree, to break ties of zero-cost links in the order."""
    depth = np.full(n, -1, dtype=np.int64)
    stack = np.empty(n, dtype=np.int64)
    for v in range(n):
        top = 0
        u = v
        while depth[u] < 0:
            e = pred[k, u]
            if e < 0:
                depth[u] = 0
                break
            stack[top] = u
            top += 1
            u = tail[e]
        while top > 0:
            top -= 1
            w = stack[top]
            depth[w] = depth[tail[pred[k, w]]] + 1
    return depth


@numba.njit(cache=True)
def dial_load(pred, dist, cost, graph, origins, origin_nodes, zones, demand, blocked, theta, out):  # type: ignore[no-untyped-def]
    """Add each origin's demand, spread by Dial's STOCH logit over its efficient links, to `out`.

    `graph` is the CSR tuple (indptr, head, tail); `pred`, `dist` the trees of the origins at
    the link costs `cost`.
    """
    indptr, head, tail = graph
    n = indptr.shape[0] - 1
    weight = np.zeros(n)
    node_flow = np.zeros(n)
    link_weight = np.zeros(head.shape[0])
    for k in range(origins.shape[0]):
        r = dist[k]
        order = _order(r, _tree_depth(pred, tail, k, n))
        rank = np.empty(n, dtype=np.int64)
        for position in range(n):
            rank[order[position]] = position
        source = origin_nodes[k]
        weight[:] = 0.0
        link_weight[:] = 0.0
        weight[source] = 1.0
        live = _live_nodes(r, blocked, source)
        _link_weights(order, rank, r, live, indptr, head, cost, theta, weight, link_weight)
        node_flow[:] = 0.0
        row = origins[k]
        for z in range(zones.shape[0]):
            if demand[row, z] > 0.0 and np.isfinite(r[zones[z]]):
                node_flow[zones[z]] += demand[row, z]
        _load_back(order, rank, live, indptr, head, weight, link_weight, node_flow, out)


@numba.njit(cache=True, inline="always")
def _live_nodes(r, blocked, source):  # type: ignore[no-untyped-def]
    """Nodes the origin's flow may pass: reached, and not blocked (the origin itself may be)."""
    live = np.empty(r.shape[0], dtype=np.bool_)
    for i in range(r.shape[0]):
        live[i] = np.isfinite(r[i]) and not (blocked[i] and i != source)
    return live


@numba.njit(cache=True, inline="always")
def _link_weights(order, rank, r, live, indptr, head, cost, theta, weight, link_weight):  # type: ignore[no-untyped-def]
    """Forward pass: each efficient link's logit weight, summed into node weights."""
    for position in range(order.shape[0]):
        i = order[position]
        if not live[i] or weight[i] == 0.0:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = head[e]
            if rank[j] > rank[i] and np.isfinite(r[j]):
                likelihood = np.exp(theta * (r[i] + cost[e] - r[j]) * -1.0)
                link_weight[e] = likelihood * weight[i]
                weight[j] += link_weight[e]
            else:
                link_weight[e] = 0.0


@numba.njit(cache=True, inline="always")
def _load_back(order, rank, live, indptr, head, weight, link_weight, node_flow, out):  # type: ignore[no-untyped-def]
    """Backward pass: each node's flow split over its incoming efficient links by weight."""
    for position in range(order.shape[0] - 1, -1, -1):
        i = order[position]
        if not live[i] or weight[i] == 0.0:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = head[e]
            if link_weight[e] > 0.0 and rank[j] > rank[i] and weight[j] > 0.0:
                x = node_flow[j] * link_weight[e] / weight[j]
                out[e] += x
                node_flow[i] += x


@numba.njit(cache=True)
def _order(r, depth):  # type: ignore[no-untyped-def]
    """Nodes by distance, ties by tree depth (parents before children on zero-cost links)."""
    key = np.empty(r.shape[0])
    # Distances are finite or inf; sort by (r, depth) with a stable two-pass sort.
    by_depth = np.argsort(depth, kind="mergesort")
    for i in range(r.shape[0]):
        key[i] = r[by_depth[i]]
    second = np.argsort(key, kind="mergesort")
    return by_depth[second]
