"""Time one-to-all trees on a TNTP network (`landsea tntp paths`), with a reproducible checksum.

Costs are the links' free-flow times. Where <FIRST THRU NODE> > 1, the zones below it are
blocked for through traffic (a tree may end at a zone, and start at one, but not pass one).

The sources are `numpy.random.default_rng(seed).choice(nodes, size=count, replace=False)`
(0-based), reported 1-based so that other tools can use them without numpy's generator.

The checksum is `round(float(numpy.sum(D[numpy.isfinite(D)])), 6)`, where D is the
count x nodes float64 matrix of the trees' distances, one row per source in the reported order.
To reproduce it with scipy (a sketch: `tail`, `head` are init_node - 1 and term_node - 1 per
link, `fft` the free-flow times, `blocked[v]` is v + 1 < FIRST THRU NODE, `n` the node count):

    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra
    rows = []
    for s in sources:                              # 0-based
        keep = ~(blocked[tail] & (tail != s))      # no edge out of a blocked zone but the source
        w = csr_matrix((fft[keep], (tail[keep], head[keep])), shape=(n, n))
        rows.append(dijkstra(w, indices=s))
    checksum = round(float(np.sum(D[np.isfinite(D)])), 6)  with D = np.vstack(rows)

scipy adds up parallel links, so keep only the cheapest of each (SiouxFalls, Anaheim and
ChicagoSketch have none); ChicagoSketch's zero free-flow times stay explicit zeros, which scipy
treats as edges. Checked against scipy this way on those three networks.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from landsea.data.tntp import find_tntp_files, read_tntp_network
from landsea.errors import DataError
from landsea.routing._threads import available_threads
from landsea.routing.kernels import csr_from_edges, shortest_tree, shortest_trees

BATCH_REPEATS = 3


@dataclass(frozen=True)
class TreeTimings:
    """What `landsea tntp paths --json` prints; field order is the JSON key order."""

    network: str
    folder: str
    nodes: int
    links: int
    zones: int
    first_thru_node: int
    through_zones_blocked: bool
    cost: str
    seed: int
    sources: tuple[int, ...]
    median_ms_per_tree: float
    batch_trees: int
    batch_ms: float
    batch_ms_per_tree: float
    threads: int
    reachable_pairs: int
    checksum: float

    def to_dict(self) -> dict[str, Any]:
        """The timings as the JSON `landsea tntp paths --json` prints."""
        payload = asdict(self)
        payload["sources"] = list(self.sources)
        return payload


def time_tntp_trees(
    folder: str | Path, count: int, seed: int, threads: int | None = None
) -> TreeTimings:
    """Trees from `count` seeded random sources, then a batch from every zone, timed.

    `threads` caps the batch's threads (default: every CPU this process may use).

    Raises:
        DataError: no such folder, a malformed TNTP file, or sources or threads out of range.
    """
    if threads is not None and threads < 1:
        raise DataError(f"--threads must be at least 1, got {threads}")
    workers = available_threads() if threads is None else threads
    files = find_tntp_files(folder)
    net = read_tntp_network(files.net)
    if not 1 <= count <= net.nodes:
        raise DataError(f"--sources must be in 1..{net.nodes} (the network's nodes), got {count}")
    graph = csr_from_edges(net.tail, net.head, net.links["free_flow_time"], n_nodes=net.nodes)
    blocked = net.blocked_nodes() if net.blocks_through_traffic else None
    sources = np.random.default_rng(seed).choice(net.nodes, size=count, replace=False)
    arrays = (graph.indptr, graph.head, graph.weights)
    distances, seconds = _timed_trees(arrays, sources, blocked)
    zones = net.zone_nodes
    batch = _batch_seconds(arrays, zones, blocked, workers)
    return TreeTimings(
        network=files.name,
        folder=str(folder),
        nodes=net.nodes,
        links=net.num_links,
        zones=net.zones,
        first_thru_node=net.first_thru_node,
        through_zones_blocked=blocked is not None,
        cost="free_flow_time",
        seed=seed,
        sources=tuple(int(s) + 1 for s in sources),
        median_ms_per_tree=float(np.median(seconds)) * 1e3,
        batch_trees=int(zones.size),
        batch_ms=batch * 1e3,
        batch_ms_per_tree=batch * 1e3 / max(int(zones.size), 1),
        threads=min(workers, max(int(zones.size), 1)),
        reachable_pairs=int(np.isfinite(distances).sum()),
        checksum=distance_checksum(distances),
    )


def distance_checksum(distances: np.ndarray) -> float:
    """The sum of the finite distances, rounded to 6 decimals (see the module docstring)."""
    return round(float(np.sum(distances[np.isfinite(distances)])), 6)


def _timed_trees(
    arrays: tuple[np.ndarray, np.ndarray, np.ndarray], sources: np.ndarray, blocked: Any
) -> tuple[np.ndarray, list[float]]:
    """Distances (one row per source) and the wall time of each tree (after an untimed one)."""
    shortest_tree(*arrays, int(sources[0]), blocked)  # loads the compiled code: not timed
    rows, seconds = [], []
    for source in sources:
        started = time.perf_counter()
        dist, _ = shortest_tree(*arrays, int(source), blocked)
        seconds.append(time.perf_counter() - started)
        rows.append(dist)
    return np.vstack(rows), seconds


def _batch_seconds(
    arrays: tuple[np.ndarray, np.ndarray, np.ndarray],
    zones: np.ndarray,
    blocked: Any,
    threads: int,
) -> float:
    """Median wall time of one batch of trees from every zone (after an untimed warm-up)."""
    if zones.size == 0:
        return 0.0
    shortest_trees(*arrays, zones[:1], blocked)
    seconds = []
    for _ in range(BATCH_REPEATS):
        started = time.perf_counter()
        shortest_trees(*arrays, zones, blocked, threads=threads)
        seconds.append(time.perf_counter() - started)
    return float(np.median(seconds))
