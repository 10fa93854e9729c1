"""Capacity-constrained multiclass equilibrium on a small graph with a shared crossing."""

from __future__ import annotations

import numpy as np
import pytest

from landsea.assignment.delay import CapacityGroup
from landsea.assignment.multiclass import MulticlassProblem, objective, solve_multiclass
from landsea.errors import ConvergenceError


def _two_route_problem(demand_fast: float, demand_slow: float) -> MulticlassProblem:
    """Node 0 to node 1 by a cheap border crossing (edges 0 and 2, one lane group, both ways)
    or a dear bypass (edge 1); node 2 is an island that nothing reaches.

    Classes: "fast" (value of time 100 USD/h) and "slow" (1 USD/h).
    """
    tail = np.array([0, 0, 1])
    head = np.array([1, 1, 0])
    return MulticlassProblem(
        indptr=np.array([0, 2, 3, 3]),
        head=head,
        tail=tail,
        base_time_h=np.array([1.0, 5.0, 1.0]),
        money_usd=np.array([10.0, 50.0, 10.0]),
        classes=("fast", "slow"),
        value_of_time=np.array([100.0, 1.0]),
        origin_nodes=np.array([0]),
        destination_nodes=np.array([1, 2]),
        demand=np.array([[[demand_fast, 3.0]], [[demand_slow, 0.0]]]),
        groups=(
            CapacityGroup(
                name="crossing",
                kind="crossing",
                edges=np.array([0, 2]),
                capacity_per_day=100.0,
                teu_per_unit=1.0,
                base_delay_h=10.0,
            ),
        ),
    )


def test_uncongested_everyone_takes_the_crossing() -> None:
    result = solve_multiclass(_two_route_problem(10.0, 10.0), gap=1e-9)
    np.testing.assert_allclose(result.flow[:, 0], [10.0, 10.0])
    assert result.flow[:, 1].sum() == pytest.approx(0.0)


def test_at_equilibrium_each_class_uses_only_its_cheapest_routes() -> None:
    problem = _two_route_problem(150.0, 150.0)
    result = solve_multiclass(problem, gap=1e-6, max_iterations=5000)
    delay = float(result.group_delay_h[0])
    for c, vot in enumerate(problem.value_of_time):
        via_crossing = 10.0 + vot * (1.0 + delay)
        via_bypass = 50.0 + vot * 5.0
        if result.flow[c, 1] > 1e-3:  # a class on the bypass finds the crossing no cheaper
            assert via_bypass <= via_crossing * (1 + 1e-4)
        if result.flow[c, 0] > 1e-3:
            assert via_crossing <= via_bypass * (1 + 1e-4)
    # the time-critical class is the one that pays to avoid the queue
    assert result.flow[0, 1] > result.flow[1, 1]
    assert result.relative_gap <= 1e-6


def test_frank_wolfe_lowers_the_objective_below_all_or_nothing() -> None:
    problem = _two_route_problem(150.0, 150.0)
    first = solve_multiclass(problem, gap=1e-12, max_iterations=1, allow_unconverged=True)
    final = solve_multiclass(problem, gap=1e-6, max_iterations=5000)
    assert objective(problem, final.flow) < objective(problem, first.flow)


def test_pairs_without_a_route_are_listed_with_their_demand() -> None:
    result = solve_multiclass(_two_route_problem(10.0, 10.0), gap=1e-6)
    assert result.unreachable[["commodity", "destination_node", "teu_per_day"]].to_dict(
        "records"
    ) == [{"commodity": "fast", "destination_node": 2, "teu_per_day": 3.0}]


def test_the_iteration_limit_raises_unless_allowed() -> None:
    with pytest.raises(ConvergenceError, match="relative gap"):
        solve_multiclass(_two_route_problem(150.0, 150.0), gap=1e-12, max_iterations=2)


@pytest.mark.parametrize(("algorithm", "gap"), [("cfw", 1e-5), ("bfw", 1e-5), ("msa", 1e-3)])
def test_every_method_reaches_the_frank_wolfe_equilibrium(algorithm: str, gap: float) -> None:
    problem = _two_route_problem(150.0, 150.0)
    reference = solve_multiclass(problem, "frank-wolfe", gap=1e-7, max_iterations=20000)
    result = solve_multiclass(problem, algorithm, gap=gap, max_iterations=20000)
    assert result.relative_gap <= gap
    assert objective(problem, result.flow) == pytest.approx(
        objective(problem, reference.flow), rel=10 * gap
    )
