"""Backhaul: empties per pair and along a line."""

from __future__ import annotations

import pandas as pd
import pytest

from landsea.assignment.backhaul import line_imbalance, pair_imbalance


def _structure(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "origin": o,
                "destination": d,
                "commodity": "machinery",
                "mode": m,
                "teu_per_year": teu,
                "teu_km_per_year": teu * 1000.0,
            }
            for o, d, m, teu in rows
        ]
    )


def test_the_lighter_direction_is_topped_up_with_priced_empties() -> None:
    structure = _structure([("A", "B", "road", 1000.0), ("B", "A", "road", 250.0)])
    table = pair_imbalance(structure, {("B", "A"): 400.0})
    row = table.iloc[0]
    assert row["balance_ratio"] == pytest.approx(0.25)
    assert row["empty_teu_per_year"] == pytest.approx(750.0)
    assert row["empty_direction"] == "B->A"
    assert row["empty_cost_usd_per_year"] == pytest.approx(750.0 * 400.0)


def test_a_line_sums_its_legs_each_way_and_prices_the_empties() -> None:
    directional = pd.DataFrame(
        {
            "link_id": ["L1", "L1", "L2"],
            "from_id": ["A", "B", "B"],
            "to_id": ["B", "A", "C"],
            "teu_per_day": [10.0, 4.0, 6.0],
        }
    )
    legs = [("L1", "A", "B", 100.0, 1.0), ("L2", "B", "C", 50.0, 0.5)]  # km, USD per TEU-km
    table = line_imbalance(directional, [("x", "A to C", legs)])
    row = table.iloc[0]
    assert row["teu_km_per_year_out"] == pytest.approx(365 * (10 * 100 + 6 * 50))
    assert row["teu_km_per_year_back"] == pytest.approx(365 * 4 * 100)
    assert row["empty_teu_km_per_year"] == pytest.approx(365 * (6 * 100 + 6 * 50))
    assert row["empty_cost_usd_per_year"] == pytest.approx(365 * (6 * 100 * 1.0 + 6 * 50 * 0.5))
