"""Shortest-path kernels: arrays in, arrays out (dense 0..n-1 node ids, CSR sorted by tail).

A graph is three arrays: `indptr` (n + 1 offsets, int32 or int64), `head` (the head node of each
edge, same integer kinds) and `weights` (float64 per edge, >= 0; `inf` removes an edge). The
edges leaving node v are `indptr[v]:indptr[v + 1]`. `csr_from_edges` builds them from an edge
list and returns the permutation between the caller's edge order and CSR order.

    >>> graph = csr_from_edges([0, 0, 1], [1, 2, 2], [1.0, 5.0, 1.0], n_nodes=3)
    >>> dist, pred = shortest_tree(graph.indptr, graph.head, graph.weights, 0)
    >>> dist.tolist(), path_edges(pred, graph.tail, 2).tolist()
    ([0.0, 1.0, 2.0], [0, 2])

`blocked` is an optional bool mask of nodes that a path may end at but not pass through (TNTP
zones below FIRST THRU NODE); the source of a tree always expands. Unreachable nodes get
`dist = inf` and `pred_edge = -1`; the source gets `dist = 0` and `pred_edge = -1`.

The compiled code (4-ary heap with lazy deletion, in `_dijkstra.py`) is cached on disk by
numba, so only the first run on a machine pays for compilation. `shortest_trees` runs its
sources in parallel on Python threads driving the GIL-free compiled kernel (one heap per
thread; see `_threads.py` for why not numba's `prange`): safe to call from many threads at
once, and in processes forked after a call. `shortest_tree(..., target=t)` stops once t is
settled, for point-to-point queries on large graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

import numpy as np
from numpy.typing import ArrayLike, NDArray

from landsea.errors import DataError
from landsea.routing import _dijkstra
from landsea.routing._threads import available_threads, run_chunks

__all__ = [
    "CsrGraph",
    "csr_from_edges",
    "path_edges",
    "shortest_tree",
    "shortest_trees",
    "warm_up",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_NOTHING_BLOCKED = np.zeros(0, dtype=np.bool_)
_INDEX_TYPES = (np.dtype(np.int32), np.dtype(np.int64))
_FLOAT_TYPES = (np.dtype(np.float64),)

#: Below this many (trees x (nodes + edges)) a batch runs in the calling thread: handing work
#: to other threads costs from tens of microseconds to milliseconds on a busy machine, more
#: than a few hundred small trees take (SiouxFalls' 24 zone trees take about 0.07 ms in all).
PARALLEL_WORK = 100_000
#: The heap stores node ids as int32 (half the memory traffic of int64).
MAX_NODES = 2**31 - 1
#: Parallel batches are cut into this many chunks per thread, handed out as threads free up.
CHUNKS_PER_THREAD = 8
_CSR_PROBLEMS = {
    1: "indptr must start at 0 and never decrease",
    2: "a head node is outside 0..n-1",
    3: "weights must be >= 0 and not NaN (inf removes an edge)",
    6: "source, target or an output array out of range",
}


@dataclass(frozen=True)
class CsrGraph:
    """A graph in CSR order plus the permutation back to the caller's edge order.

    `order[k]` is the input index of CSR edge k (so `weights_csr = weights_in[order]`);
    `position[i]` is the CSR index of input edge i (so `flow_in = flow_csr[position]`).
    """

    indptr: IntArray
    head: IntArray
    tail: IntArray
    weights: FloatArray
    order: IntArray
    position: IntArray

    @property
    def n_nodes(self) -> int:
        """How many nodes."""
        return int(self.indptr.shape[0] - 1)

    @property
    def n_edges(self) -> int:
        """How many edges."""
        return int(self.head.shape[0])


def csr_from_edges(
    tail: ArrayLike, head: ArrayLike, weights: ArrayLike | None = None, *, n_nodes: int
) -> CsrGraph:
    """Sort edges by tail (stably: parallel edges keep their input order) into a CsrGraph.

    `weights` defaults to zeros, for callers that set weights per query via `order`.

    Raises:
        DataError: node ids that are not integers in 0..n_nodes-1, or weights that do not
            fit the kernels.
    """
    tails = _node_ids("tail", tail)
    heads = _node_ids("head", head)
    m = tails.shape[0]
    costs = np.zeros(m) if weights is None else np.asarray(weights, dtype=np.float64)
    if tails.ndim != 1 or heads.shape != (m,) or costs.shape != (m,):
        raise DataError(
            f"tail, head and weights must be 1-D of one length, got "
            f"{tails.shape}, {heads.shape}, {costs.shape}"
        )
    _check_nodes("tail", tails, n_nodes)
    _check_nodes("head", heads, n_nodes)
    order = np.argsort(tails, kind="stable")
    position = np.empty(m, dtype=np.int64)
    position[order] = np.arange(m, dtype=np.int64)
    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=n_nodes), out=indptr[1:])
    return CsrGraph(
        indptr=indptr,
        head=np.ascontiguousarray(heads[order]),
        tail=np.ascontiguousarray(tails[order]),
        weights=np.ascontiguousarray(costs[order]),
        order=order.astype(np.int64, copy=False),
        position=position,
    )


def _node_ids(name: str, values: ArrayLike) -> IntArray:
    """int64 node ids; floats only when whole (a float column must not be truncated silently)."""
    array = np.asarray(values)
    if array.dtype.kind == "f":
        whole = np.isfinite(array) & (array == np.round(array))
        if not whole.all():
            bad = int(np.flatnonzero(~whole)[0])
            raise DataError(f"{name}[{bad}] = {array[bad]} is not a node id (an integer)")
    elif array.size and array.dtype.kind not in "iub":
        raise DataError(f"{name} must hold integer node ids, got {array.dtype}")
    return array.astype(np.int64, copy=False)


def _check_nodes(name: str, ids: IntArray, n_nodes: int) -> None:
    if n_nodes < 0:
        raise DataError(f"n_nodes must be >= 0, got {n_nodes}")
    bad = np.flatnonzero((ids < 0) | (ids >= n_nodes))
    if bad.size:
        raise DataError(f"{name}[{bad[0]}] = {ids[bad[0]]} is not a node in 0..{n_nodes - 1}")


def shortest_tree(
    indptr: ArrayLike,
    head: ArrayLike,
    weights: ArrayLike,
    source: int,
    blocked: ArrayLike | None = None,
    *,
    target: int | None = None,
) -> tuple[FloatArray, IntArray]:
    """One-to-all shortest paths from `source`: (dist float64[n], pred_edge int64[n]).

    With `target`, the search stops as soon as the target's distance is final (a point-to-point
    query on a large graph then explores only the ball around the source that reaches it):
    nodes it did not settle get inf / -1, so every finite distance is still exact.
    """
    ptr, heads, costs, mask = _kernel_arrays(indptr, head, weights, blocked)
    n = ptr.shape[0] - 1
    src = _checked_source(source, n)
    stop = -1 if target is None else _checked_source(target, n, "target")
    dist = np.empty(n, dtype=np.float64)
    pred = np.empty(n, dtype=np.int64)
    problem = _dijkstra.checked_tree(ptr, heads, costs, src, stop, mask, dist, pred)
    if problem:
        _raise_problem(problem, ptr, heads, costs, mask)
    return dist, pred


def shortest_trees(
    indptr: ArrayLike,
    head: ArrayLike,
    weights: ArrayLike,
    sources: ArrayLike,
    blocked: ArrayLike | None = None,
    *,
    out: tuple[FloatArray, IntArray] | None = None,
    threads: int | None = None,
) -> tuple[FloatArray, IntArray]:
    """Trees from many sources, in parallel: (dist float64[k, n], pred_edge int64[k, n]).

    Row i belongs to `sources[i]`. Pass `out=(dist, pred)` (C-contiguous, of those shapes and
    types) to reuse buffers across calls, as iterative assignment does. `threads` caps the
    threads (default: every CPU this process may use; pass 1 in the workers of a process pool,
    which fill the CPUs already).
    Small batches (see PARALLEL_WORK) run on the calling thread alone.

    Raises:
        DataError: an invalid graph, weights, sources or output arrays.
    """
    ptr, heads, costs, mask = _checked_graph(indptr, head, weights, blocked)
    n = ptr.shape[0] - 1
    starts = np.ascontiguousarray(_node_ids("sources", sources))
    if starts.ndim != 1:
        raise DataError(f"sources must be 1-D, got shape {starts.shape}")
    if starts.size and (starts.min() < 0 or starts.max() >= n):
        bad = starts[(starts < 0) | (starts >= n)][0]
        raise DataError(f"source {bad} is not a node in 0..{n - 1}")
    k = starts.shape[0]
    dist, pred = _output(out, k, n)
    workers = min(available_threads() if threads is None else max(int(threads), 1), k)
    if workers > 1 and k * (n + heads.shape[0]) >= PARALLEL_WORK:

        def chunk(start: int, stop: int, heap: tuple[np.ndarray, ...]) -> None:
            rows = slice(start, stop)
            _dijkstra.trees(ptr, heads, costs, starts[rows], mask, dist[rows], pred[rows], *heap)

        m = heads.shape[0]
        run_chunks(k, CHUNKS_PER_THREAD * workers, workers, chunk, lambda: _dijkstra.workspace(m))
    elif k:
        heap = _dijkstra.workspace(heads.shape[0])
        _dijkstra.trees(ptr, heads, costs, starts, mask, dist, pred, *heap)
    return dist, pred


def warm_up() -> None:
    """Load the compiled kernels now (int32 and int64 indices), not on the first real query.

    The first compiled call in a process starts numba (a few tenths of a second) and loads each
    kernel from the cache: a server calls this at start-up so its first request does not wait.
    """
    for kind in (np.int32, np.int64):
        indptr = np.array([0, 1, 1], dtype=kind)
        head = np.array([1], dtype=kind)
        weights = np.ones(1)
        shortest_tree(indptr, head, weights, 0)
        shortest_trees(indptr, head, weights, [0, 1], threads=1)


def path_edges(pred_edge: ArrayLike, tail: ArrayLike, target: int) -> IntArray:
    """Edge ids of the tree path from its source to `target`, in travel order.

    Empty when `target` is the source or unreachable: check `dist[target]` to tell them apart.
    `tail` is the tail node of each edge (CSR order, as `pred_edge` holds CSR edge ids).

    Raises:
        DataError: `pred_edge` has a cycle (it is no shortest-path tree).
    """
    preds = np.asarray(pred_edge)
    tails = np.asarray(tail)
    edges: list[int] = []
    edge = int(preds[target])
    while edge >= 0:
        edges.append(edge)
        if len(edges) > preds.shape[0]:
            raise DataError("pred_edge has a cycle: it is not a shortest-path tree")
        edge = int(preds[tails[edge]])
    edges.reverse()
    return np.asarray(edges, dtype=np.int64)


# --------------------------------------------------------------------------- validation


def _checked_graph(
    indptr: ArrayLike, head: ArrayLike, weights: ArrayLike, blocked: ArrayLike | None
) -> tuple[NDArray[np.integer], NDArray[np.integer], FloatArray, NDArray[np.bool_]]:
    """`_kernel_arrays`, validated by one compiled pass."""
    ptr, heads, costs, mask = _kernel_arrays(indptr, head, weights, blocked)
    problem = _dijkstra.csr_problem(ptr, heads, costs, mask)
    if problem:
        _raise_problem(problem, ptr, heads, costs, mask)
    return ptr, heads, costs, mask


def _kernel_arrays(
    indptr: ArrayLike, head: ArrayLike, weights: ArrayLike, blocked: ArrayLike | None
) -> tuple[NDArray[np.integer], NDArray[np.integer], FloatArray, NDArray[np.bool_]]:
    """Contiguous 1-D arrays of the kernel's types (no copy when they already are)."""
    ptr = _index_array(indptr, "indptr")
    heads = _index_array(head, "head")
    if _ready(weights, _FLOAT_TYPES):
        costs: FloatArray = weights  # type: ignore[assignment]
    else:
        costs = np.ascontiguousarray(weights, dtype=np.float64)
        if costs.ndim != 1:
            raise DataError(f"weights must be 1-D, got shape {costs.shape}")
    n = ptr.shape[0] - 1
    if n < 0:
        raise DataError("indptr must have n + 1 >= 1 entries")
    if n >= MAX_NODES:
        raise DataError(f"{n} nodes: the kernels hold node ids as int32 (at most {MAX_NODES - 1})")
    if blocked is None:
        return ptr, heads, costs, _NOTHING_BLOCKED
    return ptr, heads, costs, np.ascontiguousarray(blocked, dtype=np.bool_)


def _raise_problem(
    problem: int,
    ptr: NDArray[np.integer],
    heads: NDArray[np.integer],
    costs: FloatArray,
    mask: NDArray[np.bool_],
) -> NoReturn:
    n = ptr.shape[0] - 1
    if problem == 4:
        raise DataError(
            f"CSR sizes disagree: indptr[-1] = {int(ptr[-1])}, {heads.shape[0]} heads, "
            f"{costs.shape[0]} weights"
        )
    if problem == 5:
        raise DataError(f"blocked must be a bool mask of {n} nodes, got shape {mask.shape}")
    raise DataError(f"not a valid graph: {_CSR_PROBLEMS[problem]}")


def _index_array(values: ArrayLike, name: str) -> NDArray[np.integer]:
    if _ready(values, _INDEX_TYPES):  # the common case, checked cheaply: small trees take ~1 us
        return values  # type: ignore[return-value]
    array = np.asarray(values)
    if array.dtype not in (np.int32, np.int64):
        if array.size and not np.issubdtype(array.dtype, np.integer):
            raise DataError(f"{name} must hold integers, got {array.dtype}")
        array = array.astype(np.int64)
    if array.ndim != 1:
        raise DataError(f"{name} must be 1-D, got shape {array.shape}")
    return np.ascontiguousarray(array)


def _ready(values: object, dtypes: tuple[np.dtype, ...]) -> bool:
    """Already a 1-D C-contiguous ndarray of one of `dtypes` (no conversion needed).

    Identity tests on numpy's singleton dtypes and a stride test, no generator: a few hundred
    nanoseconds less than `in` and `.flags`, which matters when a whole tree takes a microsecond.
    """
    if type(values) is not np.ndarray or values.ndim != 1:
        return False
    dtype = values.dtype
    if dtype is not dtypes[0] and dtype is not dtypes[-1]:
        return False
    return bool(values.strides[0] == dtype.itemsize)


def _checked_source(source: int, n: int, role: str = "source") -> int:
    src = int(source)
    if not 0 <= src < n:
        raise DataError(f"{role} {source} is not a node in 0..{n - 1}")
    return src


def _output(out: tuple[FloatArray, IntArray] | None, k: int, n: int) -> tuple[FloatArray, IntArray]:
    if out is None:
        return np.empty((k, n), dtype=np.float64), np.empty((k, n), dtype=np.int64)
    dist, pred = out
    good = (
        dist.shape == (k, n)
        and pred.shape == (k, n)
        and dist.dtype == np.float64
        and pred.dtype == np.int64
        and dist.flags.c_contiguous
        and pred.flags.c_contiguous
    )
    if not good:
        raise DataError(f"out must be C-contiguous float64 and int64 arrays of shape ({k}, {n})")
    return dist, pred
