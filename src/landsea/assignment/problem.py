"""The static assignment problem: a directed network, BPR links, zones, demand and blocked nodes.

Links keep the caller's order at the boundary (results come back in it); inside, the algorithms
work in the CSR order of the shortest-path kernels (links sorted by tail), which `Problem`
computes once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from landsea.assignment.performance import BprLinks
from landsea.errors import DataError

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Problem:
    """A static traffic assignment problem.

    `tail`/`head`: 0-based node ids per link; `zones`: node id of each zone (demand row/column);
    `demand[i, j]`: flow from zone i to zone j; `blocked`: nodes that may be reached but not
    passed through (TNTP zones below FIRST THRU NODE), or None.

    Raises:
        DataError: arrays that disagree in length, a node id out of range, demand of the wrong
            shape or with a negative or non-finite cell, or a blocked mask of the wrong length.
    """

    n_nodes: int
    tail: IntArray
    head: IntArray
    links: BprLinks
    zones: IntArray
    demand: FloatArray
    blocked: BoolArray | None = None
    name: str = "network"
    csr: Csr = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _validate(self)
        object.__setattr__(self, "csr", Csr.build(self))

    @property
    def n_links(self) -> int:
        """The number of links."""
        return int(self.tail.shape[0])


@dataclass(frozen=True)
class Csr:
    """The problem in the kernels' order: links sorted by tail (stable), with the permutation."""

    indptr: IntArray
    head: IntArray
    tail: IntArray
    order: IntArray  # csr position -> original link index
    links: BprLinks
    origins: IntArray  # zone rows with demand
    origin_nodes: IntArray
    blocked: BoolArray | None

    @staticmethod
    def build(problem: Problem) -> Csr:
        """The CSR arrays of `problem`, and its origins with demand."""
        order = np.argsort(problem.tail, kind="stable").astype(np.int64)
        tail = problem.tail[order]
        counts = np.bincount(tail, minlength=problem.n_nodes)
        indptr = np.zeros(problem.n_nodes + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        origins = np.flatnonzero(problem.demand.sum(axis=1) > 0).astype(np.int64)
        return Csr(
            indptr=indptr,
            head=np.ascontiguousarray(problem.head[order]),
            tail=np.ascontiguousarray(tail),
            order=order,
            links=problem.links.take(order),
            origins=origins,
            origin_nodes=np.ascontiguousarray(problem.zones[origins]),
            blocked=problem.blocked,
        )

    def to_original(self, per_csr_link: FloatArray) -> FloatArray:
        """A per-link array in CSR order, put back in the problem's link order."""
        out = np.empty_like(per_csr_link)
        out[self.order] = per_csr_link
        return out


def _validate(problem: Problem) -> None:
    n, m = problem.n_nodes, problem.tail.shape[0]
    if problem.head.shape != (m,) or problem.links.size != m:
        raise DataError(f"{problem.name}: tail, head and link parameters differ in length")
    for name, ids in (("tail", problem.tail), ("head", problem.head), ("zones", problem.zones)):
        bad = np.flatnonzero((ids < 0) | (ids >= n))
        if bad.size:
            raise DataError(
                f"{problem.name}: {name}[{bad[0]}] = {ids[bad[0]]} is not a node 0..{n - 1}"
            )
    k = problem.zones.shape[0]
    if problem.demand.shape != (k, k):
        raise DataError(
            f"{problem.name}: demand is {problem.demand.shape[0]}x{problem.demand.shape[1]} "
            f"but there are {k} zones"
        )
    bad_cells = np.argwhere(~np.isfinite(problem.demand) | (problem.demand < 0))
    if bad_cells.size:
        i, j = (int(v) for v in bad_cells[0])
        raise DataError(
            f"{problem.name}: demand[{i}, {j}] = {problem.demand[i, j]} must be finite and >= 0"
        )
    if problem.blocked is not None and problem.blocked.shape != (n,):
        raise DataError(
            f"{problem.name}: blocked mask has {problem.blocked.shape} entries, not {n}"
        )
