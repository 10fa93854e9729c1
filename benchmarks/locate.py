"""Logistics base location: 40 candidate sites, every corridor origin and destination.

The p-median MIP (`landsea locate`, HiGHS) against a peer that needs no solver: brute force
over every set of N sites (C(40, 4) = 91,390 sets for N = 4), each evaluated with
`locate.evaluate` (every flow its cheapest way). Printed per N: the MIP's seconds to proven
optimality and its reported gap, the brute force's seconds, and whether both found the same
cost (they must). The issue's goal: under 10 s to proven optimality.

Candidates: the default list (the paper's seven cities and the dry ports), then the corridor's
other cities, rail terminals, seaports, river ports and border towns, to 40. Demand: the
bundled baseline (every origin-destination pair and commodity).

Run: `.venv/bin/python -m benchmarks locate`. Wall times drift with the machine's load.
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np

CANDIDATES = 40
GOAL_S = 10.0
SIZES = (1, 2, 3, 4)


def _candidates(network: object) -> list[str]:
    from landsea.scenarios.locate import default_candidates

    places = network.places  # type: ignore[attr-defined]
    chosen = default_candidates(network)  # type: ignore[arg-type]
    for kind in ("city", "rail_terminal", "seaport", "river_port", "border_crossing"):
        for place in places.index[places["kind"] == kind].astype(str):
            if place not in chosen:
                chosen.append(place)
    return chosen[:CANDIDATES]


def _brute_force(problem: object, n: int) -> tuple[float, tuple[int, ...]]:
    direct = problem.direct_usd  # type: ignore[attr-defined]
    via = problem.via_usd  # type: ignore[attr-defined]
    best, best_set = np.inf, ()
    for chosen in combinations(range(via.shape[1]), n):
        cost = float(np.minimum(direct, via[:, chosen].min(axis=1)).sum())
        if cost < best:
            best, best_set = cost, chosen
    return best, best_set


def run() -> None:
    from landsea.data.demand import baseline_demand
    from landsea.network.model import corridor_network
    from landsea.scenarios.locate import location_problem, solve

    network = corridor_network()
    candidates = _candidates(network)
    started = time.perf_counter()
    problem = location_problem(network, baseline_demand(network.places), candidates)
    setup = time.perf_counter() - started
    print(
        f"locate: {len(candidates)} candidates, {len(problem.flows)} flows "
        f"(origin, destination, commodity); costs from shortest-path trees in {setup:.2f} s"
    )
    print(f"{'N':>2} {'MIP s':>7} {'gap':>8} {'brute s':>8} {'same cost':>9} {'x goal':>6}")
    for n in SIZES:
        solution = solve(problem, n)
        wall = time.perf_counter()
        best, _ = _brute_force(problem, n)
        brute = time.perf_counter() - wall
        same = abs(best - solution.cost_usd) <= 1e-6 * abs(best)
        print(
            f"{n:2d} {solution.seconds:7.3f} {solution.mip_gap:8.1e} {brute:8.2f} "
            f"{'yes' if same else 'NO':>9} {solution.seconds / GOAL_S:6.3f}"
        )
