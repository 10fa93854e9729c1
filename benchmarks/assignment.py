"""User equilibrium on TNTP networks: landsea against AequilibraE 1.7 (bfw), as ratios.

Every solver runs in a fresh process (reading the files, imports and, for landsea, loading the
cached numba code are all in the wall time), to the same relative gap in the standard form
(TSTT - SPTT) / TSTT recomputed by landsea from each solver's final flows. AequilibraE stops on
its own gap, which can understate the standard one; when its flows miss the target, it runs
again with a tighter stopping gap and the run that meets the target counts. The machine is
shared, so each solver runs REPEATS times and the fastest run counts (wall time), with the CPU
seconds of that run beside it.

    python -m benchmarks assignment            # LANDSEA_TNTP_DIR or ../shared/data/tntp
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NETWORKS = ("SiouxFalls", "Anaheim", "Chicago-Sketch")
TARGETS = (1e-4, 1e-5)
HIGH_PRECISION = ("Chicago-Sketch", 1e-7)
AEQ_RETRIES = 4
REPEATS = 2


@dataclass(frozen=True)
class Timing:
    solver: str
    wall_s: float  # the whole process
    cpu_s: float  # user + system seconds of the process
    iterations: int
    standard_gap: float
    objective: float


def run() -> None:
    root = Path(os.environ.get("LANDSEA_TNTP_DIR", "../shared/data/tntp"))
    present = [name for name in NETWORKS if (root / name).is_dir()]
    for name in sorted(set(NETWORKS) - set(present)):
        print(f"assignment: {name} not found under {root} (set LANDSEA_TNTP_DIR): not measured")
    if not present:
        return
    _warm_up(root / present[0])
    print("assignment: wall seconds of a fresh process to a standard relative gap")
    print(
        f"{'network':15} {'gap':>6} {'solver':27} {'wall s':>7} {'cpu s':>6} {'iter':>6} "
        f"{'std gap':>9}  wall ratio"
    )
    for name in present:
        folder = root / name
        for target in TARGETS:
            peer = _aequilibrae(folder, target)
            _row(name, target, peer, None)
            for algorithm in ("bfw", "gradient-projection"):
                _row(name, target, _landsea(folder, algorithm, target), peer)
    name, target = HIGH_PRECISION
    if name not in present:
        return
    high = _landsea(root / name, "gradient-projection", target)
    _row(name, target, high, None)
    print(f"goal: gap {target:g} on {name} within 60 s: {high.wall_s:.2f} s")
    print("goal: at most 0.333x AequilibraE bfw wall time at 1e-5 on Chicago-Sketch (see above)")


def _row(name: str, target: float, timing: Timing, peer: Timing | None) -> None:
    ratio = f"{timing.wall_s / peer.wall_s:.3f}x aequilibrae" if peer is not None else ""
    print(
        f"{name:15} {target:6.0e} {timing.solver:27} {timing.wall_s:7.2f} {timing.cpu_s:6.2f} "
        f"{timing.iterations:6d} {timing.standard_gap:9.2e}  {ratio}"
    )


def _warm_up(folder: Path) -> None:
    """One untimed run so numba's on-disk cache is filled (a user pays this once per machine)."""
    _landsea(folder, "gradient-projection", 1e-4)
    _landsea(folder, "bfw", 1e-4)


def _landsea(folder: Path, algorithm: str, target: float) -> Timing:
    command = [sys.executable, "-m", "landsea.cli.app", "tntp", "assign", str(folder)]
    command += ["--algorithm", algorithm, "--gap", f"{target:g}", "--json"]
    runs = [_timed(command) for _ in range(REPEATS)]
    wall, cpu, stdout = min(runs)
    report = json.loads(stdout)
    return Timing(
        f"landsea {algorithm}",
        wall,
        cpu,
        report["iterations"],
        report["relative_gap"],
        report["objective"],
    )


def _timed(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of a child process, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def _aequilibrae(folder: Path, target: float) -> Timing:
    from landsea.assignment import evaluate_flows
    from landsea.assignment.tntp import load_tntp_case

    problem = load_tntp_case(folder).problem
    stopping = target
    for _ in range(AEQ_RETRIES):
        with tempfile.TemporaryDirectory() as scratch:
            flows_file = Path(scratch) / "flows.npy"
            command = [sys.executable, "-m", "benchmarks._aequilibrae_run", str(folder), "bfw"]
            command += [repr(stopping), "100000", str(flows_file)]
            wall, cpu, stdout = min(_timed(command) for _ in range(REPEATS))
            flows = np.load(flows_file)
        own = json.loads(stdout.strip().splitlines()[-1])
        measured = evaluate_flows(problem, flows)
        if measured.relative_gap <= target:
            break
        stopping *= 0.8 * target / measured.relative_gap
    return Timing(
        "aequilibrae bfw", wall, cpu, own["iterations"], measured.relative_gap, measured.objective
    )
