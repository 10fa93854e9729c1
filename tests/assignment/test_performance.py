"""BPR link performance: the TNTP conventions and the derivative/integral the algorithms use."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from scipy.integrate import quad

from landsea.assignment import BprLinks
from landsea.errors import DataError


def test_power_zero_means_a_constant_time_free_flow_times_one_plus_alpha(
    bpr: Callable[..., BprLinks],
) -> None:
    links = bpr([20.0], [100.0], [0.5], [0.0])
    assert links.cost(np.array([0.0]))[0] == 30.0
    assert links.cost(np.array([5000.0]))[0] == 30.0
    assert links.derivative(np.array([5000.0]))[0] == 0.0
    assert links.integral(np.array([10.0])) == 300.0


def test_zero_free_flow_time_costs_only_the_fixed_part_at_any_flow(
    bpr: Callable[..., BprLinks],
) -> None:
    links = bpr([0.0], [100.0], [0.15], [4.0], fixed=[0.5])
    assert links.cost(np.array([1e6]))[0] == 0.5
    assert links.integral(np.array([10.0])) == 5.0


def test_integral_and_derivative_agree_with_the_cost_curve(bpr: Callable[..., BprLinks]) -> None:
    links = bpr([12.0], [400.0], [0.15], [4.0], fixed=[1.0])
    flow = 700.0
    numeric, _ = quad(lambda x: links.cost(np.array([x]))[0], 0.0, flow)
    assert links.integral(np.array([flow])) == pytest.approx(numeric, rel=1e-10)
    h = 1e-3
    slope = (links.cost(np.array([flow + h]))[0] - links.cost(np.array([flow - h]))[0]) / (2 * h)
    assert links.derivative(np.array([flow]))[0] == pytest.approx(slope, rel=1e-6)


def test_a_congestible_link_without_capacity_is_refused_with_its_index(
    bpr: Callable[..., BprLinks],
) -> None:
    with pytest.raises(DataError, match="link 1: capacity must be > 0"):
        bpr([1.0, 1.0], [10.0, 0.0], [0.15, 0.15], [4.0, 4.0])


def test_negative_parameters_are_refused(bpr: Callable[..., BprLinks]) -> None:
    with pytest.raises(DataError, match="link 0: alpha must be finite and >= 0"):
        bpr([1.0], [10.0], [-0.15], [4.0])
