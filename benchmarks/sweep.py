"""Sweeps: what one Monte Carlo sample costs, where its time goes, and Dask scaling; and the
three performance figures of issue 9 beside their targets.

1. One scenario with the simulation-assignment loop (baseline_2025, deterministic, in this
   process after a warm-up): wall and CPU seconds, goal 10 s.
2. Per-sample time of a sweep in this process, after the scenario's warm start is made (once
   per process: its deterministic run and what the surrogate learns there), with each
   `--fidelity`: wall and CPU seconds per sample, and where a surrogate sample's CPU time goes
   (the top landsea entries of a cProfile timed by process CPU). The issue's 11 x 1,000
   samples are extrapolated to 2 cores from the CPU time per surrogate sample and of the 11
   warm starts (one Dask task per scenario makes each) (CPU time, because wall time on a
   shared machine measures the other jobs too).
3. What the surrogate changes: the same samples of baseline_2025 and synergy with each
   fidelity, the relative difference of each KPI's P50 (largest per kind of KPI).
4. The same sweep on a LocalCluster of 1 and of 2 worker processes, each worker warmed up first
   (imports, compiled kernels, the scenario's warm start): the speed-up (goal >= 1.7x).

Every figure is printed with the load average at the time: on a loaded machine wall times and
the speed-up drift; CPU seconds say what the run itself costs.

Run: `.venv/bin/python -m benchmarks sweep`. SWEEP_SAMPLES (default 16) sets the samples of
sections 2 and 3, SWEEP_DASK_SAMPLES (default 8 x that) those of section 4; SWEEP_SCENARIO
(default baseline_2025) the scenario; SWEEP_REPEATS (default 2) how often section 4 times each
cluster (the shortest wall time counts, each printed).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import time
from dataclasses import dataclass
from typing import Any

SCENARIO = os.environ.get("SWEEP_SCENARIO", "baseline_2025")
COMPARED = ("baseline_2025", "synergy")  # section 3
SWEEP_SAMPLES = int(os.environ.get("SWEEP_SAMPLES", "16"))
SWEEP_REPEATS = int(os.environ.get("SWEEP_REPEATS", "2"))
# section 4: a surrogate sample is about 0.1 s, so a speed-up needs more samples than the
# others to be read above Dask's start-up of a sweep (a run of at least 10 s)
DASK_SAMPLES = int(os.environ.get("SWEEP_DASK_SAMPLES", str(8 * SWEEP_SAMPLES)))
SEED = 3
ISSUE_SAMPLES = 11 * 1_000
ISSUE_SCENARIOS = 11
ISSUE_CORES = 2
GOAL_SCENARIO_S = 10.0
GOAL_SWEEP_MIN = 10.0
GOAL_SPEEDUP = 1.7


@dataclass(frozen=True)
class Timing:
    wall_s: float
    cpu_s: float
    load: float  # 1-minute load average at the end


def _timed(work: Any) -> tuple[Any, Timing]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = work()
    return value, Timing(time.perf_counter() - wall, time.process_time() - cpu, os.getloadavg()[0])


def _scenario() -> Any:
    from landsea.scenarios.files import load_scenario

    return load_scenario(SCENARIO)


def _sweep(
    executor: Any = None,
    fidelity: str = "surrogate",
    name: str = SCENARIO,
    samples: int = SWEEP_SAMPLES,
) -> Any:
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.runner import SAMPLERS
    from landsea.scenarios.sweep import sweep
    from landsea.vocabulary import Fidelity

    function = SAMPLERS[Fidelity(fidelity)]
    return sweep([load_scenario(name)], samples, SEED, function, executor)


def _one_scenario_section() -> Timing:
    from landsea.scenarios import run_scenario

    run_scenario(SCENARIO)  # warm-up: kernels compiled, crossings calibrated
    result, timing = _timed(lambda: run_scenario(SCENARIO))
    print(
        f"one scenario ({SCENARIO}, {result.iterations} loop iterations): wall "
        f"{timing.wall_s:.2f} s, CPU {timing.cpu_s:.2f} s (load {timing.load:.1f}; goal "
        f"{GOAL_SCENARIO_S:.0f} s)"
    )
    return timing


def _per_sample_section() -> tuple[Timing, Timing, dict[str, Any]]:
    """(surrogate sample, warm start, the sweeps of each fidelity)."""
    from landsea.scenarios.runner import warm_start

    _, warm = _timed(lambda: warm_start(_scenario()))
    print(
        f"warm start of {SCENARIO} (its deterministic run and the surrogate's grid, once per "
        f"process): wall {warm.wall_s:.2f} s, CPU {warm.cpu_s:.2f} s (load {warm.load:.1f})"
    )
    sweeps, per = {}, {}
    for fidelity in ("surrogate", "simulate"):
        result, timing = _timed(lambda fidelity=fidelity: _sweep(fidelity=fidelity))
        sweeps[fidelity] = result
        per[fidelity] = Timing(
            timing.wall_s / SWEEP_SAMPLES, timing.cpu_s / SWEEP_SAMPLES, timing.load
        )
        print(
            f"sweep sample, --fidelity {fidelity}, in-process, {SWEEP_SAMPLES} samples "
            f"({len(result.failures)} failed): wall {per[fidelity].wall_s:.3f} s, CPU "
            f"{per[fidelity].cpu_s:.3f} s per sample (load {per[fidelity].load:.1f})"
        )
    _profile()
    return per["surrogate"], warm, sweeps


def _compare_section(first: dict[str, Any]) -> None:
    """Surrogate against simulate, the same samples (inputs and seeds): KPI P50s."""
    from landsea.scenarios.surrogate_effect import p50_differences, worst_by_kind

    print(f"surrogate against simulate, the same {SWEEP_SAMPLES} samples (seed {SEED}):")
    for name in COMPARED:
        sweeps = first if name == SCENARIO else {
            f: _sweep(fidelity=f, name=name) for f in ("surrogate", "simulate")
        }  # fmt: skip
        table = p50_differences(sweeps["surrogate"].samples, sweeps["simulate"].samples)
        failed = {f: len(s.failures) for f, s in sweeps.items()}
        print(f"  {name} (failed samples: {failed}): largest |P50 difference| by kind of KPI")
        for row in worst_by_kind(table).to_dict("records"):
            print(
                f"    {row['kind']:<26} {row['relative']:+7.1%}  {row['kpi']} "
                f"({row['surrogate']:,.4g} against {row['simulate']:,.4g}; simulated P10-P90 "
                f"{row['p10']:,.4g}-{row['p90']:,.4g})"
            )


def _profile() -> None:
    from landsea.scenarios.runner import sample_kpis
    from landsea.scenarios.sweep import tasks_for

    tasks = tasks_for(_scenario(), 12, SEED + 7, "lhs")
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for task in tasks:
        try:
            sample_kpis(task.scenario, task.values, task.seed)
        except Exception as err:  # the profile is still worth printing
            print(f"  (a profiled sample failed: {err})")
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(r"landsea", 18)
    rows = [line.split() for line in text.getvalue().splitlines() if "src/landsea/" in line]
    lines = [row for row in rows if len(row) >= 6 and "(" in row[-1]]
    print(
        f"  where a surrogate sample's CPU time goes (cumulative CPU s per sample under "
        f"cProfile, {len(tasks)} samples):"
    )
    for row in lines[:18]:
        where = row[-1].split("src/landsea/")[-1]
        print(f"    {float(row[3]) / len(tasks):6.3f} s  {where}")


def _warm_workers(executor: Any) -> None:
    """Every worker: kernels loaded, the scenario's warm start made (not timed after)."""
    executor.client.run(_warm_worker, SCENARIO)


def _warm_worker(name: str) -> bool:
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.runner import sample_kpis, warm_start
    from landsea.scenarios.sweep import tasks_for

    scenario = load_scenario(name)
    warm_start(scenario)
    task = tasks_for(scenario, 1, SEED + 1, "lhs")[0]
    sample_kpis(task.scenario, task.values, task.seed)
    return True


def _dask_section() -> tuple[float, dict[int, Timing]]:
    from landsea.scenarios.executors import dask_executor

    seconds: dict[int, Timing] = {}
    for workers in (1, 2):
        with dask_executor(workers=workers) as executor:
            _warm_workers(executor)
            for repeat in range(SWEEP_REPEATS):  # the best of a few: others share the machine
                before = executor.client.run(time.process_time)
                _, timing = _timed(
                    lambda executor=executor: _sweep(executor, samples=DASK_SAMPLES)
                )  # surrogate
                after = executor.client.run(time.process_time)
                cpu = sum(after[w] - before[w] for w in after)
                print(
                    f"  {workers} worker(s), run {repeat + 1}: wall {timing.wall_s:.1f} s, the "
                    f"workers' CPU {cpu:.1f} s ({cpu / DASK_SAMPLES:.3f} s per sample), "
                    f"{cpu / timing.wall_s:.2f} cores busy on average (load {timing.load:.1f})"
                )
                if workers not in seconds or timing.wall_s < seconds[workers].wall_s:
                    seconds[workers] = timing
    speedup = seconds[1].wall_s / seconds[2].wall_s
    verdict = "meets" if speedup >= GOAL_SPEEDUP else "MISSES"
    print(
        f"local Dask workers, {DASK_SAMPLES} surrogate samples, best of {SWEEP_REPEATS}: 1 worker "
        f"{seconds[1].wall_s:.1f} s (load {seconds[1].load:.1f}), 2 workers "
        f"{seconds[2].wall_s:.1f} s (load {seconds[2].load:.1f}): speed-up {speedup:.2f}x "
        f"({verdict} the goal of {GOAL_SPEEDUP}x)"
    )
    return speedup, seconds


def run() -> None:
    print("== sweep ==")
    one = _one_scenario_section()
    per, warm, sweeps = _per_sample_section()
    _compare_section(sweeps)
    speedup, _ = _dask_section()
    # one Dask task per scenario makes its warm start; the workers install it (executors.py)
    warm_cpu = warm.cpu_s * ISSUE_SCENARIOS
    total_min = (per.cpu_s * ISSUE_SAMPLES + warm_cpu) / ISSUE_CORES / 60
    print("issue 9 performance (figure | goal):")
    print(
        f"  one scenario with the loop       {one.wall_s:6.2f} s wall, {one.cpu_s:.2f} s CPU "
        f"| < {GOAL_SCENARIO_S:.0f} s   {'ok' if one.wall_s < GOAL_SCENARIO_S else 'MISSED'}"
    )
    print(
        f"  11 x 1,000 samples on 2 cores    {total_min:6.1f} min (extrapolated: "
        f"({per.cpu_s:.3f} s CPU per surrogate sample x 11,000 + {warm.cpu_s:.1f} s warm start "
        f"x 11 scenarios) / 2) | < {GOAL_SWEEP_MIN:.0f} min   "
        f"{'ok' if total_min < GOAL_SWEEP_MIN else 'MISSED'}"
    )
    print(
        f"  speed-up 1 -> 2 Dask workers     {speedup:6.2f}x | >= {GOAL_SPEEDUP}x   "
        f"{'ok' if speedup >= GOAL_SPEEDUP else 'MISSED'}"
    )
    print(f"  (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    run()
