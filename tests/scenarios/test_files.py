"""Scenario files: keys and lines in errors, extends, levers, distributions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landsea.data.demand import demand_for_year
from landsea.errors import ScenarioError
from landsea.scenarios import LEVERS, library_names, load_scenario, resolve, sample
from landsea.scenarios.distributions import Empirical, Lognormal, Normal, Triangular, Uniform
from landsea.scenarios.edits import prepare
from landsea.scenarios.sampling import uncertain_inputs

SHIPPED = (
    "baseline_2020",
    "baseline_2025",
    "single_window_all",
    "joint_inspection_pingxiang",
    "tir_border_ports",
    "china_thailand_railway",
    "kyaukphyu_railway",
    "mekong_dredging",
    "rail_sea_daily",
    "backhaul_balance",
    "synergy",
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


def test_every_scenario_of_the_issue_is_shipped_and_names_its_passage() -> None:
    assert set(SHIPPED) <= set(library_names())
    from importlib import resources

    for name in SHIPPED:
        text = resources.files("landsea.scenarios.library").joinpath(f"{name}.toml").read_text()
        assert "Paper" in text or "paper" in text.split("\n", 8)[-1] or "Paper," in text, name
        assert "stimate" in text, f"{name} says which figures are estimates"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_validate_and_apply(name: str) -> None:
    scenario = load_scenario(name)
    setup = prepare(resolve(scenario))
    assert setup.options.year == scenario.year
    assert len(setup.demand) > 0


@pytest.mark.parametrize("name", ["baseline_2020", "baseline_2025"])
def test_a_baseline_demand_is_the_growth_tables_for_its_year(name: str) -> None:
    """One definition of growth: a scenario's demand for its year is `landsea assign --year`'s
    (demand/growth.csv); the baseline's entry only spreads the projection around it."""
    scenario = load_scenario(name)
    ours = _by_cell(prepare(scenario).demand)
    table = _by_cell(demand_for_year(scenario.year))
    assert ours.index.equals(table.index)
    assert np.allclose(ours.to_numpy(), table.to_numpy(), rtol=1e-12)


def test_growth_entries_edit_the_tables_rates(tmp_path: Path) -> None:
    """An override for one partner and a factor for one commodity, each on the table's rate,
    in 2025 only: 2030 demand moves by exactly those two years' ratios of (1 + rate)."""
    text = (
        'name = "edited"\nyear = 2030\n'
        '[[demand.growth]]\npartner = "th"\nfrom_year = 2025\nto_year = 2025\n'
        'rate_per_year = 0.2\nsource = "estimate: a test"\n'
        '[[demand.growth]]\ncommodity = "machinery"\nfrom_year = 2025\nto_year = 2025\n'
        'rate_factor = 3.0\nsource = "estimate: a test"\n'
    )
    edited = _by_cell(prepare(load_scenario(write(tmp_path, "edited", text))).demand)
    table = _by_cell(demand_for_year(2030))
    table_2025 = 0.069  # growth.csv: every partner and commodity in 2025
    ratio = edited / table
    assert ratio[("CNKNM", "THBKK", "electronics")] == pytest.approx(1.2 / (1 + table_2025))
    # the factor applies after the override, on the rate it left: 0.2 x 3
    assert ratio[("CNKNM", "THBKK", "machinery")] == pytest.approx(1.6 / (1 + table_2025))
    assert ratio[("CNKNM", "VNHAN", "machinery")] == pytest.approx(
        (1 + 3 * table_2025) / (1 + table_2025)
    )
    assert ratio[("CNKNM", "VNHAN", "electronics")] == pytest.approx(1.0)


def test_a_growth_entry_gives_one_figure(tmp_path: Path) -> None:
    text = 'name = "bad"\nyear = 2025\n[[demand.growth]]\nsource = "estimate: none"\n'
    with pytest.raises(ScenarioError, match="one of rate_per_year"):
        load_scenario(write(tmp_path, "bad", text))


def _by_cell(demand: pd.DataFrame) -> pd.Series:
    return demand.set_index(["origin", "destination", "commodity"])["teu_per_year"].sort_index()


def test_an_unknown_key_is_named_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "bad", 'name = "bad"\nyear = 2025\n\n[loop]\nmax_iterations = 3\ndayz = 4\n'
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert f"{path}:6: loop.dayz: unknown key 'dayz'; closest: days" in str(caught.value)
    assert caught.value.exit_code == 2


def test_an_unknown_key_of_an_edit_gets_the_keys_of_its_kind(tmp_path: Path) -> None:
    text = (
        'name = "bad"\nyear = 2025\n[[edits]]\nkind = "gate_hours"\ncrossing = "Mohan"\n'
        'opns = "06:00"\ncloses = "20:00"\n'
    )
    with pytest.raises(
        ScenarioError, match=r":6: edits\.0\.opns: unknown key 'opns'; closest: opens"
    ):
        load_scenario(write(tmp_path, "bad", text))


def test_a_bad_value_in_an_array_of_tables_points_at_its_item(tmp_path: Path) -> None:
    text = (
        'name = "bad"\nyear = 2025\n\n[[levers]]\nlever = "single_window"\n\n'
        '[[levers]]\nlever = "joint_inspecton"\ncrossings = ["Pingxiang"]\n'
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path, "bad", text))
    message = str(caught.value)
    assert ":8: levers.1.lever" in message
    assert "joint_inspection" in message  # the closest lever


def test_a_lever_parameter_it_does_not_take_is_named(tmp_path: Path) -> None:
    text = 'name = "bad"\nyear = 2025\n[[levers]]\nlever = "carbon_price"\nusd_per_ton = 80\n'
    with pytest.raises(ScenarioError, match=r":5: levers\.0\.usd_per_ton: carbon_price takes"):
        load_scenario(write(tmp_path, "bad", text))


def test_an_unknown_crossing_gets_the_closest_names(tmp_path: Path) -> None:
    text = (
        'name = "bad"\nyear = 2025\n[[levers]]\nlever = "joint_inspection"\n'
        'crossings = ["Pingxiangg"]\n'
    )
    scenario = load_scenario(write(tmp_path, "bad", text))
    with pytest.raises(ScenarioError) as caught:
        prepare(resolve(scenario))
    assert ":3: levers.0: unknown crossing 'Pingxiangg'" in str(caught.value)
    assert "PINGXIANG_DONGDANG_RAIL" in str(caught.value)  # the closest names


def test_extends_appends_levers_and_overrides_values(tmp_path: Path) -> None:
    write(tmp_path, "parent", 'name = "parent"\nyear = 2025\n[[levers]]\nlever = "single_window"\n')
    child = write(
        tmp_path,
        "child",
        'name = "child"\nextends = "parent.toml"\nyear = 2030\n'
        '[[levers]]\nlever = "carbon_price"\nusd_per_t = 90\n',
    )
    scenario = load_scenario(child)
    assert scenario.year == 2030
    assert [u.lever for u in scenario.levers] == ["single_window", "carbon_price"]


def test_an_extends_cycle_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "a", 'name = "a"\nextends = "b.toml"\nyear = 2025\n')
    write(tmp_path, "b", 'name = "b"\nextends = "a.toml"\nyear = 2025\n')
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(tmp_path / "a.toml")


def test_an_impossible_distribution_is_refused_with_its_line(tmp_path: Path) -> None:
    text = (
        'name = "bad"\nyear = 2025\n[[levers]]\nlever = "mekong_dredging"\n'
        'navigable_months = { dist = "triangular", low = 11, mode = 9, high = 12 }\n'
    )
    with pytest.raises(ScenarioError, match=r":5: levers\.0\.navigable_months.*low <= mode"):
        load_scenario(write(tmp_path, "bad", text))


def test_distributions_map_uniform_draws_through_their_inverse_cdf() -> None:
    cases = [
        Triangular(dist="triangular", low=1, mode=2, high=4),
        Uniform(dist="uniform", low=-1, high=3),
        Normal(dist="normal", mean=5, sd=2),
        Lognormal.model_validate({"dist": "lognormal", "median": 3.0, "sigma": 0.5}),
        Empirical(dist="empirical", values=[4, 1, 3, 2]),
    ]
    for dist in cases:
        values = [dist.sample(u) for u in (0.05, 0.25, 0.5, 0.75, 0.95)]
        assert values == sorted(values), dist
    assert Uniform(dist="uniform", low=-1, high=3).sample(0.25) == pytest.approx(0.0)
    assert Normal(dist="normal", mean=5, sd=2).median() == pytest.approx(5.0)
    assert Lognormal.model_validate(
        {"dist": "lognormal", "median": 3.0, "sigma": 0.5}
    ).median() == (pytest.approx(3.0))
    assert Empirical(dist="empirical", values=[4, 1, 3, 2]).sample(0.0) == 1.0


def test_sample_fixes_each_uncertain_input() -> None:
    scenario = load_scenario("mekong_dredging")
    inputs = uncertain_inputs(scenario)
    assert set(inputs) == {
        "demand.growth.0.rate_factor",
        "levers.0.navigable_months",
        "levers.0.draught_m",
    }
    low = sample(scenario, {"levers.0.draught_m": 0.0})
    high = sample(scenario, {"levers.0.draught_m": 0.999})
    assert low.lever_params(0)["draught_m"] == pytest.approx(2.5)
    assert high.lever_params(0)["draught_m"] == pytest.approx(3.499, abs=1e-3)
    assert uncertain_inputs(low) == {}  # the others at their medians: a scenario to run
    assert low.demand.growth[0].rate_factor == pytest.approx(
        inputs["demand.growth.0.rate_factor"].median()
    )


def test_each_lever_is_one_record_with_its_passage() -> None:
    expected = {
        "single_window",
        "joint_inspection",
        "tir_accession",
        "railway_opening",
        "mekong_dredging",
        "extra_services",
        "carbon_price",
        "backhaul_incentive",
        "capacity_expansion",
    }
    assert set(LEVERS) == expected
    for name, lever in LEVERS.items():
        assert lever.name == name and lever.paper and lever.summary
