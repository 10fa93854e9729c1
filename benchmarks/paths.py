"""One-to-all shortest-path trees: landsea's kernel against scipy, igraph, networkx, AequilibraE.

Networks: SiouxFalls, Anaheim and ChicagoSketch from LANDSEA_TNTP_DIR (default
../shared/data/tntp beside the repository), costs = free-flow time, and a seeded 1,000,000-node
jittered grid (benchmarks/_grid.py). Run with `python -m benchmarks paths`.

What is timed, per network:
- single: median wall time of one tree per source, over seeded random sources, the tools taking
  turns source by source (so a busy machine slows all of them alike). Every tool gets its graph
  built beforehand (landsea CSR arrays, a scipy csr_matrix, an igraph Graph, a networkx
  DiGraph); each call still pays its own per-call checks, as a user's would.
- batch: trees from every zone in one call (what an assignment iteration needs): landsea's
  `shortest_trees` (parallel over sources; distances and predecessor edges) against
  `scipy dijkstra(indices=zones)`, once for distances alone ("vs scipy", the issue's goal) and
  once with `return_predecessors=True` ("vs scipy+pred": the same output as landsea's); the
  median of a few alternating runs. The grid has no zones: 8 evenly spread nodes stand in.

AequilibraE ("aeq": `PathResults.compute_path`, a full tree) runs on the TNTP networks only, its
graph built as the assignment benchmark builds it: zero free-flow times raised to 1e-6 (it
refuses zeros), so its distances are checked to 1e-3 instead of 1e-9.

Where <FIRST THRU NODE> > 1 (Anaheim) through traffic over zones is blocked. landsea takes the
`blocked` mask; the peers, which have no such option, get the textbook equivalent graph: each
zone split into an origin copy (its out-links) and a sink (its in-links), trees rooted at the
origin copies. Before timing, every peer's distances are checked against landsea's on the timed
sources; a mismatch stops the suite (a fast wrong answer is worthless).

Parallel links (none in these networks) would reach the peers as the cheapest of each bundle.
Ratios are landsea / peer: below 1 means landsea is faster. "cpu vs scipy" is the single-tree
ratio of CPU time (thread time), which other processes on a shared machine disturb far less
than wall time; "cpu vs scipy+pred" compares the CPU time of the batches (all of landsea's
threads summed): the work done, whatever share of the cores the machine gave. Goals (issue 2):
single <= 1.0x scipy, batch <= 0.6x scipy on a 2-core machine, >= 10x faster than networkx
(ratio <= 0.1).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._grid import EdgeList, jittered_grid
from landsea.data.tntp import find_tntp_files, read_tntp_network
from landsea.routing._threads import available_threads
from landsea.routing.kernels import CsrGraph, csr_from_edges, shortest_tree, shortest_trees

TNTP_NETWORKS = ("SiouxFalls", "Anaheim", "ChicagoSketch")
GRID_SIDE = int(os.environ.get("LANDSEA_BENCH_GRID_SIDE", "1000"))
SEED = 20260501


@dataclass(frozen=True)
class Case:
    """A network to time: its edges, zones, blocked mask and how much work each tool gets."""

    name: str
    edges: EdgeList
    zones: np.ndarray
    blocked: np.ndarray | None
    single_sources: int
    igraph_sources: int
    networkx_sources: int
    batch_repeats: int
    aequilibrae: bool = False  # TNTP networks only: its graph wants zones (centroids)


@dataclass
class Timings:
    single_ms: dict[str, float] = field(default_factory=dict)
    single_cpu_ms: dict[str, float] = field(default_factory=dict)
    batch_ms: dict[str, float] = field(default_factory=dict)
    batch_cpu_ms: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def run() -> None:
    load_before = os.getloadavg()[0]
    cases = [*_tntp_cases(), _grid_case()]
    rows = []
    for case in cases:
        started = time.perf_counter()
        timings = _time_case(case)
        rows.append((case, timings))
        print(f"  {case.name}: timed in {time.perf_counter() - started:.1f} s", flush=True)
    _print_table(rows)
    print(
        f"  note: load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on "
        f"{os.cpu_count()} cores (other work slows the batch most: it needs both cores)"
    )


# --------------------------------------------------------------------------- cases


def _tntp_dir() -> Path:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tntp"
    return Path(os.environ.get("LANDSEA_TNTP_DIR", default))


def _tntp_cases() -> list[Case]:
    root = _tntp_dir()
    folders = {files.name: files for files in _tntp_folders(root)}
    cases = []
    for name in TNTP_NETWORKS:
        if name not in folders:
            print(f"  {name}: not found under {root} (set LANDSEA_TNTP_DIR); skipped")
            continue
        net = read_tntp_network(folders[name].net)
        edges = EdgeList(
            net.nodes, net.tail, net.head, net.links["free_flow_time"].to_numpy(np.float64)
        )
        blocked = net.blocked_nodes() if net.blocks_through_traffic else None
        cases.append(Case(name, edges, net.zone_nodes, blocked, 200, 200, 50, 9, aequilibrae=True))
    return cases


def _tntp_folders(root: Path) -> list[Any]:
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        if any(folder.glob("*_net.tntp")):
            found.append(find_tntp_files(folder))
    return found


def _grid_case() -> Case:
    started = time.perf_counter()
    edges = jittered_grid(GRID_SIDE, seed=SEED)
    print(
        f"  grid: {edges.n_nodes:,} nodes, {edges.tail.size:,} links generated in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    zones = np.linspace(0, edges.n_nodes - 1, 8).astype(np.int64)
    # networkx needs about a minute to build this graph and half a minute per tree: one tree.
    # Medians of several runs: on a shared 2-core machine a single run says little.
    return Case(f"grid {GRID_SIDE}x{GRID_SIDE}", edges, zones, None, 7, 2, 1, 3)


# --------------------------------------------------------------------------- peers


@dataclass(frozen=True)
class PeerGraph:
    """The graph the peers see: zones split into origin copies where through traffic is blocked.

    `root[v]` is the node a peer's tree for landsea source v starts from; distances on nodes
    0..n-1 then equal landsea's, except that a split zone's own sink is 0 for landsea.
    """

    n_nodes: int
    tail: np.ndarray
    head: np.ndarray
    weight: np.ndarray
    root: np.ndarray


def _peer_graph(case: Case) -> PeerGraph:
    e = _cheapest_parallel(case.edges)
    root = np.arange(e.n_nodes, dtype=np.int64)
    if case.blocked is None:
        return PeerGraph(e.n_nodes, e.tail, e.head, e.weight, root)
    split = np.flatnonzero(case.blocked)
    copy_of = np.full(e.n_nodes, -1, dtype=np.int64)
    copy_of[split] = e.n_nodes + np.arange(split.size)
    root[split] = copy_of[split]
    from_zone = case.blocked[e.tail]
    tail = np.where(from_zone, copy_of[e.tail], e.tail)
    return PeerGraph(e.n_nodes + split.size, tail, e.head, e.weight, root)


def _cheapest_parallel(edges: EdgeList) -> EdgeList:
    """One edge per (tail, head), the cheapest: scipy would add parallel edges, networkx keep
    the last one; landsea takes them as they are."""
    order = np.lexsort((edges.weight, edges.head, edges.tail))
    tail, head = edges.tail[order], edges.head[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
    keep = order[first]
    return EdgeList(edges.n_nodes, edges.tail[keep], edges.head[keep], edges.weight[keep])


def _scipy(peer: PeerGraph) -> Callable[..., Any]:
    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra

    matrix = sp.csr_matrix(
        (peer.weight, (peer.tail, peer.head)), shape=(peer.n_nodes, peer.n_nodes)
    )
    return lambda roots, pred=False: dijkstra(
        matrix, directed=True, indices=roots, return_predecessors=pred
    )


def _igraph(peer: PeerGraph) -> Callable[[int], Any]:
    import igraph

    graph = igraph.Graph(
        n=peer.n_nodes, edges=np.column_stack([peer.tail, peer.head]).tolist(), directed=True
    )
    graph.es["weight"] = peer.weight.tolist()
    return lambda root: graph.distances(source=[root], weights="weight", mode="out")[0]  # list


def _networkx(peer: PeerGraph) -> Callable[[int], dict[int, float]]:
    import networkx

    graph = networkx.DiGraph()
    graph.add_nodes_from(range(peer.n_nodes))
    graph.add_weighted_edges_from(
        zip(peer.tail.tolist(), peer.head.tolist(), peer.weight.tolist(), strict=True)
    )
    return lambda root: networkx.single_source_dijkstra_path_length(graph, root)


def _aequilibrae(case: Case) -> Callable[[int], np.ndarray]:
    """AequilibraE's PathResults.compute_path (a full tree: early_exit off) on the TNTP graph.

    Set up as the assignment benchmark does: zero free-flow times raised to 1e-6 (AequilibraE
    refuses zeros), through traffic over zones blocked with its own switch. Returns a function
    of a 0-based node giving the distances of nodes 0..n-1.
    """
    os.environ.setdefault("AEQ_SHOW_PROGRESS", "FALSE")
    import pandas as pd
    from aequilibrae.paths import Graph, PathResults

    e = case.edges
    graph = Graph()
    graph.network = pd.DataFrame(
        {
            "link_id": np.arange(1, e.tail.size + 1, dtype=np.int64),
            "a_node": e.tail + 1,
            "b_node": e.head + 1,
            "direction": np.ones(e.tail.size, dtype=np.int8),
            "free_flow_time": np.maximum(e.weight, 1e-6),
        }
    )
    graph.prepare_graph(case.zones + 1)
    graph.set_graph("free_flow_time")
    graph.set_skimming(["free_flow_time"])
    graph.set_blocked_centroid_flows(case.blocked is not None)
    result = PathResults()
    result.prepare(graph)

    def tree(source: int) -> np.ndarray:
        result.compute_path(source + 1, 2 if source == 0 else 1)  # any destination: full tree
        return result.skims[1 : e.n_nodes + 1, 0]

    return tree


# --------------------------------------------------------------------------- timing


def _time_case(case: Case) -> Timings:
    e = case.edges
    graph = csr_from_edges(e.tail, e.head, e.weight, n_nodes=e.n_nodes)
    peer = _peer_graph(case)
    sources = np.random.default_rng(SEED).choice(
        e.n_nodes, size=min(case.single_sources, e.n_nodes), replace=False
    )
    landsea_tree = _landsea_single(graph, case.blocked)
    scipy_trees = _scipy(peer)
    reference = np.vstack([landsea_tree(s) for s in sources])  # also loads the compiled code
    _check("scipy", reference, scipy_trees(peer.root[sources])[:, : e.n_nodes], sources)

    timings = Timings()
    timings.single_ms, timings.single_cpu_ms = _alternating(
        {"landsea": landsea_tree, "scipy": lambda s: scipy_trees(peer.root[s])}, sources
    )
    igraph_tree = _igraph(peer)
    networkx_tree = _networkx(peer)
    n = e.n_nodes
    peers: tuple[tuple[str, Callable[[int], Any], Callable[[Any], np.ndarray], int], ...] = (
        ("igraph", igraph_tree, np.asarray, case.igraph_sources),
        (
            "networkx",
            networkx_tree,
            lambda d: np.array([d.get(v, np.inf) for v in range(n)]),
            case.networkx_sources,
        ),
    )
    for name, tree, to_array, count in peers:
        subset = sources[:count]
        roots = peer.root[subset]
        timings.single_ms[name] = _time_peer(name, tree, to_array, roots, subset, reference)
        if count < sources.size:
            timings.notes.append(f"{name} timed on {count} of {sources.size} sources")
    if case.aequilibrae:
        subset = sources[: case.networkx_sources]
        timings.single_ms["aequilibrae"] = _time_peer(
            "aequilibrae", _aequilibrae(case), np.asarray, subset, subset, reference, 1e-3
        )
        if subset.size < sources.size:
            timings.notes.append(f"aeq timed on {subset.size} of {sources.size} sources")
    timings.batch_ms, timings.batch_cpu_ms = _time_batch(case, graph, peer, scipy_trees)
    return timings


def _time_peer(
    name: str,
    tree: Callable[[int], Any],
    to_array: Callable[[Any], np.ndarray],
    roots: np.ndarray,
    sources: np.ndarray,
    reference: np.ndarray,
    tolerance: float = 1e-9,
) -> float:
    """Median ms of a peer's trees; each is checked against landsea's (conversion not timed)."""
    seconds = []
    n = reference.shape[1]
    for row, (root, source) in enumerate(zip(roots.tolist(), sources, strict=True)):
        started = time.perf_counter()
        answer = tree(root)
        seconds.append(time.perf_counter() - started)
        got = np.asarray(to_array(answer), dtype=np.float64)[None, :n]
        _check(name, reference[row : row + 1], got, np.array([source]), tolerance)
    return float(np.median(seconds)) * 1e3


def _landsea_single(graph: CsrGraph, blocked: np.ndarray | None) -> Callable[[int], np.ndarray]:
    def tree(source: int) -> np.ndarray:
        return shortest_tree(graph.indptr, graph.head, graph.weights, int(source), blocked)[0]

    return tree


def _check(
    peer: str,
    expected: np.ndarray,
    got: np.ndarray,
    sources: np.ndarray,
    tolerance: float = 1e-9,
) -> None:
    expected = expected.copy()
    got = np.asarray(got, dtype=np.float64).copy()
    rows = np.arange(sources.size)
    got[rows, sources] = 0.0  # a split zone's sink: landsea's source itself
    same_reach = np.array_equal(np.isfinite(expected), np.isfinite(got))
    finite = np.isfinite(expected)
    if not same_reach or not np.allclose(
        expected[finite], got[finite], rtol=tolerance, atol=tolerance
    ):
        worst = np.nanmax(np.abs(np.where(finite, expected - got, 0.0)))
        raise AssertionError(f"{peer} and landsea disagree on distances (max difference {worst})")


def _alternating(
    tools: dict[str, Callable[[int], Any]], sources: np.ndarray
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall and CPU ms per call of each tool, the tools taking turns source by source.

    CPU time (of the calling thread; every tool here runs a single tree on it) is what a busy
    machine disturbs least: it leaves out the time another process held the core.
    """
    wall: dict[str, list[float]] = {name: [] for name in tools}
    cpu: dict[str, list[float]] = {name: [] for name in tools}
    for source in sources:
        for name, call in tools.items():
            started, started_cpu = time.perf_counter(), time.thread_time()
            call(int(source))
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.thread_time() - started_cpu)
    return _median_ms(wall), _median_ms(cpu)


def _median_ms(seconds: dict[str, list[float]]) -> dict[str, float]:
    return {name: float(np.median(values)) * 1e3 for name, values in seconds.items()}


def _time_batch(
    case: Case, graph: CsrGraph, peer: PeerGraph, scipy_trees: Callable[..., Any]
) -> tuple[dict[str, float], dict[str, float]]:
    zones = case.zones
    arrays = (graph.indptr, graph.head, graph.weights)
    dist, _ = shortest_trees(*arrays, zones, case.blocked)  # warm-up, and the check below
    _check("scipy (batch)", dist, scipy_trees(peer.root[zones])[:, : case.edges.n_nodes], zones)
    del dist
    roots = peer.root[zones]
    calls: dict[str, Callable[[], Any]] = {
        "landsea": lambda: shortest_trees(*arrays, zones, case.blocked),
        "scipy": lambda: scipy_trees(roots),
        # The assignment needs predecessors too, as landsea's batch returns them.
        "scipy+pred": lambda: scipy_trees(roots, True),
    }
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(case.batch_repeats):
        for name, call in calls.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            call()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)  # all threads of the process
    return _median_ms(wall), _median_ms(cpu)


# --------------------------------------------------------------------------- report


def _print_table(rows: list[tuple[Case, Timings]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title="Shortest-path trees: median ms; ratio = landsea / peer (< 1: landsea faster)"
    )
    for column in (
        "network",
        "nodes",
        "links",
        "landsea ms",
        "scipy ms",
        "igraph ms",
        "networkx ms",
        "aeq ms",
        "vs scipy",
        "cpu vs scipy",
        "vs igraph",
        "vs networkx",
        "vs aeq",
        "zones",
        "batch ms",
        "scipy batch",
        "batch vs scipy",
        "vs scipy+pred",
        "cpu vs scipy+pred",
    ):
        table.add_column(column, justify="left" if column == "network" else "right")
    notes = []
    for case, t in rows:
        s = t.single_ms
        table.add_row(
            case.name,
            f"{case.edges.n_nodes:,}",
            f"{case.edges.tail.size:,}",
            _ms(s["landsea"]),
            _ms(s["scipy"]),
            _ms(s["igraph"]),
            _ms(s["networkx"]),
            _ms(s["aequilibrae"]) if "aequilibrae" in s else "-",
            f"{s['landsea'] / s['scipy']:.2f}x",
            f"{t.single_cpu_ms['landsea'] / t.single_cpu_ms['scipy']:.2f}x",
            f"{s['landsea'] / s['igraph']:.2f}x",
            f"{s['landsea'] / s['networkx']:.3f}x",
            f"{s['landsea'] / s['aequilibrae']:.3f}x" if "aequilibrae" in s else "-",
            str(case.zones.size),
            _ms(t.batch_ms["landsea"]),
            _ms(t.batch_ms["scipy"]),
            f"{t.batch_ms['landsea'] / t.batch_ms['scipy']:.2f}x",
            f"{t.batch_ms['landsea'] / t.batch_ms['scipy+pred']:.2f}x",
            f"{t.batch_cpu_ms['landsea'] / t.batch_cpu_ms['scipy+pred']:.2f}x",
        )
        notes.extend(f"{case.name}: {note}" for note in t.notes)
        if case.blocked is not None:
            notes.append(
                f"{case.name}: zones blocked for through traffic "
                "(scipy, igraph, networkx: split zones; aeq: its blocked-centroid switch)"
            )
    console = Console(width=300)
    console.print(table)
    notes.append(
        f"landsea threads: {available_threads()}; goals: single <= 1.0x scipy, "
        "batch <= 0.6x scipy, networkx ratio <= 0.1x"
    )
    for note in notes:
        console.print(f"  note: {note}", highlight=False)


def _ms(value: float) -> str:
    return f"{value:.4f}" if value < 1 else f"{value:.1f}" if value >= 100 else f"{value:.2f}"
