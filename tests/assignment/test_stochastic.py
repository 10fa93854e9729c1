"""Logit stochastic user equilibrium by MSA with Dial's loading."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from landsea.assignment import BprLinks, Problem, assign
from landsea.errors import ConvergenceError


def test_constant_costs_split_by_the_logit_formula(bpr: Callable[..., BprLinks]) -> None:
    problem = Problem(
        n_nodes=2,
        tail=np.array([0, 0]),
        head=np.array([1, 1]),
        links=bpr([1.0, 2.0], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]),
        zones=np.array([0, 1]),
        demand=np.array([[0.0, 100.0], [0.0, 0.0]]),
    )
    result = assign(problem, "sue", gap=1e-9, theta=1.0)
    cheap_share = math.exp(-1.0) / (math.exp(-1.0) + math.exp(-2.0))
    np.testing.assert_allclose(result.flow, [100 * cheap_share, 100 * (1 - cheap_share)])


def test_a_sharp_logit_approaches_the_user_equilibrium(two_routes: Callable[..., Problem]) -> None:
    result = assign(two_routes(300.0, toll_on_first=1.0), "sue", gap=1e-4, theta=50.0)
    np.testing.assert_allclose(result.flow, [145.0, 155.0], atol=0.5)
    assert result.converged


def test_msa_stops_at_its_iteration_limit_when_allowed(two_routes: Callable[..., Problem]) -> None:
    result = assign(
        two_routes(300.0, toll_on_first=1.0),
        "sue",
        gap=1e-12,
        theta=0.5,
        max_iterations=3,
        allow_unconverged=True,
    )
    assert result.iterations == 3
    assert not result.converged
    assert result.flow.sum() == pytest.approx(300.0)


def test_msa_that_misses_its_target_says_which_criterion(
    two_routes: Callable[..., Problem],
) -> None:
    with pytest.raises(ConvergenceError, match=r"sue-msa on two-routes: flow change .* after 3"):
        assign(two_routes(300.0, toll_on_first=1.0), "sue", gap=1e-12, theta=0.5, max_iterations=3)
