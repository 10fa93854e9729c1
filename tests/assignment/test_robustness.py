"""The awkward cases of real networks, on a hand-checked TNTP network (see its README)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from landsea.assignment import BprLinks, Problem, assign
from landsea.assignment.tntp import load_tntp_case
from landsea.errors import DataError

TINY = Path(__file__).parents[1] / "fixtures" / "assignment" / "tiny"


@pytest.fixture(scope="module")
def tiny_result():  # type: ignore[no-untyped-def]
    return assign(load_tntp_case(TINY).problem, "gradient-projection", gap=1e-10)


def test_the_hand_computed_equilibrium_of_the_tiny_network(tiny_result) -> None:  # type: ignore[no-untyped-def]
    np.testing.assert_allclose(tiny_result.flow, [350, 150, 150, 0, 0, 300, 50, 0], atol=1e-6)
    assert tiny_result.objective == pytest.approx(5300.0, rel=1e-10)
    assert tiny_result.tstt == pytest.approx(7550.0, rel=1e-10)


def test_no_path_passes_through_a_zone_below_first_thru_node(tiny_result) -> None:  # type: ignore[no-untyped-def]
    shortcut_out_of_zone_3 = tiny_result.flow[7]
    assert shortcut_out_of_zone_3 == 0.0


def test_unreachable_pairs_are_listed_with_their_demand_not_dropped(tiny_result) -> None:  # type: ignore[no-untyped-def]
    table = tiny_result.unreachable
    assert table[["origin_zone", "destination_zone", "demand"]].to_dict("records") == [
        {"origin_zone": 1, "destination_zone": 0, "demand": 5.0}
    ]
    assert tiny_result.unreachable_demand == 5.0
    assert np.isfinite(tiny_result.flow).all()
    assert np.isfinite(tiny_result.relative_gap)


def test_the_flow_file_gives_the_best_known_objective() -> None:
    assert load_tntp_case(TINY).best_known_objective() == pytest.approx(5300.0)


def test_a_toll_factor_prices_the_toll_into_the_generalized_cost() -> None:
    case = load_tntp_case(TINY, toll_factor=0.02)
    result = assign(case.problem, "gradient-projection", gap=1e-10)
    np.testing.assert_allclose(result.flow[1:3], [145.0, 155.0], atol=1e-6)


def test_no_demand_at_all_gives_zero_flows_and_a_zero_gap(bpr: Callable[..., BprLinks]) -> None:
    problem = Problem(
        n_nodes=2,
        tail=np.array([0]),
        head=np.array([1]),
        links=bpr([1.0], [1.0], [0.15], [4.0]),
        zones=np.array([0, 1]),
        demand=np.zeros((2, 2)),
    )
    result = assign(problem, "bfw", gap=1e-6)
    assert result.flow.tolist() == [0.0]
    assert result.relative_gap == 0.0
    assert result.converged


def _problem_with_demand(bpr: Callable[..., BprLinks], demand: np.ndarray) -> Problem:
    return Problem(
        n_nodes=2,
        tail=np.array([0]),
        head=np.array([1]),
        links=bpr([1.0], [1.0], [0.15], [4.0]),
        zones=np.array([0, 1]),
        demand=demand,
        name="pair",
    )


def test_negative_demand_names_the_cell(bpr: Callable[..., BprLinks]) -> None:
    with pytest.raises(DataError, match=r"pair: demand\[0, 1\] = -3.0 must be finite and >= 0"):
        _problem_with_demand(bpr, np.array([[0.0, -3.0], [0.0, 0.0]]))


def test_a_matrix_that_does_not_match_the_zones_is_refused(bpr: Callable[..., BprLinks]) -> None:
    with pytest.raises(DataError, match="demand is 3x3 but there are 2 zones"):
        _problem_with_demand(bpr, np.zeros((3, 3)))


def test_the_readme_generalized_cost_weights_are_the_defaults(tmp_path: Path) -> None:
    for name in ("tiny_net.tntp", "tiny_trips.tntp"):
        (tmp_path / name).write_text((TINY / name).read_text())
    (tmp_path / "README.md").write_text(
        "## Generalized Cost Weights\nToll: 0.02 minutes/cent\nDistance: 0\n\n## Solutions\n"
    )
    case = load_tntp_case(tmp_path)
    assert (case.toll_factor, case.distance_factor) == (0.02, 0.0)
    result = assign(case.problem, "gradient-projection", gap=1e-10)
    np.testing.assert_allclose(result.flow[1:3], [145.0, 155.0], atol=1e-6)
    assert load_tntp_case(tmp_path, toll_factor=0.0).toll_factor == 0.0  # an option wins
