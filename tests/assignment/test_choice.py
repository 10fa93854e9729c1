"""Logit route choice: the multinomial formula, the path-size correction, mode shares."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from landsea.assignment.choice import choice_probabilities, mode_shares, path_sizes


def test_two_distinct_routes_split_by_the_logit_formula_on_relative_cost() -> None:
    edge_cost = np.array([100.0, 110.0])
    routes = [np.array([0]), np.array([1])]
    shares = choice_probabilities(routes, edge_cost, theta=10.0, sizes=None)
    cheap = 1.0 / (1.0 + math.exp(-10.0 * 0.1))
    np.testing.assert_allclose(shares, [cheap, 1 - cheap])


def test_routes_that_share_everything_but_a_short_stub_count_as_one_with_path_size() -> None:
    # Routes 1 and 2 share the long edge 2; route 0 is separate and costs the same.
    edge_cost = np.array([100.0, 1.0, 99.0, 1.0])
    routes = [np.array([0]), np.array([1, 2]), np.array([3, 2])]
    sizes = path_sizes(routes, edge_cost)
    np.testing.assert_allclose(sizes, [1.0, (1 + 99 / 2) / 100, (1 + 99 / 2) / 100])
    with_size = choice_probabilities(routes, edge_cost, theta=10.0, sizes=sizes)
    without = choice_probabilities(routes, edge_cost, theta=10.0, sizes=None)
    np.testing.assert_allclose(without, [1 / 3] * 3)
    assert with_size[0] == pytest.approx(1 / (1 + 2 * 0.505))
    assert with_size[0] > without[0]


def test_mode_shares_by_teu_and_by_teu_km_in_total_and_per_pair() -> None:
    structure = pd.DataFrame(
        {
            "origin": ["A", "A", "B"],
            "destination": ["B", "B", "C"],
            "commodity": ["electronics"] * 3,
            "mode": ["road", "rail_1435", "sea"],
            "teu_per_year": [300.0, 100.0, 600.0],
            "teu_km_per_year": [300.0 * 1000, 100.0 * 1500, 600.0 * 3000],
        }
    )
    total = mode_shares(structure, []).set_index("mode")
    assert total.loc["sea", "share_teu"] == pytest.approx(0.6)
    assert total.loc["sea", "share_teu_km"] == pytest.approx(1.8e6 / (3e5 + 1.5e5 + 1.8e6))
    by_pair = mode_shares(structure, ["origin", "destination"]).set_index(["origin", "mode"])
    assert by_pair.loc[("A", "road"), "share_teu"] == pytest.approx(0.75)
