"""Appraisal economics against figures worked out by hand, and the [project] table's checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landsea.errors import ScenarioError
from landsea.scenarios.appraisal import (
    COMPONENTS,
    Draws,
    Horizon,
    Parameters,
    annual_benefits,
    cash_flows,
    dwell_teu_hours,
    eirr,
    figures,
    npv,
    switching_values,
)
from landsea.scenarios.appraisal_runs import FITTED, RunPair, fit_surface
from landsea.scenarios.files import load_scenario


def _draws(capex: float, opex: float, growth: float, **annual: float) -> Draws:
    values = {name: np.array([annual.get(name, 0.0)]) for name in FITTED}
    return Draws(np.array([capex]), np.array([opex]), np.array([growth]), values)


def _horizon(**overrides: int | None) -> Horizon:
    settings: dict[str, int | None] = {
        "start_year": 2030,
        "construction_years": 1,
        "horizon_years": 11,
        "ramp_up_years": 0,
        "life_years": None,
        "model_year": 2030,
    }
    settings.update(overrides)
    return Horizon(**settings)  # type: ignore[arg-type]


def test_npv_bcr_eirr_of_a_level_annuity() -> None:
    """100 spent in 2030, 20 a year of time savings 2031-2040, at 10 %:
    NPV = -100 + 20 x (1 - 1.1^-10) / 0.1 = 22.8913; BCR = 122.8913 / 100."""
    params = Parameters(discount_rate=0.10, growth_years=0)
    flows = cash_flows(_horizon(), _draws(100.0, 0.0, 0.0, time=20.0), params)
    result = figures(flows, params, opening_year=2031)
    annuity = (1 - 1.1**-10) / 0.1
    assert result.npv_usd[0] == pytest.approx(-100 + 20 * annuity, rel=1e-9)
    assert result.bcr[0] == pytest.approx(20 * annuity / 100, rel=1e-9)
    assert result.first_year_return[0] == pytest.approx(0.20)
    # the EIRR is the rate where 20 a year for 10 years repays 100: 15.098 %
    rate = result.eirr[0]
    assert (1 - (1 + rate) ** -10) / rate * 20 == pytest.approx(100, rel=1e-6)
    assert rate == pytest.approx(0.15098, abs=1e-4)


def test_opex_residual_ramp_and_growth_by_year() -> None:
    """Two years of building (50 a year), ramp over 2 years from half, 10 % growth capped
    one year after the model year, a 20-year life with 3 years used: 85 % left."""
    horizon = _horizon(construction_years=2, horizon_years=5, ramp_up_years=2, life_years=20)
    params = Parameters(discount_rate=0.0, growth_years=1)
    flows = cash_flows(horizon, _draws(100.0, 4.0, 0.10, charges=10.0), params)
    assert flows.capex[0].tolist() == [50, 50, 0, 0, 0]
    assert flows.opex[0].tolist() == [0, 0, 4, 4, 4]
    # years 2030..2034: growth 1.0, 1.1, 1.1, 1.1, 1.1; ramp 0, 0, 0.5, 0.75, 1
    assert flows.benefits["charges"][0] == pytest.approx([0, 0, 5.5, 8.25, 11.0])
    assert flows.residual[0].tolist() == pytest.approx([0, 0, 0, 0, 85.0])
    assert flows.net[0] == pytest.approx([-50, -50, 1.5, 4.25, 92.0])


def test_carbon_is_valued_at_the_price_of_each_year() -> None:
    horizon = _horizon(start_year=2016, construction_years=1, horizon_years=3, model_year=2016)
    params = Parameters(discount_rate=0.0, growth_years=0)
    flows = cash_flows(horizon, _draws(1.0, 0.0, 0.0, co2_t=1000.0), params)
    assert flows.benefits["co2"][0] == pytest.approx([0, 36_300 * 1.02, 36_300 * 1.02**2])
    flat = Parameters(discount_rate=0.0, growth_years=0, carbon_price_usd_per_t=50.0)
    assert cash_flows(horizon, _draws(1.0, 0.0, 0.0, co2_t=1000.0), flat).benefits["co2"][
        0
    ] == pytest.approx([0, 50_000, 50_000])


def test_switching_values_bring_npv_to_zero() -> None:
    params = Parameters(discount_rate=0.08, growth_years=0)
    draws = _draws(100.0, 2.0, 0.0, time=15.0, charges=5.0)
    central = figures(cash_flows(_horizon(), draws, params), params, 2031)
    change = {row["item"]: float(row["switching_change"]) for row in switching_values(central)}
    more_capex = _draws(100.0 * (1 + change["capex"]), 2.0, 0.0, time=15.0, charges=5.0)
    moved = figures(cash_flows(_horizon(), more_capex, params), params, 2031)
    assert moved.npv_usd[0] == pytest.approx(0, abs=1e-6)
    less_time = _draws(100.0, 2.0, 0.0, time=15.0 * (1 + change["time"]), charges=5.0)
    moved = figures(cash_flows(_horizon(), less_time, params), params, 2031)
    assert moved.npv_usd[0] == pytest.approx(0, abs=1e-6)
    assert change["dwell"] != change["dwell"]  # nothing to switch: nan


def test_eirr_is_nan_when_net_flows_never_turn() -> None:
    years = np.arange(2030, 2035)
    assert np.isnan(eirr(np.array([-10.0, -1, -1, -1, -1]), years))
    assert npv(np.array([-10.0, 11.0]), years[:2], 0.1)[0] == pytest.approx(0.0)


def _measures(teu: float, time: float, p90: float, cost: float, co2: float) -> dict[str, float]:
    stem = "f/electronics/CNNIN/VNHAN"
    return {
        f"{stem}/teu_per_year": teu,
        f"{stem}/time_h": time,
        f"{stem}/time_p90_h": p90,
        f"{stem}/cost_usd_per_teu": cost,
        f"{stem}/co2_kg_per_teu": co2,
        f"{stem}/vot_usd_per_h": 4.0,
        "dwell_teu_h_per_year": 0.0,
        "empties_usd_per_year": 0.0,
    }


def test_annual_benefits_by_the_rule_of_half() -> None:
    """1,000 TEU before, 1,200 after (mean 1,100); 30 h -> 20 h at USD 4 a TEU-hour; USD 500
    -> 450 a TEU; buffer 10 h -> 6 h; 200 -> 150 kg CO2 a TEU."""
    base = {**_measures(1000, 30, 40, 500, 200), "dwell_teu_h_per_year": 3000.0}
    project = {**_measures(1200, 20, 26, 450, 150), "dwell_teu_h_per_year": 1000.0}
    base["empties_usd_per_year"], project["empties_usd_per_year"] = 900.0, 400.0
    out = annual_benefits(base, project, reliability_ratio=0.5)
    dwell = 2000 * 4.0  # mean value of time = 4 (one commodity)
    assert out["dwell"] == pytest.approx(dwell)
    assert out["time"] == pytest.approx(1100 * 4 * 10 - dwell)
    assert out["time_usd.electronics"] == pytest.approx(1100 * 4 * 10)
    assert out["charges"] == pytest.approx(1100 * 50)
    assert out["reliability"] == pytest.approx(1100 * 4 * 0.5 * 4)
    assert out["co2_t"] == pytest.approx(1100 * 50 / 1000)
    assert out["empties"] == pytest.approx(500)


def test_dwell_teu_hours_use_the_modelled_dwell_where_not_simulated() -> None:
    crossings = pd.DataFrame(
        {
            "teu_per_day_a_to_b": [10.0, 2.0],
            "teu_per_day_b_to_a": [0.0, 2.0],
            "dwell_mean_h": [5.0, np.nan],
            "normal_dwell_h": [3.0, 1.0],
            "delay_h": [0.0, 0.5],
        }
    )
    assert dwell_teu_hours(crossings) == pytest.approx((10 * 5 + 4 * 1.5) * 365)


def test_response_surface_recovers_a_linear_benefit() -> None:
    pairs = [
        RunPair({"a": float(x), "b": 2.0}, {k: 3.0 + 2.0 * x for k in FITTED}) for x in range(6)
    ]
    surface = fit_surface(pairs, {k: 0.0 for k in FITTED})
    assert surface.inputs == ("a",)  # b does not vary: no slope for it
    rng = np.random.default_rng(0)
    predicted = surface.predict(pd.DataFrame({"a": [10.0], "b": [2.0]}), rng)
    assert predicted["time"][0] == pytest.approx(23.0)
    too_few = fit_surface(pairs[:3], {k: 0.0 for k in FITTED})
    assert too_few.inputs == () and "mean" in too_few.description


def test_discount_rate_outside_the_sane_range_names_the_option() -> None:
    with pytest.raises(ScenarioError, match="--discount-rate"):
        Parameters(discount_rate=9.0)
    with pytest.raises(ScenarioError, match="--discount-rate"):
        Parameters(discount_rate=-0.01)
    assert [name for name, _ in COMPONENTS][-1] == "co2"


PROJECT = """
name = "test_project"
extends = "baseline_2025"

[project]
start_year = 2026
construction_years = {construction}
horizon_years = {horizon}

[project.capex]
musd = {capex}
source = "estimate: a test"
{opex}"""
OPEX = """
[project.opex]
musd_per_year = 1
source = "estimate: a test"
"""


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"capex": "-5"}, ["project.capex.musd", ":11:", "cannot be negative"]),
        (
            {"capex": '{ dist = "normal", mean = 10, sd = 10 }'},
            ["project.capex.musd", "distribution reaches"],
        ),
        ({"opex": ""}, ["project.opex", "Field required"]),
        ({"horizon": "3"}, ["project", "horizon_years (3)", "construction_years (4)"]),
    ],
)
def test_bad_project_tables_name_the_key_and_line(
    tmp_path: Path, fields: dict[str, str], words: list[str]
) -> None:
    settings = {"construction": "4", "horizon": "20", "capex": "100", "opex": OPEX, **fields}
    path = tmp_path / "test_project.toml"
    path.write_text(PROJECT.format(**settings), encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    message = str(raised.value)
    assert f"{path}:" in message
    for word in words:
        assert word in message


def test_shipped_projects_carry_sources_for_every_cost() -> None:
    for name in ("china_thailand_railway", "kyaukphyu_railway", "mekong_dredging"):
        project = load_scenario(name).project
        assert project is not None
        assert project.capex.source.startswith(("source:", "estimate:"))
        assert project.opex.source.startswith(("source:", "estimate:"))
        assert project.horizon_years > project.construction_years


@pytest.mark.parametrize(
    "text",
    [
        '{ dist = "triangular", low = 1, mode = 2, high = 5 }',
        '{ dist = "uniform", low = 1, high = 5 }',
        '{ dist = "normal", mean = 3, sd = 0.5 }',
        '{ dist = "lognormal", median = 3, sigma = 0.4 }',
        '{ dist = "empirical", values = [4, 1, 3, 3] }',
    ],
)
def test_samples_of_a_column_are_each_draws_sample(text: str) -> None:
    import tomllib

    from pydantic import TypeAdapter

    from landsea.scenarios.distributions import Distribution

    dist = TypeAdapter(Distribution).validate_python(tomllib.loads(f"x = {text}")["x"])
    u = np.array([0.0, 0.05, 0.3, 0.5, 0.77, 0.999])
    expected = [dist.sample(float(x)) for x in u]
    assert dist.samples(u) == pytest.approx(expected, rel=1e-12)
