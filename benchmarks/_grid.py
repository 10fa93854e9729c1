"""A seeded road-like test network of any size: a jittered square grid with random speeds.

Nodes sit on a side x side grid, each moved by up to 0.4 of a cell; neighbours are joined both
ways (a few links dropped, so routes must detour); a link's cost is its length over a speed drawn
per link (an arterial grid every tenth row and column is three times faster, so trees have the
long shallow shape of real road networks rather than a diamond).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class EdgeList:
    n_nodes: int
    tail: NDArray[np.int64]
    head: NDArray[np.int64]
    weight: NDArray[np.float64]


def jittered_grid(side: int, *, seed: int, drop: float = 0.05) -> EdgeList:
    """side**2 nodes, about 4 side**2 directed links, in a random (not CSR) order."""
    rng = np.random.default_rng(seed)
    ids = np.arange(side * side, dtype=np.int64).reshape(side, side)
    x = np.tile(np.arange(side, dtype=np.float64), side) + rng.uniform(-0.4, 0.4, side * side)
    y = np.repeat(np.arange(side, dtype=np.float64), side) + rng.uniform(-0.4, 0.4, side * side)
    across = (ids[:, :-1].ravel(), ids[:, 1:].ravel(), np.repeat(np.arange(side), side - 1))
    down = (ids[:-1, :].ravel(), ids[1:, :].ravel(), np.tile(np.arange(side), side - 1))
    a = np.concatenate([across[0], down[0]])
    b = np.concatenate([across[1], down[1]])
    line = np.concatenate([across[2], down[2]])  # the row (across) or column (down) of a link
    keep = rng.random(a.size) >= drop
    a, b, line = a[keep], b[keep], line[keep]
    length = np.hypot(x[a] - x[b], y[a] - y[b])
    speed = np.where(line % 10 == 0, 3.0, 1.0) * rng.uniform(0.8, 1.2, a.size)
    tail = np.concatenate([a, b])
    head = np.concatenate([b, a])
    weight = np.concatenate([length / speed, length / speed * rng.uniform(0.9, 1.1, a.size)])
    shuffle = rng.permutation(tail.size)
    return EdgeList(side * side, tail[shuffle], head[shuffle], weight[shuffle])
