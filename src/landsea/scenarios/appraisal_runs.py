"""`landsea appraise`: model runs for an appraisal, a response surface, and the Monte Carlo.

One appraisal sample needs two model runs (project and baseline, about 5-10 s each), so 1,000
samples of full runs would take hours. Instead:

1. the central case runs project and baseline at their medians, each with its own seed;
2. `model_runs` pairs of runs sample the scenario's own uncertain inputs (the sweep's Latin
   hypercube design, `sweep.tasks_for`, on its executors: here or on Dask). The baseline's
   runs come from the baseline's own design, so every project appraised against it shares
   them; each pair shares its seed. All these runs go to the executor in one batch, and a
   run's figures are kept (`RunCache`: in memory, and in the store as
   `appraisal-runs/<scenario>-<key>.json`, the key of `store.result_key`);
3. each benefit component is fitted on those pairs as a linear response surface in the
   uncertain model inputs (the mean when there are too few runs for a slope), and its
   residuals are resampled, so seed noise stays in;
4. the Monte Carlo then draws every input (costs, model inputs, growth) by Latin hypercube and
   evaluates the surface: 1,000 samples take well under a second once the runs exist.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from landsea.data.demand.growth import ANY, growth_rates, rate_for
from landsea.errors import ScenarioError
from landsea.scenarios.appraisal import (
    COMPONENTS,
    Draws,
    Figures,
    Flows,
    Horizon,
    Parameters,
    annual_benefits,
    cash_flows,
    figures,
    measures_of,
    switching_values,
)
from landsea.scenarios.appraisal_spec import Project
from landsea.scenarios.design import design_values
from landsea.scenarios.distributions import is_distribution, value_of
from landsea.scenarios.edits import growth_edits
from landsea.scenarios.executors import Executor, InProcess, SampleOutcome, SampleTask
from landsea.scenarios.runner import run_scenario
from landsea.scenarios.sampling import resolve, uncertain_inputs
from landsea.scenarios.spec import Scenario
from landsea.scenarios.store import ResultStore, result_key
from landsea.scenarios.sweep import tasks_for

MODEL_RUNS = 8
SAMPLES = 1000
FITTED = ("time", "dwell", "charges", "empties", "reliability", "co2_t")
CAPEX_PATH = "project.capex.musd"
OPEX_PATH = "project.opex.musd_per_year"


def sample_measures(scenario: Any, values: dict[str, float], seed: int) -> dict[str, float]:
    """One model run of an appraisal (what a worker executes): the figures it needs."""
    return measures_of(run_scenario(resolve(scenario, values), seed=seed))


class RunCache:
    """Measures of single runs, keyed as the store keys results: kept for as long as the cache
    lives (`rank` keeps one over all its projects, which share the baseline's runs), and on
    disk in the store when there is one (None: in memory only)."""

    def __init__(self, store: ResultStore | None) -> None:
        self.root = None if store is None else store.root / "appraisal-runs"
        self._kept: dict[str, dict[str, float]] = {}

    @classmethod
    def of(cls, store: ResultStore | RunCache | None) -> RunCache:
        """`store` when it is a cache already, else a new cache over it."""
        return store if isinstance(store, RunCache) else cls(store)

    @staticmethod
    def _name(task: SampleTask) -> str:
        scenario = resolve(task.scenario, task.values)  # type: ignore[arg-type]
        key = result_key(scenario.model_dump(mode="json", by_alias=True), task.seed)
        return f"{scenario.name}-{key}"

    def load(self, task: SampleTask) -> dict[str, float] | None:
        name = self._name(task)
        if name not in self._kept and self.root is not None:
            path = self.root / f"{name}.json"
            if path.is_file():
                stored = json.loads(path.read_text("utf-8"))
                self._kept[name] = {str(k): float(v) for k, v in stored.items()}
        found = self._kept.get(name)
        return None if found is None else dict(found)

    def save(self, task: SampleTask, measures: Mapping[str, float]) -> None:
        name = self._name(task)
        self._kept[name] = dict(measures)
        if self.root is None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".run-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(dict(measures), out)
        os.replace(temporary, self.root / f"{name}.json")


@dataclass(frozen=True)
class RunPair:
    """One sampled pair of runs: the project's model inputs and the benefits a year."""

    values: dict[str, float]
    annual: dict[str, float]


def _tasks(project: Scenario, baseline: Scenario, runs: int, seed: int) -> list[SampleTask]:
    """Baseline tasks from the baseline's own design (shared by every project), then the
    project's: the baseline's values where the paths are shared, its own design elsewhere."""
    base = tasks_for(baseline, runs, seed, "lhs")
    own = uncertain_inputs(project)
    extra = {k: v for k, v in own.items() if k not in uncertain_inputs(baseline)}
    design = design_values(extra, runs, seed + 1)
    tasks = list(base)
    for i, task in enumerate(base):
        values = {k: v for k, v in task.values.items() if k in own}
        values.update({str(k): float(v) for k, v in design.iloc[i].items()})
        tasks.append(SampleTask(project, runs + i, values, task.seed))
    return tasks


def central_tasks(project: Scenario, baseline: Scenario, runs: int) -> list[SampleTask]:
    """The central runs as tasks: every input at its median, each scenario's own seed."""
    return [
        SampleTask(baseline, 2 * runs, {}, baseline.seed),
        SampleTask(project, 2 * runs + 1, {}, project.seed),
    ]


def run_all(
    tasks: list[SampleTask],
    executor: Executor | None,
    store: ResultStore | RunCache | None,
    progress: Callable[[SampleOutcome], None] | None = None,
) -> dict[int, dict[str, float] | None]:
    """Every task's measures by task index (None where the run failed); cached runs are read
    back, the others run on the executor in one batch and are cached."""
    cache = RunCache.of(store)
    found = {t.index: cache.load(t) for t in tasks}
    missing = [t for t in tasks if found[t.index] is None]
    outcomes = (executor or InProcess()).run(sample_measures, missing, progress or _quiet)
    for task, outcome in zip(missing, outcomes, strict=True):
        if not outcome.failed:
            cache.save(task, outcome.kpis)
            found[task.index] = outcome.kpis
    return found


def run_pairs(
    project: Scenario,
    baseline: Scenario,
    runs: int,
    seed: int,
    executor: Executor | None = None,
    store: ResultStore | RunCache | None = None,
    progress: Callable[[SampleOutcome], None] | None = None,
    reliability: float = Parameters().reliability_ratio,
) -> tuple[dict[str, float], list[RunPair], int]:
    """The central benefits and `runs` sampled pairs (cached runs reused), in one batch on the
    executor; and how many pairs failed. A failed central run is rerun here for its error."""
    sampled = _tasks(project, baseline, runs, seed) if runs else []
    central = central_tasks(project, baseline, runs)
    found = run_all([*central, *sampled], executor, store, progress)
    for task in central:
        if found[task.index] is None:
            raise_run_error(task)
    base, own = found[central[0].index], found[central[1].index]
    assert base is not None and own is not None
    pairs, failed = [], 0
    for i in range(runs):
        base_i, own_i = found[i], found[runs + i]
        if base_i is None or own_i is None:
            failed += 1
            continue
        pairs.append(RunPair(sampled[runs + i].values, annual_benefits(base_i, own_i, reliability)))
    return annual_benefits(base, own, reliability), pairs, failed


def raise_run_error(task: SampleTask) -> None:
    """Run a failed task again here, so that the model's own error (exit 3 or 4) reaches the
    caller rather than the executor's summary of it."""
    run_scenario(resolve(task.scenario, task.values), seed=task.seed)  # type: ignore[arg-type]


def _quiet(_: SampleOutcome) -> None:
    return None


# ---- the response surface ---------------------------------------------------------------
@dataclass(frozen=True)
class Surface:
    """Each benefit component as intercept + slopes x model inputs, with residuals."""

    inputs: tuple[str, ...]
    coefficients: np.ndarray  # [1 + inputs, components]
    residuals: np.ndarray  # [runs, components]
    description: str

    def predict(self, values: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
        x = np.column_stack([np.ones(len(values)), *(values[p] for p in self.inputs)])
        y = x @ self.coefficients
        if len(self.residuals):
            y = y + self.residuals[rng.integers(0, len(self.residuals), len(values))]
        return {name: y[:, j] for j, name in enumerate(FITTED)}


def fit_surface(pairs: list[RunPair], central: Mapping[str, float]) -> Surface:
    """Linear in the inputs that vary when there are at least 3 more pairs than inputs; the
    runs' mean otherwise; the central run alone without pairs."""
    if not pairs:
        centre = np.array([[central[name] for name in FITTED]])
        return Surface((), centre, np.zeros((0, len(FITTED))), "the central runs only")
    frame = pd.DataFrame([p.values for p in pairs])
    varying = tuple(c for c in frame.columns if np.ptp(frame[c].to_numpy(np.float64)) > 0)
    y = np.array([[p.annual[name] for name in FITTED] for p in pairs])
    if len(pairs) < len(varying) + 3:
        varying = ()
    x = np.column_stack([np.ones(len(pairs)), *(frame[c] for c in varying)])
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    kind = f"linear in {len(varying)} inputs" if varying else "mean of the runs"
    description = f"{kind}, fitted on {len(pairs)} pairs of model runs"
    return Surface(varying, coefficients, y - x @ coefficients, description)


# ---- one appraisal --------------------------------------------------------------------------
@dataclass(frozen=True)
class Appraisal:
    """A project against its baseline: the central case, the samples, the switching values."""

    name: str
    title: str
    baseline: str
    project: Project
    parameters: Parameters
    horizon: Horizon
    central_annual: dict[str, float]
    central_flows: Flows
    central: Figures
    samples: Figures
    switching: list[dict[str, object]]
    surface: str
    runs: int
    failed_runs: int
    central_growth: float  # demand growth a year after the model year, central case

    def quantiles(self) -> dict[str, dict[str, float]]:
        """P10, P50, P90 (and the mean) of NPV, BCR, EIRR and first-year return."""
        out = {}
        for key in ("npv_usd", "bcr", "eirr", "first_year_return"):
            values = getattr(self.samples, key)
            values = values[np.isfinite(values)]
            out[key] = {
                "central": float(getattr(self.central, key)[0]),
                **{
                    label: float(np.quantile(values, q)) if values.size else float("nan")
                    for label, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9))
                },
                "mean": float(values.mean()) if values.size else float("nan"),
            }
        return out

    @property
    def p_npv_positive(self) -> float:
        return float((self.samples.npv_usd > 0).mean())

    @property
    def capex_usd(self) -> float:
        return float(self.central_flows.capex.sum())

    def year_table(self) -> pd.DataFrame:
        """The central case by year: costs, benefits by component, net (USD)."""
        flows = self.central_flows
        table = pd.DataFrame({"year": flows.years})
        table["capex_usd"] = flows.capex[0]
        table["opex_usd"] = flows.opex[0]
        for name, _ in COMPONENTS:
            table[f"{name}_usd"] = flows.benefits[name][0]
        table["residual_usd"] = flows.residual[0]
        table["net_usd"] = flows.net[0]
        return table


@dataclass(frozen=True)
class _Growth:
    """The all-goods demand growth a year after the model year, by the dataset's growth table
    with the scenario's `demand.growth` entries on top (the one definition of growth)."""

    path: str | None  # the uncertain figure that sets it (None: none does)
    central: float
    rate_of: Callable[[float], float]  # the rate for a value of that figure


def _growth(scenario: Scenario) -> _Growth:
    rates = growth_rates()
    year = min(scenario.year + 1, max(r.to_year for r in rates))
    rules, edits = scenario.demand.growth, growth_edits(scenario.demand)
    central = rate_for(rates, ANY, ANY, year, edits)
    deciding = [i for i, edit in enumerate(edits) if edit.selects(ANY, ANY, year)]
    if not deciding:
        return _Growth(None, central, lambda _: central)
    last = deciding[-1]
    key = rules[last].number_key

    def rate_of(value: float) -> float:
        if key == "rate_per_year":
            edit = replace(edits[last], rate_per_year=value)
        else:
            edit = replace(edits[last], rate_factor=value)
        return rate_for(rates, ANY, ANY, year, (*edits[:last], edit, *edits[last + 1 :]))

    uncertain = is_distribution(getattr(rules[last], key))
    return _Growth(f"demand.growth.{last}.{key}" if uncertain else None, central, rate_of)


def appraise(
    project: Scenario,
    baseline: Scenario,
    params: Parameters | None = None,
    *,
    samples: int = SAMPLES,
    model_runs: int = MODEL_RUNS,
    seed: int = 0,
    executor: Executor | None = None,
    store: ResultStore | RunCache | None = None,
    progress: Callable[[SampleOutcome], None] | None = None,
) -> Appraisal:
    """Appraise `project` (a scenario with a `[project]` table) against `baseline`."""
    params = params or Parameters()
    spec = require_project(project)
    if samples < 1:
        raise ScenarioError(f"--samples: must be at least 1, got {samples}")
    if model_runs < 0:
        raise ScenarioError(f"--model-runs: cannot be negative, got {model_runs}")
    horizon = Horizon(
        spec.start_year,
        spec.construction_years,
        spec.horizon_years,
        spec.ramp_up_years,
        spec.life_years,
        project.year,
    )
    central_annual, pairs, failed = run_pairs(
        project, baseline, model_runs, seed, executor, store, progress, params.reliability_ratio
    )
    surface = fit_surface(pairs, central_annual)
    growth = _growth(project)
    central_draws = Draws(
        np.array([value_of(spec.capex.musd) * 1e6]),
        np.array([value_of(spec.opex.musd_per_year) * 1e6]),
        np.array([growth.central]),
        {k: np.array([central_annual[k]]) for k in FITTED},
    )
    central_flows = cash_flows(horizon, central_draws, params)
    central = figures(central_flows, params, horizon.opening_year)
    draws = _draws(project, spec, surface, samples, seed, growth, central_annual)
    sampled = figures(cash_flows(horizon, draws, params), params, horizon.opening_year)
    return Appraisal(
        project.name,
        project.title or project.name,
        baseline.name,
        spec,
        params,
        horizon,
        central_annual,
        central_flows,
        central,
        sampled,
        switching_values(central),
        surface.description,
        len(pairs),
        failed,
        growth.central,
    )


def require_project(scenario: Scenario) -> Project:
    if scenario.project is None:
        raise ScenarioError(
            f"{scenario.name}: no [project] table (capex, opex, start_year, "
            "construction_years, horizon_years): nothing to appraise"
        )
    return scenario.project


def _draws(
    scenario: Scenario,
    spec: Project,
    surface: Surface,
    samples: int,
    seed: int,
    growth: _Growth,
    central: Mapping[str, float],
) -> Draws:
    """Latin hypercube draws of the model inputs and the costs, benefits from the surface."""
    inputs: dict[str, Any] = dict(uncertain_inputs(scenario))
    for path, number in ((CAPEX_PATH, spec.capex.musd), (OPEX_PATH, spec.opex.musd_per_year)):
        if is_distribution(number):
            inputs[path] = number
    values = design_values(inputs, samples, seed + 2)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0xA99]))
    annual = surface.predict(values, rng)
    if not surface.inputs and not len(surface.residuals):
        annual = {k: np.full(samples, central[k]) for k in FITTED}

    def column(path: str, fixed: float) -> np.ndarray:
        return values[path].to_numpy(np.float64) if path in values else np.full(samples, fixed)

    capex = column(CAPEX_PATH, value_of(spec.capex.musd)) * 1e6
    opex = column(OPEX_PATH, value_of(spec.opex.musd_per_year)) * 1e6
    if growth.path is not None and growth.path in values:
        rates = np.array([growth.rate_of(v) for v in column(growth.path, 0.0)])
    else:
        rates = np.full(samples, growth.central)
    return Draws(capex, opex, rates, annual)
