"""Monte Carlo sweeps: many samples of each scenario, their KPI distributions, what drives them.

For each scenario, `sweep` draws a design of its uncertain inputs (`sampling.py`), runs every
sample with its own seed on an executor (`executors.py`: here or on Dask) and returns a
`SweepResult`: one row per sample (inputs, KPIs, error), the P10/P50/P90 of each KPI, the
probability that a scenario beats the baseline on each KPI (sample i of a scenario against
sample i of the baseline: same seed, so the same random arrivals), and the inputs that drive
each KPI (Spearman rank correlation over the samples).

A sample's seed comes from (sweep seed, sample index) through numpy's SeedSequence, so the
results do not depend on where or in which order samples run.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from landsea.errors import ScenarioError
from landsea.scenarios.design import Method, design_values
from landsea.scenarios.executors import (
    Executor,
    InProcess,
    SampleFunction,
    SampleOutcome,
    SampleTask,
)
from landsea.scenarios.runner import sample_kpis, warm_up_for
from landsea.scenarios.sampling import uncertain_inputs
from landsea.scenarios.spec import Scenario

INPUT_PREFIX = "input:"
QUANTILES: tuple[tuple[str, float], ...] = (("p10", 0.10), ("p50", 0.50), ("p90", 0.90))
# KPIs (by the last part of their dotted name) where less is better: time, money, CO2, queues.
# The others (TEU, TEU-km, trips, mode shares) describe a scenario without a better direction,
# so no scenario "beats" the baseline on them.
LOWER_IS_BETTER: frozenset[str] = frozenset(
    {
        "time_h",
        "time_p90_h",
        "cost_usd_per_teu",
        "co2_kg_per_teu",
        "dwell_p50_h",
        "dwell_p90_h",
        "dwell_p99_h",
        "backlog_mean",
        "co2_t_per_year",
        "charges_usd_per_year",
        "carbon_charge_usd_per_year",
        "time_cost_usd_per_year",
        "empty_repositioning_usd_per_year",
        "total_logistics_cost_usd_per_year",
        "empty_backhaul_share",
        "unreachable_teu_per_year",
    }
)


def sample_seed(seed: int, index: int) -> int:
    """The seed of sample `index` in a sweep seeded `seed` (independent of executor and order)."""
    state = np.random.SeedSequence([seed, index]).generate_state(1, np.uint32)
    return int(state[0] & 0x7FFFFFFF)


@dataclass(frozen=True)
class SweepResult:
    """A sweep's samples and summaries; tables carry units in KPI names."""

    baseline: str
    scenarios: tuple[str, ...]
    samples: pd.DataFrame  # scenario, sample, seed, error, input:<path>..., <kpi>...
    kpis: tuple[str, ...]
    seed: int
    method: str
    executor: str

    @property
    def failures(self) -> pd.DataFrame:
        """The samples that failed, with their inputs and the error."""
        return self.samples[self.samples["error"].notna()]

    def summary(self) -> pd.DataFrame:
        """Per scenario and KPI: P10/P50/P90, mean, samples run and failed, P(beats baseline)."""
        beats = beat_probabilities(self.samples, self.baseline, self.kpis)
        return kpi_quantiles(self.samples, self.kpis).merge(
            beats, on=["scenario", "kpi"], how="left"
        )

    def drivers(self) -> pd.DataFrame:
        return rank_drivers(self.samples, self.kpis)


def tasks_for(scenario: Scenario, samples: int, seed: int, method: Method) -> list[SampleTask]:
    """The samples of one scenario: design values and seeds."""
    values = design_values(uncertain_inputs(scenario), samples, seed, method)
    return [
        SampleTask(
            scenario=scenario,
            index=i,
            values={str(k): float(v) for k, v in values.iloc[i].items()},
            seed=sample_seed(seed, i),
        )
        for i in range(samples)
    ]


def sweep(
    scenarios: Sequence[Scenario],
    samples: int,
    seed: int,
    function: SampleFunction = sample_kpis,
    executor: Executor | None = None,
    baseline: str | None = None,
    method: Method = "lhs",
    progress: Callable[[SampleOutcome], None] | None = None,
) -> SweepResult:
    """Run `samples` samples of each scenario; the first one is the baseline unless named."""
    if not scenarios:
        raise ScenarioError("a sweep needs at least one scenario")
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ScenarioError(f"scenario names must differ: {', '.join(names)}")
    chosen = baseline or names[0]
    if chosen not in names:
        raise ScenarioError(f"baseline {chosen!r} is not among the scenarios {', '.join(names)}")
    tasks = [task for s in scenarios for task in tasks_for(s, samples, seed, method)]
    runner = executor or InProcess()
    outcomes = runner.run(function, tasks, progress or (lambda _: None), warm_up_for(function))
    table, kpis = _sample_table(outcomes)
    return SweepResult(chosen, tuple(names), table, kpis, seed, method, runner.description)


def _sample_table(outcomes: list[SampleOutcome]) -> tuple[pd.DataFrame, tuple[str, ...]]:
    kpis: list[str] = []
    for outcome in outcomes:
        kpis.extend(k for k in outcome.kpis if k not in kpis)
    inputs: list[str] = []
    for outcome in outcomes:
        inputs.extend(k for k in outcome.values if k not in inputs)
    rows = [
        {
            "scenario": o.scenario,
            "sample": o.index,
            "seed": o.seed,
            "error": o.error,
            **{f"{INPUT_PREFIX}{k}": o.values.get(k, np.nan) for k in inputs},
            **{k: o.kpis.get(k, np.nan) for k in kpis},
        }
        for o in outcomes
    ]
    columns = ["scenario", "sample", "seed", "error"]
    columns += [f"{INPUT_PREFIX}{k}" for k in inputs] + kpis
    table = pd.DataFrame(rows, columns=columns)
    table["error"] = table["error"].astype("string")
    return table, tuple(kpis)


def kpi_quantiles(samples: pd.DataFrame, kpis: Sequence[str]) -> pd.DataFrame:
    """P10/P50/P90 and mean of each KPI per scenario, over the samples that ran."""
    records = []
    for scenario, group in samples.groupby("scenario", sort=False):
        ok = group[group["error"].isna()]
        for kpi in kpis:
            values = ok[kpi].to_numpy(np.float64)
            values = values[np.isfinite(values)]
            record: dict[str, object] = {"scenario": scenario, "kpi": kpi}
            for label, q in QUANTILES:
                record[label] = float(np.quantile(values, q)) if values.size else np.nan
            record["mean"] = float(values.mean()) if values.size else np.nan
            record["samples"] = int(values.size)
            record["failed"] = int(len(group) - len(ok))
            records.append(record)
    return pd.DataFrame(records)


def has_direction(kpi: str) -> bool:
    return kpi.rsplit(".", 1)[-1] in LOWER_IS_BETTER


def beat_probabilities(samples: pd.DataFrame, baseline: str, kpis: Sequence[str]) -> pd.DataFrame:
    """P(scenario beats the baseline) per KPI, sample i against baseline sample i (same seed);
    strictly lower is better, and KPIs without a direction get none (nan)."""
    ok = samples[samples["error"].isna()]
    base = ok[ok["scenario"] == baseline].set_index("sample")
    records = []
    for scenario, group in ok.groupby("scenario", sort=False):
        reference_table = base[list(kpis)].add_suffix("__base")
        paired = group.set_index("sample").join(reference_table, how="inner")
        for kpi in kpis:
            value = paired[kpi].to_numpy(np.float64)
            reference = paired[f"{kpi}__base"].to_numpy(np.float64)
            keep = np.isfinite(value) & np.isfinite(reference)
            wins = value[keep] < reference[keep]
            directed = has_direction(kpi) and scenario != baseline
            p = float(wins.mean()) if keep.any() and directed else np.nan
            records.append({"scenario": scenario, "kpi": kpi, "p_beats_baseline": p})
    return pd.DataFrame(records, columns=["scenario", "kpi", "p_beats_baseline"])


def rank_drivers(samples: pd.DataFrame, kpis: Sequence[str]) -> pd.DataFrame:
    """Spearman rank correlation of every input with every KPI, per scenario; strongest first.

    An input or KPI that does not vary over the samples has no correlation (left out)."""
    ok = samples[samples["error"].isna()]
    inputs = [c for c in samples.columns if c.startswith(INPUT_PREFIX)]
    records = []
    for scenario, group in ok.groupby("scenario", sort=False):
        for kpi in kpis:
            y = group[kpi].to_numpy(np.float64)
            for column in inputs:
                x = group[column].to_numpy(np.float64)
                keep = np.isfinite(x) & np.isfinite(y)
                if keep.sum() < 3 or np.ptp(x[keep]) == 0 or np.ptp(y[keep]) == 0:
                    continue
                rho = _spearman(x[keep], y[keep])
                records.append(
                    {
                        "scenario": scenario,
                        "kpi": kpi,
                        "input": column.removeprefix(INPUT_PREFIX),
                        "spearman_rho": rho,
                    }
                )
    table = pd.DataFrame(records, columns=["scenario", "kpi", "input", "spearman_rho"])
    order = table["spearman_rho"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    with warnings.catch_warnings():  # constant inputs are filtered out before; ties are fine
        warnings.simplefilter("ignore", stats.ConstantInputWarning)
        return float(stats.spearmanr(x, y).statistic)


def write_parquet(result: SweepResult, folder: Path) -> dict[str, Path]:
    """samples, summary and drivers as Parquet in `folder`; each appears whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "sweep_samples": result.samples,
        "sweep_summary": result.summary(),
        "sweep_drivers": result.drivers(),
    }
    written = {}
    for name, table in tables.items():
        path = folder / f"{name}.parquet"
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        os.close(handle)
        try:
            table.to_parquet(temporary, index=False)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        written[name] = path
    return written


def summary_dict(result: SweepResult) -> dict[str, object]:
    """The `--json` summary: ids and numbers, one record per scenario and KPI."""
    summary = result.summary().replace({np.nan: None})
    drivers = result.drivers()
    top = {
        (str(s), str(k)): group.head(3)[["input", "spearman_rho"]].to_dict("records")
        for (s, k), group in drivers.groupby(["scenario", "kpi"], sort=False)
    }
    failures = result.failures
    return {
        "baseline": result.baseline,
        "scenarios": list(result.scenarios),
        "seed": result.seed,
        "method": result.method,
        "executor": result.executor,
        "samples_per_scenario": int(result.samples.groupby("scenario").size().max()),
        "kpis": [
            {**record, "drivers": top.get((str(record["scenario"]), str(record["kpi"])), [])}
            for record in summary.to_dict("records")
        ],
        "failures": [
            {
                "scenario": row["scenario"],
                "sample": int(row["sample"]),
                "seed": int(row["seed"]),
                "error": row["error"],
                "inputs": {
                    c.removeprefix(INPUT_PREFIX): row[c]
                    for c in failures.columns
                    if c.startswith(INPUT_PREFIX) and pd.notna(row[c])
                },
            }
            for row in failures.to_dict("records")
        ],
    }
