"""Numba kernels of the path-based gradient projection (see `gradient_projection.py`).

Paths of OD pair `od` occupy slots od * max_paths ... od * max_paths + count[od] - 1; a slot
holds the start and length of the path's edges in one shared edge pool, its flow and a hash
of its edge sequence (to recognise a shortest path already in the set).
"""

from __future__ import annotations

import numba
import numpy as np

from landsea.assignment.performance import link_cost, link_derivative

_HASH_MULTIPLIER = np.uint64(1099511628211)  # FNV-1a prime: spreads edge sequences well


@numba.njit(cache=True)
def add_shortest_paths(  # type: ignore[no-untyped-def]
    pred, tail, od_tree, od_dest, od_demand, count, start, length, flow_p, hashes,
    pool, pool_top, max_paths, link_flow, first_od,
):  # fmt: skip
    """Add each pair's tree path to its set unless present; returns (next od, pool top, room).

    A pair with no path yet gets its whole demand on the new path (loaded on the links). A
    pair whose set is full keeps its set (sets shrink as paths lose their flow); a cap too small
    for the equilibrium shows as a gap that stops falling, and the caller reports it.
    A next od below the pair count means the pool is full: make `room` more edges of space
    and call again from there.
    """
    n_od = od_tree.shape[0]
    for od in range(first_od, n_od):
        k = od_tree[od]
        steps = 0
        digest = np.uint64(14695981039346656037)
        e = pred[k, od_dest[od]]
        while e >= 0:
            steps += 1
            digest = (digest ^ np.uint64(e + 1)) * _HASH_MULTIPLIER
            e = pred[k, tail[e]]
        base = od * max_paths
        known = False
        for q in range(count[od]):
            if hashes[base + q] == digest and length[base + q] == steps:
                known = True
                break
        if known or count[od] == max_paths:
            continue
        if pool_top + steps > pool.shape[0]:
            return od, pool_top, steps
        slot = base + count[od]
        start[slot] = pool_top
        length[slot] = steps
        hashes[slot] = digest
        flow_p[slot] = od_demand[od] if count[od] == 0 else 0.0
        load = count[od] == 0
        e = pred[k, od_dest[od]]
        position = pool_top
        while e >= 0:
            pool[position] = e
            position += 1
            if load:
                link_flow[e] += flow_p[slot]
            e = pred[k, tail[e]]
        pool_top = position
        count[od] += 1
    return n_od, pool_top, 0


@numba.njit(cache=True, inline="always")
def _path_cost(pool, begin, steps, cost):  # type: ignore[no-untyped-def]
    total = 0.0
    for i in range(begin, begin + steps):
        total += cost[pool[i]]
    return total


@numba.njit(cache=True, inline="always")
def _move(pool, begin, steps, mark, stamp, amount, link_flow, cost, slope, t0, cap, al, pw, fx):  # type: ignore[no-untyped-def]
    """Add `amount` to links of a path not stamped in `mark`, refreshing their cost and slope."""
    for i in range(begin, begin + steps):
        e = pool[i]
        if mark[e] != stamp:
            x = link_flow[e] + amount
            if x < 0.0:
                x = 0.0
            link_flow[e] = x
            cost[e] = link_cost(x, t0[e], cap[e], al[e], pw[e], fx[e])
            slope[e] = link_derivative(x, t0[e], cap[e], al[e], pw[e])


@numba.njit(cache=True)
def equilibrate(  # type: ignore[no-untyped-def]
    count, start, length, flow_p, hashes, pool, max_paths, link_flow, cost, slope,
    t0, cap, al, pw, fx, mark_basic, mark_other, stamp,
):  # fmt: skip
    """One Gauss-Seidel sweep over the pairs: move flow from each path to the cheapest path of
    its pair by a projected Newton step; drop paths left without flow. Returns the last stamp."""
    n_od = count.shape[0]
    for od in range(n_od):
        n = count[od]
        if n < 2:
            continue
        base = od * max_paths
        best = base
        best_cost = np.inf
        for slot in range(base, base + n):
            c = _path_cost(pool, start[slot], length[slot], cost)
            if c < best_cost:
                best_cost = c
                best = slot
        stamp += 1
        basic_stamp = stamp
        for i in range(start[best], start[best] + length[best]):
            mark_basic[pool[i]] = basic_stamp
        for slot in range(base, base + n):
            if slot == best:
                continue
            stamp += 1
            s0, n0 = start[slot], length[slot]
            s1, n1 = start[best], length[best]
            excess = _path_cost(pool, s0, n0, cost) - _path_cost(pool, s1, n1, cost)
            if excess <= 0.0:
                continue
            for i in range(s0, s0 + n0):
                mark_other[pool[i]] = stamp
            curvature = 0.0
            for i in range(s0, s0 + n0):
                if mark_basic[pool[i]] != basic_stamp:
                    curvature += slope[pool[i]]
            for i in range(s1, s1 + n1):
                if mark_other[pool[i]] != stamp:
                    curvature += slope[pool[i]]
            shift = flow_p[slot]
            if curvature > 0.0 and excess / curvature < shift:
                shift = excess / curvature
            if shift <= 0.0:
                continue
            flow_p[slot] -= shift
            flow_p[best] += shift
            _move(
                pool,
                s0,
                n0,
                mark_basic,
                basic_stamp,
                -shift,
                link_flow,
                cost,
                slope,
                t0,
                cap,
                al,
                pw,
                fx,
            )
            _move(
                pool, s1, n1, mark_other, stamp, shift, link_flow, cost, slope, t0, cap, al, pw, fx
            )
        _drop_empty(od, count, start, length, flow_p, hashes, max_paths)
    return stamp


@numba.njit(cache=True, inline="always")
def _drop_empty(od, count, start, length, flow_p, hashes, max_paths):  # type: ignore[no-untyped-def]
    base = od * max_paths
    q = 0
    while q < count[od] and count[od] > 1:
        slot = base + q
        if flow_p[slot] <= 0.0:
            last = base + count[od] - 1
            start[slot] = start[last]
            length[slot] = length[last]
            flow_p[slot] = flow_p[last]
            hashes[slot] = hashes[last]
            count[od] -= 1
        else:
            q += 1


@numba.njit(cache=True)
def flows_from_paths(count, start, length, flow_p, pool, max_paths, link_flow):  # type: ignore[no-untyped-def]
    """Link flows summed afresh from path flows (clears rounding drift of incremental updates)."""
    link_flow[:] = 0.0
    for od in range(count.shape[0]):
        base = od * max_paths
        for slot in range(base, base + count[od]):
            f = flow_p[slot]
            for i in range(start[slot], start[slot] + length[slot]):
                link_flow[pool[i]] += f


@numba.njit(cache=True)
def compact(count, start, length, max_paths, pool, new_pool):  # type: ignore[no-untyped-def]
    """Copy live paths into `new_pool`, rewriting their starts; returns the new pool top."""
    top = 0
    for od in range(count.shape[0]):
        base = od * max_paths
        for slot in range(base, base + count[od]):
            s = start[slot]
            for i in range(length[slot]):
                new_pool[top + i] = pool[s + i]
            start[slot] = top
            top += length[slot]
    return top
