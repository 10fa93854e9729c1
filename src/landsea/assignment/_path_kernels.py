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
    pred,
    tail,
    od_tree,
    od_dest,
    od_demand,
    count,
    start,
    length,
    flow_p,
    hashes,
    pool,
    pool_top,
    max_paths,
    link_flow,
    first_od,
):
    """Add each pair's tree path to its set unless present; returns (next od, pool top, room).

    A pair with no path yet gets its whole demand on the new path (loaded on the links). A
    pair whose set is full keeps its set (sets shrink as paths lose their flow); a cap too small
    for the equilibrium shows as a gap that stops falling, and the caller reports it.
    A next od below the pair count means the pool is full: make `room` more edges of space
    and call again from there.
    """
    n_od = od_tree.shape[0]
    for od in range(first_od, n_od):
        k, dest, base, n = od_tree[od], od_dest[od], od * max_paths, count[od]
        steps, digest = _walk_digest(pred, tail, k, dest)
        if n == max_paths or _known(hashes, length, base, n, digest, steps):
            continue
        if pool_top + steps > pool.shape[0]:
            return od, pool_top, steps
        slot = base + n
        start[slot] = pool_top
        length[slot] = steps
        hashes[slot] = digest
        flow_p[slot] = od_demand[od] if n == 0 else 0.0
        pool_top = _store(pred, tail, k, dest, pool, pool_top, n == 0, flow_p[slot], link_flow)
        count[od] += 1
    return n_od, pool_top, 0


@numba.njit(cache=True, inline="always")
def _walk_digest(pred, tail, k, dest):  # type: ignore[no-untyped-def]
    """Edges on tree k's path to `dest`, and the FNV-1a hash of its edge sequence."""
    steps = 0
    digest = np.uint64(14695981039346656037)
    e = pred[k, dest]
    while e >= 0:
        steps += 1
        digest = (digest ^ np.uint64(e + 1)) * _HASH_MULTIPLIER
        e = pred[k, tail[e]]
    return steps, digest


@numba.njit(cache=True, inline="always")
def _known(hashes, length, base, n, digest, steps):  # type: ignore[no-untyped-def]
    """Whether one of the n paths from slot `base` has this hash and length."""
    q = 0
    while q < n and not (hashes[base + q] == digest and length[base + q] == steps):
        q += 1
    return q < n


@numba.njit(cache=True, inline="always")
def _store(pred, tail, k, dest, pool, position, load, amount, link_flow):  # type: ignore[no-untyped-def]
    """Write tree k's path to `dest` into the pool from `position` (loading `amount` on its
    links when `load`); returns the new pool top."""
    e = pred[k, dest]
    while e >= 0:
        pool[position] = e
        position += 1
        if load:
            link_flow[e] += amount
        e = pred[k, tail[e]]
    return position


@numba.njit(cache=True, inline="always")
def _path_cost(pool, begin, steps, cost):  # type: ignore[no-untyped-def]
    total = 0.0
    for i in range(begin, begin + steps):
        total += cost[pool[i]]
    return total


@numba.njit(cache=True, inline="always")
def _move(pool, begin, steps, mark, stamp, amount, link_flow, cost, slope, bpr):  # type: ignore[no-untyped-def]
    """Add `amount` to links of a path not stamped in `mark`, refreshing their cost and slope.

    `bpr` is the tuple (free-flow time, capacity, alpha, power, fixed cost) of link arrays.
    """
    t0, cap, al, pw, fx = bpr
    for i in range(begin, begin + steps):
        e = pool[i]
        if mark[e] != stamp:
            x = link_flow[e] + amount
            if x < 0.0:
                x = 0.0
            link_flow[e] = x
            cost[e] = link_cost(x, t0[e], cap[e], al[e], pw[e], fx[e])
            slope[e] = link_derivative(x, t0[e], cap[e], al[e], pw[e])


@numba.njit(cache=True, inline="always")
def _cheapest(pool, start, length, cost, base, n):  # type: ignore[no-untyped-def]
    """The slot of the cheapest path among slots base .. base + n - 1 (the first on ties)."""
    best = base
    best_cost = np.inf
    for slot in range(base, base + n):
        c = _path_cost(pool, start[slot], length[slot], cost)
        if c < best_cost:
            best_cost = c
            best = slot
    return best


@numba.njit(cache=True, inline="always")
def _stamp(pool, begin, steps, mark, stamp):  # type: ignore[no-untyped-def]
    for i in range(begin, begin + steps):
        mark[pool[i]] = stamp


@numba.njit(cache=True, inline="always")
def _newton_shift(pool, start, length, flow_p, cost, slope, slot, best, marks, stamps):  # type: ignore[no-untyped-def]
    """Flow to move from `slot` to `best`: the cost difference over the summed slopes of the
    links the two paths do not share, capped by the path's flow; 0 when `slot` is no dearer.

    `marks` is (basic, other) and `stamps` their current stamps; the basic path is stamped
    already, the other path is stamped here.
    """
    mark_basic, mark_other = marks
    basic_stamp, stamp = stamps
    s0, n0 = start[slot], length[slot]
    s1, n1 = start[best], length[best]
    excess = _path_cost(pool, s0, n0, cost) - _path_cost(pool, s1, n1, cost)
    if excess <= 0.0:
        return 0.0
    _stamp(pool, s0, n0, mark_other, stamp)
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
    return shift


@numba.njit(cache=True)
def equilibrate(  # type: ignore[no-untyped-def]
    count, start, length, flow_p, hashes, pool, max_paths, link_flow, cost, slope, bpr, marks, stamp
):
    """One Gauss-Seidel sweep over the pairs: move flow from each path to the cheapest path of
    its pair by a projected Newton step; drop paths left without flow. Returns the last stamp.

    `bpr` is the tuple of BPR link arrays (free-flow time, capacity, alpha, power, fixed cost);
    `marks` two stamp arrays over the links (basic path, other path), reused across calls.
    """
    mark_basic, mark_other = marks
    for od in range(count.shape[0]):
        n = count[od]
        if n < 2:
            continue
        base = od * max_paths
        best = _cheapest(pool, start, length, cost, base, n)
        stamp += 1
        basic_stamp = stamp
        _stamp(pool, start[best], length[best], mark_basic, basic_stamp)
        for slot in range(base, base + n):
            if slot == best:
                continue
            stamp += 1
            stamps = (basic_stamp, stamp)
            shift = _newton_shift(
                pool, start, length, flow_p, cost, slope, slot, best, marks, stamps
            )
            if shift <= 0.0:
                continue
            flow_p[slot] -= shift
            flow_p[best] += shift
            s0, n0, s1, n1 = start[slot], length[slot], start[best], length[best]
            _move(pool, s0, n0, mark_basic, basic_stamp, -shift, link_flow, cost, slope, bpr)
            _move(pool, s1, n1, mark_other, stamp, shift, link_flow, cost, slope, bpr)
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


@numba.njit(cache=True)
def tree_paths(pred, tail, rows, targets):  # type: ignore[no-untyped-def]
    """The tree paths to `targets[i]` in the trees `pred[rows[i]]` (predecessor edges, -1 at
    the root), in travel order: (edge pool, offsets, cyclic), path i being
    pool[offsets[i]:offsets[i+1]]; `cyclic` is the first i whose walk is longer than the node
    count (no tree: the caller refuses it), else -1.
    """
    n = rows.shape[0]
    offsets = np.zeros(n + 1, dtype=np.int64)
    limit = pred.shape[1]
    for i in range(n):
        steps = 0
        edge = pred[rows[i], targets[i]]
        while edge >= 0:
            steps += 1
            if steps > limit:
                return np.empty(0, dtype=np.int64), offsets, i
            edge = pred[rows[i], tail[edge]]
        offsets[i + 1] = offsets[i] + steps
    pool = np.empty(offsets[n], dtype=np.int64)
    for i in range(n):
        position = offsets[i + 1] - 1
        edge = pred[rows[i], targets[i]]
        while edge >= 0 and position >= offsets[i]:
            pool[position] = edge
            position -= 1
            edge = pred[rows[i], tail[edge]]
    return pool, offsets, -1


@numba.njit(cache=True)
def segment_sums(values, pool, starts, lengths):  # type: ignore[no-untyped-def]
    """out[s, k] = the sum of values[k, pool[starts[s] : starts[s] + lengths[s]]], as
    `values[k, segment].sum()` gives it: 0.0 plus numpy's pairwise sum of the segment (a
    plain loop below 8 numbers; eight running sums up to 128, then halves), so the same
    float, not just a close one."""
    out = np.empty((starts.size, values.shape[0]))
    for s in range(starts.size):
        for k in range(values.shape[0]):
            out[s, k] = 0.0 + _pairwise(values[k], pool, starts[s], lengths[s])
    return out


@numba.njit(cache=True)
def _pairwise(row, pool, begin, n):  # type: ignore[no-untyped-def]
    if n < 8:
        total = -0.0
        for i in range(n):
            total += row[pool[begin + i]]
        return total
    if n <= 128:
        r0, r1 = row[pool[begin]], row[pool[begin + 1]]
        r2, r3 = row[pool[begin + 2]], row[pool[begin + 3]]
        r4, r5 = row[pool[begin + 4]], row[pool[begin + 5]]
        r6, r7 = row[pool[begin + 6]], row[pool[begin + 7]]
        i = 8
        while i < n - n % 8:
            r0 += row[pool[begin + i]]
            r1 += row[pool[begin + i + 1]]
            r2 += row[pool[begin + i + 2]]
            r3 += row[pool[begin + i + 3]]
            r4 += row[pool[begin + i + 4]]
            r5 += row[pool[begin + i + 5]]
            r6 += row[pool[begin + i + 6]]
            r7 += row[pool[begin + i + 7]]
            i += 8
        total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            total += row[pool[begin + i]]
            i += 1
        return total
    half = n // 2
    half -= half % 8
    return _pairwise(row, pool, begin, half) + _pairwise(row, pool, begin + half, n - half)
