"""Small hand-checked problems that the assignment tests share (closed-form answers)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from landsea.assignment.delay import CapacityGroup
from landsea.assignment.multiclass import MulticlassProblem
from landsea.assignment.performance import BprLinks
from landsea.assignment.problem import Problem


def make_bpr(
    t0: list[float],
    capacity: list[float],
    alpha: list[float],
    power: list[float],
    fixed: list[float] | None = None,
) -> BprLinks:
    return BprLinks(
        free_flow_time=np.asarray(t0, dtype=np.float64),
        capacity=np.asarray(capacity, dtype=np.float64),
        alpha=np.asarray(alpha, dtype=np.float64),
        power=np.asarray(power, dtype=np.float64),
        fixed_cost=np.zeros(len(t0)) if fixed is None else np.asarray(fixed, dtype=np.float64),
    )


def make_braess() -> Problem:
    """Braess's paradox with 6 trips from node 0 to node 1 (the TNTP Braess example's numbers).

    Link costs: 0-2: 10x, 0-3: 50 + x, 2-1: 50 + x, 2-3: 10 + x, 3-1: 10x. At equilibrium each of
    the three paths carries 2 trips at cost 92: link flows 4, 2, 2, 2, 4; TSTT 552; the Beckmann
    objective 80 + 102 + 102 + 22 + 80 = 386.
    """
    return Problem(
        n_nodes=4,
        tail=np.array([0, 0, 2, 2, 3]),
        head=np.array([2, 3, 1, 3, 1]),
        links=make_bpr([1e-8, 50, 50, 10, 1e-8], [1] * 5, [1e9, 0.02, 0.02, 0.1, 1e9], [1] * 5),
        zones=np.array([0, 1]),
        demand=np.array([[0.0, 6.0], [0.0, 0.0]]),
        name="braess",
    )


def make_two_routes(demand: float = 300.0, toll_on_first: float = 0.0) -> Problem:
    """Two parallel links from 0 to 1, each 10 + 0.1 x; a fixed cost on the first one.

    Equilibrium: 10 + toll + 0.1 a = 10 + 0.1 (demand - a), so a = (demand - 10 toll) / 2.
    """
    return Problem(
        n_nodes=2,
        tail=np.array([0, 0]),
        head=np.array([1, 1]),
        links=make_bpr([10, 10], [100, 100], [1, 1], [1, 1], [toll_on_first, 0.0]),
        zones=np.array([0, 1]),
        demand=np.array([[0.0, demand], [0.0, 0.0]]),
        name="two-routes",
    )


def make_crossing_or_bypass(demand_fast: float, demand_slow: float) -> MulticlassProblem:
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


@pytest.fixture
def bpr() -> Callable[..., BprLinks]:
    return make_bpr


@pytest.fixture
def braess() -> Problem:
    return make_braess()


@pytest.fixture
def two_routes() -> Callable[..., Problem]:
    return make_two_routes


@pytest.fixture
def crossing_or_bypass() -> Callable[..., MulticlassProblem]:
    return make_crossing_or_bypass
