"""Appraisal of one project with 1,000 Monte Carlo samples (goal: under 2 minutes on 2 cores).

`landsea appraise mekong_dredging` (two uncertain model inputs, uncertain growth and costs):
the central runs and 8 sampled pairs of model runs (18 runs of the simulation-assignment
loop), the response surface, then 1,000 samples of the appraisal. Measured three ways, each
from an empty store so no run is reused: in this process, on a local Dask cluster of 2 worker
processes, and again in this process with the runs cached (what `rank` and a second look
cost). Printed: wall seconds, the share of it spent outside the model runs, P(NPV > 0) and the
P10/P50/P90 of NPV (the same in each, the seeds being the same).

Run: `.venv/bin/python -m benchmarks appraisal`. Wall times drift with the machine's load.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = "mekong_dredging"
BASELINE = "baseline_2025"
SAMPLES = 1000
MODEL_RUNS = 8
GOAL_S = 120.0


def _appraise(store_root: Path, executor: Any = None, runs: int = MODEL_RUNS) -> tuple[float, Any]:
    from landsea.scenarios.appraisal_runs import appraise
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.store import ResultStore

    started = time.perf_counter()
    result = appraise(
        load_scenario(PROJECT),
        load_scenario(BASELINE),
        samples=SAMPLES,
        model_runs=runs,
        executor=executor,
        store=ResultStore(store_root),
    )
    return time.perf_counter() - started, result


def _line(label: str, wall: float, result: Any) -> None:
    q = result.quantiles()["npv_usd"]
    print(
        f"{label:34} {wall:7.1f} s  x goal {wall / GOAL_S:5.2f}  P(NPV>0) "
        f"{result.p_npv_positive:4.0%}  NPV USD M P10/P50/P90 {q['p10'] / 1e6:,.0f} / "
        f"{q['p50'] / 1e6:,.0f} / {q['p90'] / 1e6:,.0f}  ({result.surface})"
    )


def run() -> None:
    from landsea.scenarios import run_scenario
    from landsea.scenarios.executors import dask_executor

    run_scenario(BASELINE)  # warm-up: kernels compiled, crossings calibrated
    print(
        f"appraisal: {PROJECT} against {BASELINE}, {SAMPLES:,} samples, "
        f"{MODEL_RUNS} sampled pairs of runs + the central pair (goal {GOAL_S:.0f} s on 2 cores)"
    )
    with tempfile.TemporaryDirectory() as folder:
        wall, result = _appraise(Path(folder))
        _line("in-process, cold (18 runs)", wall, result)
        wall, result = _appraise(Path(folder))
        _line("in-process, runs cached", wall, result)
    with tempfile.TemporaryDirectory() as folder, dask_executor(workers=2) as executor:
        _appraise(Path(folder) / "warm-up", executor, runs=1)  # the workers' imports, kernels
        wall, result = _appraise(Path(folder) / "measured", executor)
        _line("dask, 2 workers, cold (18 runs)", wall, result)
