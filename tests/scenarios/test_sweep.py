"""Monte Carlo sweeps: designs of a scenario's distributions, KPI summaries, drivers, Parquet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landsea.errors import ScenarioError
from landsea.scenarios import runner
from landsea.scenarios.design import design_values, unit_design
from landsea.scenarios.executors import dask_executor
from landsea.scenarios.files import load_scenario
from landsea.scenarios.runner import sample_kpis
from landsea.scenarios.sampling import resolve, uncertain_inputs
from landsea.scenarios.spec import Scenario
from landsea.scenarios.sweep import (
    INPUT_PREFIX,
    beat_probabilities,
    kpi_quantiles,
    rank_drivers,
    sample_seed,
    summary_dict,
    sweep,
    tasks_for,
    write_parquet,
)

GROWTH = "demand.growth.0.rate_factor"
# a short loop (30 simulated days, a loose tolerance): the sweep machinery, not the model, is
# under test here; docs/scenarios.md has the loop's own tests
QUICK = """
name = "{name}"
extends = "baseline_2025"
{levers}
[loop]
days = 30
tolerance_h = 100.0
tolerance_flow = 0.5
assignment_gap = 0.02
max_iterations = 3
"""


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> list[Scenario]:
    folder = tmp_path_factory.mktemp("scenarios")
    files = {
        "quick_base": "",
        "quick_window": '[[levers]]\nlever = "single_window"\n',
    }
    scenarios = []
    for name, levers in files.items():
        path = folder / f"{name}.toml"
        path.write_text(QUICK.format(name=name, levers=levers), encoding="utf-8")
        scenarios.append(load_scenario(path))
    return scenarios


def test_the_baseline_growth_rate_is_sampled_at_its_path_with_one_seed_per_sample() -> None:
    tasks = tasks_for(load_scenario("baseline_2025"), 5, 3, "lhs")
    assert [set(t.values) for t in tasks] == [{GROWTH}] * 5
    assert [t.seed for t in tasks] == [sample_seed(3, i) for i in range(5)]


def test_a_latin_hypercube_puts_one_sample_in_each_stratum() -> None:
    unit = unit_design(3, 20, seed=3)
    for column in unit.T:
        assert sorted(np.floor(column * 20).astype(int)) == list(range(20))
    assert np.array_equal(unit, unit_design(3, 20, seed=3))
    assert not np.array_equal(unit, unit_design(3, 20, seed=4))


def test_design_values_lie_in_the_distribution_and_follow_its_shape() -> None:
    inputs = uncertain_inputs(load_scenario("baseline_2025"))
    values = design_values(inputs, 400, seed=3)[GROWTH]
    assert values.between(0.72, 1.28).all()
    # triangular(0.72, 1.0, 1.28): mean (low + mode + high) / 3; its first quartile
    # low + sqrt(0.25 (high - low) (mode - low)), not the uniform's low + (high - low) / 4
    assert values.mean() == pytest.approx((0.72 + 1.0 + 1.28) / 3, abs=5e-3)
    quartile = 0.72 + (0.25 * 0.56 * 0.28) ** 0.5
    assert (values < quartile).mean() == pytest.approx(0.25, abs=0.02)


def test_sobol_needs_a_power_of_two() -> None:
    assert unit_design(2, 16, 0, "sobol").shape == (16, 2)
    with pytest.raises(ScenarioError, match=r"power of two samples .*e\.g\. 64"):
        unit_design(2, 50, 0, "sobol")


def test_each_sample_has_its_own_stable_seed() -> None:
    seeds = [sample_seed(3, i) for i in range(1000)]
    assert len(set(seeds)) == 1000
    assert seeds == [sample_seed(3, i) for i in range(1000)]
    assert sample_seed(4, 0) != seeds[0]


def _table() -> pd.DataFrame:
    """Two scenarios, four samples: cost = 100 x input (base) and 90 x input (better)."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    rows = []
    for scenario, factor in (("base", 100.0), ("better", 90.0)):
        for i, value in enumerate(x):
            cost = factor * value if not (scenario == "better" and i == 3) else 500.0
            rows.append(
                {
                    "scenario": scenario,
                    "sample": i,
                    "seed": i,
                    "error": None,
                    f"{INPUT_PREFIX}growth": value,
                    "od.A-B.cost_usd_per_teu": cost,
                }
            )
    table = pd.DataFrame(rows)
    table["error"] = table["error"].astype("string")
    return table


def test_quantiles_beats_and_drivers_on_numbers_worked_by_hand() -> None:
    table = _table()
    q = kpi_quantiles(table, ["od.A-B.cost_usd_per_teu"]).set_index("scenario")
    assert q.at["base", "p50"] == pytest.approx(250.0)  # median of 100, 200, 300, 400
    assert q.at["base", "p10"] == pytest.approx(130.0)  # numpy's linear interpolation
    beats = beat_probabilities(table, "base", ["od.A-B.cost_usd_per_teu"]).set_index("scenario")
    assert beats.at["better", "p_beats_baseline"] == pytest.approx(
        0.75
    )  # 90<100, 180<200, 270<300, 500>400
    assert np.isnan(beats.at["base", "p_beats_baseline"])
    drivers = rank_drivers(table, ["od.A-B.cost_usd_per_teu"]).set_index("scenario")
    assert drivers.at["base", "spearman_rho"] == pytest.approx(1.0)
    assert drivers.at["better", "input"] == "growth"


def test_a_failed_sample_stays_in_the_table_and_out_of_the_statistics() -> None:
    table = _table()
    table.loc[0, "error"] = "ConvergenceError: did not settle"
    table.loc[0, "od.A-B.cost_usd_per_teu"] = np.nan
    q = kpi_quantiles(table, ["od.A-B.cost_usd_per_teu"]).set_index("scenario")
    assert q.at["base", "samples"] == 3 and q.at["base", "failed"] == 1
    beats = beat_probabilities(table, "base", ["od.A-B.cost_usd_per_teu"]).set_index("scenario")
    assert beats.at["better", "p_beats_baseline"] == pytest.approx(2 / 3)


@pytest.mark.slow
def test_a_sweep_runs_the_real_loop_and_summarises_it(
    quick: list[Scenario], tmp_path: Path
) -> None:
    result = sweep(quick, 2, 3, sample_kpis)
    assert len(result.samples) == 4 and result.failures.empty
    assert "total.total_logistics_cost_usd_per_year" in result.kpis
    summary = result.summary()
    ran = summary.dropna(subset=["p10", "p50", "p90"])  # a crossing without traffic has no dwell
    assert len(ran) > len(summary) // 2
    assert (ran["p10"] <= ran["p50"]).all() and (ran["p50"] <= ran["p90"]).all()
    window = summary[summary["scenario"] == "quick_window"].set_index("kpi")["p_beats_baseline"]
    assert 0.0 <= window["total.total_logistics_cost_usd_per_year"] <= 1.0
    assert np.isnan(window["total.teu_per_year"])  # no better direction for a volume
    # the same seeds in both scenarios: sample i of each has the same growth rate
    column = f"{INPUT_PREFIX}{GROWTH}"
    growth = result.samples.pivot(index="sample", columns="scenario", values=column)
    assert (growth["quick_base"] == growth["quick_window"]).all()
    written = write_parquet(result, tmp_path)
    back = pd.read_parquet(written["sweep_samples"])
    pd.testing.assert_frame_equal(back, result.samples, check_dtype=False)
    payload = summary_dict(result)
    assert payload["baseline"] == "quick_base" and payload["failures"] == []
    assert {k["kpi"] for k in payload["kpis"]} == set(result.kpis)


@pytest.mark.slow
def test_a_sweep_on_two_local_workers_equals_the_in_process_one(quick: list[Scenario]) -> None:
    here = sweep(quick[:1], 2, 3, sample_kpis)
    with dask_executor(workers=2) as executor:
        there = sweep(quick[:1], 2, 3, sample_kpis, executor)
    pd.testing.assert_frame_equal(here.samples, there.samples)


def test_a_sweep_refuses_an_unknown_baseline(quick: list[Scenario]) -> None:
    with pytest.raises(ScenarioError, match="baseline 'nope' is not among"):
        sweep(quick, 1, 0, sample_kpis, baseline="nope")


@pytest.mark.slow
def test_a_sample_starts_warm_and_does_not_depend_on_what_ran_before_it(
    quick: list[Scenario],
) -> None:
    scenario = quick[0]
    first, second = tasks_for(scenario, 2, 3, "lhs")
    runner._WARM.clear()
    alone = sample_kpis(scenario, second.values, second.seed)
    sample_kpis(scenario, first.values, first.seed)
    after = sample_kpis(scenario, second.values, second.seed)
    # exact (a crossing without traffic has nan dwell on both): the warm start is the
    # scenario's, not the last sample's
    assert list(after) == list(alone)
    np.testing.assert_array_equal(list(after.values()), list(alone.values()))
    warm = runner.warm_start(scenario)
    assert warm is not None and warm.state is not None  # the deterministic run settled
    assert warm.state.routes.routes and warm.crossings  # and left routes and learned crossings
    # a cold start of the same sample settles on the same KPIs within the loop's tolerances
    resolved = resolve(scenario, second.values)
    cold, outcome = runner._compute(resolved, second.seed, "cold", None, None, sample=True)
    assert not outcome.warm
    key = "total.total_logistics_cost_usd_per_year"
    assert cold.kpi_vector()[key] == pytest.approx(alone[key], rel=0.05)
