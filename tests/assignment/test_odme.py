"""Matrix estimation from counts (issue 11.2): closed-form answers and bounds that hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landsea.assignment.freight import CorridorAssignment, assign_corridor
from landsea.assignment.odme import (
    CountTarget,
    OdmeSettings,
    estimate_demand,
    odme_summary,
    solve_factors,
)
from landsea.data.io import read_tables
from landsea.errors import DataError
from landsea.network import GraphOptions, network_from_tables
from landsea.units import DAYS_PER_YEAR

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_network"


def _targets(observed: list[float]) -> list[CountTarget]:
    return [
        CountTarget(f"count {i}", np.array([i]), 1.0, value) for i, value in enumerate(observed)
    ]


def test_each_cell_meets_its_own_count_when_the_prior_hardly_pulls() -> None:
    # Two cells of 100 TEU a day, each alone on its counted edges; counts 200 and 50.
    shares = np.eye(2)
    factors = solve_factors(
        shares, np.array([100.0, 100.0]), _targets([200.0, 50.0]), OdmeSettings(prior_weight=1e-9)
    )
    np.testing.assert_allclose(factors, [2.0, 0.5], rtol=1e-6)


def test_no_cell_moves_beyond_its_bound() -> None:
    settings = OdmeSettings(max_factor=1.5, prior_weight=1e-9)
    factors = solve_factors(np.eye(2), np.array([100.0, 100.0]), _targets([200.0, 50.0]), settings)
    np.testing.assert_allclose(factors, [1.5, 1.0 / 1.5], rtol=1e-9)


def test_a_cell_no_count_sees_stays_at_its_prior() -> None:
    shares = np.array([[1.0, 0.0]])
    factors = solve_factors(
        shares, np.array([100.0, 100.0]), _targets([300.0]), OdmeSettings(prior_weight=1.0)
    )
    assert factors[1] == pytest.approx(1.0)
    assert factors[0] > 2.0


def test_settings_out_of_range_are_refused() -> None:
    with pytest.raises(DataError, match="max_factor"):
        OdmeSettings(max_factor=1.0)


# ---- a tiny network with a known answer ----------------------------------------------------


def _tiny_assign(demand: pd.DataFrame) -> CorridorAssignment:
    network = network_from_tables(read_tables(TINY))
    options = GraphOptions(year=2020)
    return assign_corridor(network, demand, year=2020, options=options, gap=1e-4)


def _border_edges(result: CorridorAssignment) -> list[CountTarget]:
    """Every TEU from Bravo into Charlie, road or rail, counted in TEU a day."""
    assert result.detail is not None
    graph = result.detail.graph
    crossing = np.flatnonzero(np.isin(graph.crossing_id, ["BC_ROAD", "BC_RAIL"]))
    into_laos = crossing[graph.node_place[graph.tail[crossing]] == "CNBBB"]
    return [CountTarget("border", into_laos, 1.0, 4.0 * TEU_PER_DAY)]


TEU_PER_DAY = 100.0


def test_the_tiny_network_meets_the_closed_form_estimate() -> None:
    # Two cells of T = 100 TEU a day both cross Bravo/Charlie (every route does); the count is
    # 4T. Minimising T (x1 + x2 - 4)^2 / 4 + w ((x1 - 1)^2 + (x2 - 1)^2) gives, by symmetry,
    # x = 2 (T + w) / (T + 2 w) for both: 1.98039... with w = 1.
    prior = pd.DataFrame(
        {
            "origin": ["CNAAA", "CNAAA"],
            "destination": ["LACCC", "THDDD"],
            "commodity": ["machinery", "machinery"],
            "teu_per_year": [TEU_PER_DAY * DAYS_PER_YEAR] * 2,
        }
    )
    weight = 1.0
    result = estimate_demand(
        prior, _tiny_assign, _border_edges, OdmeSettings(prior_weight=weight, iterations=2)
    )
    expected = 2.0 * (TEU_PER_DAY + weight) / (TEU_PER_DAY + 2.0 * weight)
    np.testing.assert_allclose(result.cells["factor"], [expected, expected], rtol=1e-6)
    crossing = result.assignment.crossings.set_index("crossing_id")
    into_laos = crossing["teu_per_day_a_to_b"].sum()
    assert into_laos == pytest.approx(2 * TEU_PER_DAY * expected, rel=1e-6)
    summary = odme_summary(result)
    assert summary["cells_moved_over_10_percent"] == 2
    assert summary["estimated_teu_per_year"] == pytest.approx(
        2 * TEU_PER_DAY * DAYS_PER_YEAR * expected
    )
