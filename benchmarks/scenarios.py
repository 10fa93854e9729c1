"""Scenarios: one simulation-assignment loop per shipped scenario, against a goal of 10 s.

Each scenario runs in this process without the store (nothing read back), after one warm-up
run that pays for the compiled kernels and the simulation's calibration (both once per
process). Printed per scenario: seconds, iterations, the final delay and flow residuals, and
the seconds over the goal as a ratio.

Run: `.venv/bin/python -m benchmarks scenarios`. Wall times drift with the machine's load; the
CPU seconds (process time) beside them say what the run itself costs.
"""

from __future__ import annotations

import time

GOAL_S = 10.0


def run() -> None:
    from landsea.scenarios import library_names, run_scenario

    run_scenario("baseline_2025")  # warm-up: kernels compiled, crossings calibrated
    print("scenarios: the simulation-assignment loop, per shipped scenario (goal 10 s)")
    print(
        f"{'scenario':28} {'wall s':>7} {'cpu s':>6} {'iter':>4} {'delay res':>9} "
        f"{'flow res':>8} {'x goal':>6}"
    )
    walls = []
    for name in library_names():
        wall, cpu = time.perf_counter(), time.process_time()
        result = run_scenario(name)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        walls.append(wall)
        residuals = f"{result.delay_residual:9.2%} {result.flow_residual:8.2%}"
        print(
            f"{name:28} {wall:7.2f} {cpu:6.2f} {result.iterations:4d} {residuals} "
            f"{wall / GOAL_S:6.2f}"
        )
    print(
        f"one scenario with the loop: median {sorted(walls)[len(walls) // 2]:.2f} s, "
        f"slowest {max(walls):.2f} s (goal {GOAL_S:.0f} s)"
    )
