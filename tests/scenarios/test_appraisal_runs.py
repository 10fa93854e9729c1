"""The appraisal's model runs: sampled pairs through the sweep's executor, cached in the store,
shared by projects against the same baseline, and the Monte Carlo over them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from landsea.scenarios.appraisal_runs import Appraisal, _tasks, appraise
from landsea.scenarios.executors import SampleOutcome
from landsea.scenarios.files import load_scenario
from landsea.scenarios.store import ResultStore


def test_baseline_runs_do_not_depend_on_the_project() -> None:
    """The baseline's samples come from its own design: the same for every project, so one
    set of baseline runs serves a whole ranking; shared inputs take the baseline's values."""
    baseline = load_scenario("baseline_2025")
    mekong = _tasks(load_scenario("mekong_dredging"), baseline, 3, seed=5)
    tir = _tasks(load_scenario("tir_border_ports"), baseline, 3, seed=5)
    assert [t.values for t in mekong[:3]] == [t.values for t in tir[:3]]
    path = "demand.growth.0.rate_factor"
    for base, own in zip(mekong[:3], mekong[3:], strict=True):
        assert own.values[path] == base.values[path] and own.seed == base.seed
        assert {"levers.0.navigable_months", "levers.0.draught_m"} <= set(own.values)


def test_sampled_runs_are_cached_and_give_the_same_appraisal(tmp_path: Path) -> None:
    project, baseline = load_scenario("joint_inspection_pingxiang"), load_scenario("baseline_2025")
    store = ResultStore(tmp_path)
    ran: list[SampleOutcome] = []

    def appraisal() -> Appraisal:
        return appraise(
            project,
            baseline,
            samples=300,
            model_runs=1,
            seed=2,
            store=store,
            progress=ran.append,
        )

    first = appraisal()
    assert len(ran) == 4  # the central pair and one sampled pair
    assert all(o.error is None for o in ran)
    assert len(list((tmp_path / "appraisal-runs").glob("*.json"))) == 4
    again = appraisal()
    assert len(ran) == 4  # nothing ran the second time
    assert np.array_equal(first.samples.npv_usd, again.samples.npv_usd)
    assert first.runs == 1 and first.failed_runs == 0
    assert "mean of the runs" in first.surface
    # more benefit than cost for a cheap clearance measure on the busiest border
    assert first.central.npv_usd[0] > 0
    npv = first.samples.npv_usd
    assert first.p_npv_positive == pytest.approx(float((npv > 0).mean()))
