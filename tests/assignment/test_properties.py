"""Properties on random small networks: every algorithm agrees, and flow is conserved."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landsea.assignment import BprLinks, Problem, assign


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(3, 7))
    m = draw(st.integers(n, 3 * n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    tail = rng.integers(0, n, m)
    head = (tail + rng.integers(1, n, m)) % n  # no self-loops; parallel links allowed
    links = BprLinks(
        free_flow_time=rng.choice([0.0, 1.0, 5.0, 12.0], m),
        capacity=rng.uniform(5.0, 50.0, m),
        alpha=rng.choice([0.0, 0.15, 1.0], m),
        power=rng.choice([0.0, 1.0, 4.0], m),
        fixed_cost=rng.choice([0.0, 0.5], m),
    )
    zones = np.arange(min(n, 3))
    demand = rng.choice([0.0, 10.0, 40.0], (zones.size, zones.size))
    np.fill_diagonal(demand, 0.0)
    blocked = (np.arange(n) < zones.size) if draw(st.booleans()) else None  # FIRST THRU NODE
    return Problem(n, tail, head, links, zones, demand, blocked=blocked, name="random")


def _node_balance(problem: Problem, flow: np.ndarray, reachable: np.ndarray) -> np.ndarray:
    """Inflow - outflow at every node, less what the zones' reachable demand should make it."""
    balance = np.bincount(problem.head, flow, problem.n_nodes) - np.bincount(
        problem.tail, flow, problem.n_nodes
    )
    net = reachable.sum(axis=0) - reachable.sum(axis=1)
    np.add.at(balance, problem.zones, -net)
    return balance


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_gradient_projection_and_bfw_reach_one_objective_and_conserve_flow(
    problem: Problem,
) -> None:
    gp = assign(problem, "gradient-projection", gap=1e-9, max_iterations=5000)
    bfw = assign(problem, "bfw", gap=1e-6, max_iterations=20000, allow_unconverged=True)
    reachable = problem.demand.copy()
    for row in gp.unreachable.itertuples(index=False):
        reachable[row.origin_zone, row.destination_zone] = 0.0
    assert np.abs(_node_balance(problem, gp.flow, reachable)).max() < 1e-6
    assert np.abs(_node_balance(problem, bfw.flow, reachable)).max() < 1e-6
    scale = max(abs(gp.objective), 1.0)
    assert gp.objective <= bfw.objective + 1e-6 * scale  # gp is at least as close to optimal
    if bfw.converged:
        assert abs(gp.objective - bfw.objective) <= 1e-4 * scale
