"""How a comparison's figures read: shares in %, differences in points, noise as no change."""

from __future__ import annotations

from landsea.scenarios.figures import NO_CHANGE, difference, figure


def test_shares_read_as_percentages_and_their_differences_as_points() -> None:
    assert figure(0.0947, "share") == "9.5%"
    assert difference(-0.0495, -0.52, "empty TEU / loaded TEU") == "-5.0 pt"


def test_arithmetic_noise_is_no_change_even_on_large_totals() -> None:
    assert difference(1.2e-7, 2e-16, "USD/yr") == NO_CHANGE
    assert difference(5e-10, float("nan"), "h") == NO_CHANGE
    assert difference(-1.2e-7, float("nan"), "h") != NO_CHANGE  # no relative to call it noise


def test_large_differences_are_written_out_not_in_exponents() -> None:
    assert difference(-596_315_976.0, -0.085, "USD/yr") == "-596,315,976 (-8.5%)"
    assert difference(-9_027.4, -0.003, "t/yr") == "-9,027 (-0.3%)"
    assert difference(-21.2, -0.457, "h") == "-21.2 (-45.7%)"
    assert figure(7_016_520_914.0, "USD/yr") == "7,016,520,914"
