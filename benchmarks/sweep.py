"""Sweeps: what one Monte Carlo sample costs, where its time goes, and Dask scaling.

(One scenario with the loop, per shipped scenario: the `scenarios` suite.)

1. Per-sample time of a sweep (in-process, after a warm-up) and where it goes: the top entries
   of a cProfile of one sample; the 11 x 1,000 samples of the issue extrapolated to 2 cores.
2. The same sweep on a LocalCluster of 1 and of 2 worker processes, each warmed up first (one
   sample per worker: imports, compiled kernels, the network): the speed-up (goal >= 1.7x).

Run: `.venv/bin/python -m benchmarks sweep`. Wall times drift on a shared machine; the
speed-up is the figure to read. SWEEP_SAMPLES sets the samples of sections 2 and 3.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import time
from typing import Any

SCENARIO = "baseline_2025"
SWEEP_SAMPLES = int(os.environ.get("SWEEP_SAMPLES", "8"))
SEED = 3
ISSUE_SAMPLES = 11 * 1_000
GOAL_SPEEDUP = 1.7


def _sweep(executor: Any = None) -> Any:
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.runner import sample_kpis
    from landsea.scenarios.sweep import sweep

    return sweep([load_scenario(SCENARIO)], SWEEP_SAMPLES, SEED, sample_kpis, executor)


def _per_sample_section() -> float:
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.runner import sample_kpis
    from landsea.scenarios.sweep import tasks_for

    started = time.perf_counter()
    result = _sweep()
    per_sample = (time.perf_counter() - started) / SWEEP_SAMPLES
    failed = len(result.failures)
    print(
        f"sweep sample, in-process: {per_sample:.2f} s each over {SWEEP_SAMPLES} samples "
        f"({failed} failed); 11 scenarios x 1,000 samples on 2 cores: about "
        f"{per_sample * ISSUE_SAMPLES / 2 / 60:.0f} min (goal 10 min)"
    )
    task = tasks_for(load_scenario(SCENARIO), 1, SEED, "lhs")[0]
    profile = cProfile.Profile()
    profile.enable()
    try:
        sample_kpis(task.scenario, task.values, task.seed)
    except Exception as err:  # the profile is still worth printing
        print(f"  (the profiled sample failed: {err})")
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(r"landsea", 14)
    rows = [line.split() for line in text.getvalue().splitlines() if "src/landsea/" in line]
    lines = [" ".join(row) for row in rows if len(row) >= 6 and "(" in row[-1]]
    print("  where one sample's time goes (cumulative s, landsea functions):")
    for line in lines[:14]:
        parts = line.split()
        print(f"    {float(parts[3]):7.2f} s  {parts[-1].split('src/landsea/')[-1]}")
    return per_sample


def _warm(executor: Any, workers: int) -> None:
    from landsea.scenarios.executors import SampleTask
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.runner import sample_kpis
    from landsea.scenarios.sweep import tasks_for

    scenario = load_scenario(SCENARIO)
    warm = [
        SampleTask(scenario, 10_000 + i, t.values, t.seed)
        for i, t in enumerate(tasks_for(scenario, workers, SEED + 1, "lhs"))
    ]
    executor.run(sample_kpis, warm, lambda _: None)


def _dask_section() -> None:
    from landsea.scenarios.executors import dask_executor

    seconds = {}
    for workers in (1, 2):
        with dask_executor(workers=workers) as executor:
            _warm(executor, workers)
            started = time.perf_counter()
            _sweep(executor)
            seconds[workers] = time.perf_counter() - started
    speedup = seconds[1] / seconds[2]
    verdict = "meets" if speedup >= GOAL_SPEEDUP else "MISSES"
    print(
        f"local Dask workers, {SWEEP_SAMPLES} samples: 1 worker {seconds[1]:.1f} s, 2 workers "
        f"{seconds[2]:.1f} s: speed-up {speedup:.2f}x ({verdict} the goal of {GOAL_SPEEDUP}x)"
    )


def run() -> None:
    print("== sweep ==")
    _per_sample_section()
    _dask_section()


if __name__ == "__main__":
    run()
