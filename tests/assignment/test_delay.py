"""Delay functions of crossings and yards: BPR and the simulation's delay curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.integrate import quad

from landsea.assignment.delay import CapacityGroup, DelayCurve, curves_from_table
from landsea.errors import DataError


def _curve() -> DelayCurve:
    return DelayCurve(np.array([100.0, 500.0, 900.0]), np.array([1.0, 3.0, 11.0]))


def test_a_curve_interpolates_and_keeps_rising_past_its_last_point() -> None:
    curve = _curve()
    np.testing.assert_allclose(curve.delay(np.array([50.0, 300.0, 700.0, 1100.0])), [1, 2, 7, 15])


def test_the_curve_integral_is_exact() -> None:
    curve = _curve()
    for units in (0.0, 250.0, 900.0, 1200.0):
        numeric, _ = quad(
            lambda u: curve.delay(np.array([u]))[0], 0.0, units, points=[100, 500, 900]
        )
        assert curve.integral(np.array([units]))[0] == pytest.approx(numeric, rel=1e-9, abs=1e-9)


def test_a_falling_curve_is_refused() -> None:
    with pytest.raises(DataError, match="must not fall"):
        DelayCurve(np.array([0.0, 10.0]), np.array([5.0, 1.0]))


def test_curves_are_read_by_crossing_and_regime_and_bad_rows_named() -> None:
    table = pd.DataFrame(
        {
            "crossing_id": ["X", "X", "X"],
            "regime": ["standard"] * 3,
            "flow_per_day": [0, 500, 1000],
            "mean_delay_h": pd.Series([2.0, 4.0, 20.0], dtype=object),
        }
    )
    curves = curves_from_table(table, "curves.csv")
    assert curves[("X", "standard")].delay(np.array([750.0]))[0] == pytest.approx(12.0)
    table.loc[1, "mean_delay_h"] = "soon"
    with pytest.raises(DataError, match=r"curves\.csv:2:mean_delay_h"):
        curves_from_table(table, "curves.csv")


def test_a_bpr_group_counts_units_and_integrates_over_teu() -> None:
    group = CapacityGroup(
        name="gate",
        kind="crossing",
        edges=np.array([0]),
        capacity_per_day=1000.0,
        teu_per_unit=2.0,
        base_delay_h=4.0,
    )
    at_capacity = group.delay_h(np.array(2000.0))
    assert float(at_capacity) == pytest.approx(4.0 * 0.15)
    numeric, _ = quad(lambda teu: float(group.delay_h(np.array(teu))), 0.0, 3000.0)
    assert group.integral(3000.0) == pytest.approx(numeric, rel=1e-9)
