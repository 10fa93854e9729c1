"""The algorithm registry: every record solves what it says, and a new record is all it takes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from landsea.assignment import algorithms, assign
from landsea.assignment.algorithms import Algorithm, algorithm_names, algorithms_for, find_algorithm
from landsea.assignment.choice import ChoiceParameters
from landsea.assignment.equilibrium import Settings, settle, unreachable_pairs
from landsea.assignment.multiclass import MulticlassProblem
from landsea.assignment.problem import Problem
from landsea.errors import ConvergenceError, DataError

BRAESS_OBJECTIVE = 386.0  # closed form (conftest.make_braess)


def _names(family: algorithms.Family) -> list[str]:
    return [record.name for record in algorithms_for(family)]


def test_every_record_solves_something_and_names_are_unique() -> None:
    names = [n for record in algorithms.REGISTRY for n in (record.name, *record.aliases)]
    assert len(names) == len(set(names))
    assert all(r.solves("network") or r.solves("corridor") for r in algorithms.REGISTRY)


@pytest.mark.parametrize("name", _names("network"))
def test_every_network_algorithm_loads_all_the_demand_on_braess(name: str, braess: Problem) -> None:
    result = assign(braess, name, gap=1e-3, max_iterations=20_000, allow_unconverged=True)
    assert result.algorithm == name
    out_of_origin = result.flow[braess.tail == 0].sum()
    assert out_of_origin == pytest.approx(6.0)
    if name != "sue-msa":  # a logit equilibrium minimises another function
        assert result.objective == pytest.approx(BRAESS_OBJECTIVE, rel=1e-2)


@pytest.mark.parametrize("name", _names("corridor"))
def test_every_corridor_algorithm_loads_all_the_reachable_demand(
    name: str, crossing_or_bypass: Callable[..., MulticlassProblem]
) -> None:
    problem = crossing_or_bypass(150.0, 150.0)
    solver = find_algorithm(name, "corridor").corridor_solver()
    result = solver(problem, Settings(1e-3, 5_000), ChoiceParameters())
    assert result.converged
    np.testing.assert_allclose(result.flow[:, [0, 1]].sum(axis=1), [150.0, 150.0])
    assert result.flow[:, 2].sum() == pytest.approx(0.0)  # nothing goes back
    assert sum(flows.sum() for flows in result.sets.flows.values()) == pytest.approx(300.0)


def test_aliases_and_case_find_the_record() -> None:
    assert find_algorithm(" GP ", "network").name == "gradient-projection"
    assert find_algorithm("fw", "corridor").name == "frank-wolfe"


def test_an_algorithm_of_the_other_family_is_refused_with_the_choices() -> None:
    with pytest.raises(DataError, match=r"unknown corridor algorithm 'gp'; choose one of logit"):
        find_algorithm("gp", "corridor")
    with pytest.raises(DataError, match="does not solve corridor problems"):
        find_algorithm("gp", "network").corridor_solver()


def test_a_new_record_is_all_a_new_algorithm_needs(
    monkeypatch: pytest.MonkeyPatch, braess: Problem
) -> None:
    record = Algorithm(
        "fw-again",
        "Frank-Wolfe under another name",
        aliases=("fw2",),
        network="landsea.assignment.linear:solve_linear:frank-wolfe",
    )
    monkeypatch.setattr(algorithms, "REGISTRY", (*algorithms.REGISTRY, record))
    assert "fw-again (fw2)" in algorithm_names("network")
    result = assign(braess, "fw2", gap=1e-4, max_iterations=20_000)
    assert result.algorithm == "fw-again"
    assert result.objective == pytest.approx(BRAESS_OBJECTIVE, rel=1e-3)


def test_the_one_convergence_check_raises_or_flags() -> None:
    assert settle("x on y", "relative gap", 1e-6, 1e-5, 3, allow_unconverged=False)
    assert not settle("x on y", "relative gap", 1e-4, 1e-5, 3, allow_unconverged=True)
    with pytest.raises(ConvergenceError, match=r"x on y: relative gap 0.0001 after 3 iterations"):
        settle("x on y", "relative gap", 1e-4, 1e-5, 3, allow_unconverged=False)


def test_the_one_unreachable_table_lists_cells_with_demand_and_no_path() -> None:
    distance = np.array([[[1.0, np.inf], [np.inf, 2.0]]])
    demand = np.array([[[5.0, 3.0], [0.0, 1.0]]])  # the second inf cell has no demand
    table = unreachable_pairs(distance, demand)
    assert table.to_dict("records") == [{"class": 0, "origin": 0, "destination": 1, "demand": 3.0}]
    assert list(unreachable_pairs(distance[0], demand[0]).columns) == [
        "origin",
        "destination",
        "demand",
    ]
