"""Shortest-path trees for every origin (the shared routing kernel) and all-or-nothing loading."""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

from landsea.assignment.problem import Csr
from landsea.routing.kernels import shortest_trees

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def trees(csr: Csr, cost: FloatArray) -> tuple[FloatArray, IntArray]:
    """Distances and predecessor edges (CSR positions) from every origin with demand."""
    dist, pred = shortest_trees(csr.indptr, csr.head, cost, csr.origin_nodes, csr.blocked)
    return dist, pred


@numba.njit(cache=True)
def all_or_nothing(  # type: ignore[no-untyped-def]
    pred, dist, origins, zones, demand, tail, flow_out
):
    """Load each origin's demand on its tree; return the shortest-path total cost (SPTT).

    Walks each destination up its predecessor chain, which stays right when ties of zero-cost
    links make distance order ambiguous. Pairs with no path carry no flow (reported elsewhere).
    """
    flow_out[:] = 0.0
    sptt = 0.0
    n_zones = zones.shape[0]
    for k in range(origins.shape[0]):
        row = origins[k]
        for j in range(n_zones):
            d = demand[row, j]
            node = zones[j]
            if d <= 0.0 or not np.isfinite(dist[k, node]):
                continue
            sptt += d * dist[k, node]
            e = pred[k, node]
            while e >= 0:
                flow_out[e] += d
                e = pred[k, tail[e]]
    return sptt


@numba.njit(cache=True)
def shortest_path_total(pred, dist, origins, zones, demand):  # type: ignore[no-untyped-def]
    """SPTT alone: sum of demand times shortest cost over reachable pairs."""
    total = 0.0
    for k in range(origins.shape[0]):
        row = origins[k]
        for j in range(zones.shape[0]):
            d = demand[row, j]
            if d > 0.0 and np.isfinite(dist[k, zones[j]]):
                total += d * dist[k, zones[j]]
    return total
