"""Capacity-constrained multiclass equilibrium on a small graph with a shared crossing."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from landsea.assignment.multiclass import MulticlassProblem, objective, solve_multiclass
from landsea.errors import ConvergenceError


def test_uncongested_everyone_takes_the_crossing(
    crossing_or_bypass: Callable[..., MulticlassProblem],
) -> None:
    result = solve_multiclass(crossing_or_bypass(10.0, 10.0), gap=1e-9)
    np.testing.assert_allclose(result.flow[:, 0], [10.0, 10.0])
    assert result.flow[:, 1].sum() == pytest.approx(0.0)


def test_at_equilibrium_each_class_uses_only_its_cheapest_routes(
    crossing_or_bypass: Callable[..., MulticlassProblem],
) -> None:
    problem = crossing_or_bypass(150.0, 150.0)
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


def test_frank_wolfe_lowers_the_objective_below_all_or_nothing(
    crossing_or_bypass: Callable[..., MulticlassProblem],
) -> None:
    problem = crossing_or_bypass(150.0, 150.0)
    first = solve_multiclass(problem, gap=1e-12, max_iterations=1, allow_unconverged=True)
    final = solve_multiclass(problem, gap=1e-6, max_iterations=5000)
    assert objective(problem, final.flow) < objective(problem, first.flow)


def test_pairs_without_a_route_are_listed_with_their_demand(
    crossing_or_bypass: Callable[..., MulticlassProblem],
) -> None:
    result = solve_multiclass(crossing_or_bypass(10.0, 10.0), gap=1e-6)
    assert result.unreachable[["commodity", "destination_node", "teu_per_day"]].to_dict(
        "records"
    ) == [{"commodity": "fast", "destination_node": 2, "teu_per_day": 3.0}]


def test_the_iteration_limit_raises_unless_allowed(
    crossing_or_bypass: Callable[..., MulticlassProblem],
) -> None:
    with pytest.raises(ConvergenceError, match="relative gap"):
        solve_multiclass(crossing_or_bypass(150.0, 150.0), gap=1e-12, max_iterations=2)


@pytest.mark.parametrize(("algorithm", "gap"), [("cfw", 1e-5), ("bfw", 1e-5), ("msa", 1e-3)])
def test_every_method_reaches_the_frank_wolfe_equilibrium(
    algorithm: str, gap: float, crossing_or_bypass: Callable[..., MulticlassProblem]
) -> None:
    problem = crossing_or_bypass(150.0, 150.0)
    reference = solve_multiclass(problem, "frank-wolfe", gap=1e-7, max_iterations=20000)
    result = solve_multiclass(problem, algorithm, gap=gap, max_iterations=20000)
    assert result.relative_gap <= gap
    assert objective(problem, result.flow) == pytest.approx(
        objective(problem, reference.flow), rel=10 * gap
    )
