"""Static user equilibrium: every algorithm reaches the closed-form answers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from landsea.assignment import Problem, assign, evaluate_flows
from landsea.errors import ConvergenceError, DataError

BRAESS_FLOW = np.array([4.0, 2.0, 2.0, 2.0, 4.0])
BRAESS_OBJECTIVE = 386.0
BRAESS_TSTT = 552.0
ALGORITHMS = ["frank-wolfe", "cfw", "bfw", "gradient-projection"]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_braess_paradox_two_trips_on_each_of_three_paths(algorithm: str, braess: Problem) -> None:
    result = assign(braess, algorithm, gap=1e-6, max_iterations=20_000)
    assert result.converged
    assert result.relative_gap <= 1e-6
    np.testing.assert_allclose(result.flow, BRAESS_FLOW, atol=1e-3)
    assert result.objective == pytest.approx(BRAESS_OBJECTIVE, rel=1e-6)
    assert result.tstt == pytest.approx(BRAESS_TSTT, rel=1e-5)


def test_gradient_projection_reaches_machine_precision_on_braess(braess: Problem) -> None:
    result = assign(braess, "gp", gap=1e-10)
    np.testing.assert_allclose(result.flow, BRAESS_FLOW, atol=1e-6)
    assert result.objective == pytest.approx(BRAESS_OBJECTIVE, rel=1e-9)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_identical_parallel_links_share_the_demand_equally(
    algorithm: str, two_routes: Callable[..., Problem]
) -> None:
    result = assign(two_routes(300.0), algorithm, gap=1e-8, max_iterations=20_000)
    np.testing.assert_allclose(result.flow, [150.0, 150.0], atol=1e-3)
    np.testing.assert_allclose(result.cost, [25.0, 25.0], atol=1e-4)


def test_a_toll_in_the_generalized_cost_shifts_flow_to_the_free_link(
    two_routes: Callable[..., Problem],
) -> None:
    result = assign(two_routes(300.0, toll_on_first=1.0), "gp", gap=1e-10)
    np.testing.assert_allclose(result.flow, [145.0, 155.0], atol=1e-6)


def test_the_reported_gap_is_recomputed_from_the_final_flows(braess: Problem) -> None:
    result = assign(braess, "bfw", gap=1e-4)
    tstt = float(result.flow @ result.cost)
    assert result.tstt == pytest.approx(tstt, rel=1e-12)
    assert result.relative_gap == pytest.approx((result.tstt - result.sptt) / result.tstt)
    assert result.gap_history[-1] == result.relative_gap


def test_missing_the_target_raises_convergence_error_naming_the_gap(braess: Problem) -> None:
    with pytest.raises(ConvergenceError, match=r"frank-wolfe on braess: relative gap .* after 2"):
        assign(braess, "fw", gap=1e-12, max_iterations=2)


def test_an_allowed_unconverged_result_says_so(braess: Problem) -> None:
    result = assign(braess, "fw", gap=1e-12, max_iterations=2, allow_unconverged=True)
    assert not result.converged
    assert result.iterations == 2
    assert result.relative_gap > 1e-12


def test_an_unknown_algorithm_lists_the_known_ones(braess: Problem) -> None:
    with pytest.raises(
        DataError, match=r"unknown network algorithm 'dijkstra'; choose one of .*bfw"
    ):
        assign(braess, "dijkstra")


def test_a_non_positive_gap_is_refused(braess: Problem) -> None:
    with pytest.raises(DataError, match="target gap must be positive"):
        assign(braess, "bfw", gap=0.0)


def test_evaluating_the_equilibrium_flows_gives_a_zero_gap(braess: Problem) -> None:
    evaluation = evaluate_flows(braess, BRAESS_FLOW)
    assert evaluation.relative_gap == pytest.approx(0.0, abs=1e-9)
    assert evaluation.objective == pytest.approx(BRAESS_OBJECTIVE)
    assert evaluation.tstt == pytest.approx(BRAESS_TSTT)


def test_evaluating_an_all_or_nothing_flow_shows_its_gap(braess: Problem) -> None:
    everything_on_the_zigzag = np.array([6.0, 0.0, 0.0, 6.0, 6.0])
    evaluation = evaluate_flows(braess, everything_on_the_zigzag)
    tstt = 6 * (60 + 16 + 60)
    assert evaluation.tstt == pytest.approx(tstt)
    assert evaluation.relative_gap == pytest.approx((tstt - 6 * 110) / tstt)


def test_gradient_projection_copes_with_a_tiny_path_pool_and_a_path_cap(
    braess: Problem,
) -> None:
    from landsea.assignment.equilibrium import Settings
    from landsea.assignment.gradient_projection import solve_gradient_projection
    from landsea.assignment.run import Run

    run = Run(braess)
    flow = solve_gradient_projection(run, Settings(1e-9, 500), max_paths=3, pool_size=1).flow
    np.testing.assert_allclose(braess.csr.to_original(flow), BRAESS_FLOW, atol=1e-6)
    # Two paths per pair cannot hold Braess's three-path equilibrium: the gap stays up.
    capped = solve_gradient_projection(Run(braess), Settings(1e-9, 60), max_paths=2).measure
    assert capped.gap > 1e-3
