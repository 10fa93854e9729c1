"""Samples run in this process, on a LocalCluster and on a separately started Dask cluster give
the same outcomes; a scheduler that does not answer is a quick, clear error; failing samples
come back with their inputs.

Acceptance 3 (issue 9): a sweep with seed 3 and 50 samples through the real scenario runner
(`sample_kpis`: edits, the simulation-assignment loop warm-started per process, KPIs) on
baseline_2025 with a shorter loop (30 simulated days, two to three iterations), so the three
runs fit in the test suite. The failure and retry cases use a cheaper sample: one crossing
simulation (Hekou / Kim Thanh road gate, 20 days), its arrivals per day the sampled input.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from landsea.errors import ScenarioError
from landsea.scenarios.executors import (
    InProcess,
    OnDask,
    SampleOutcome,
    SampleTask,
    batch_size,
    batches,
    dask_executor,
    run_task,
)
from landsea.scenarios.files import load_scenario
from landsea.scenarios.runner import sample_kpis
from landsea.scenarios.spec import Scenario
from landsea.scenarios.sweep import SweepResult, sweep
from landsea.simulation import CrossingScenario, corridor_crossings, simulate_crossing

SAMPLES = 50
BIN = Path(sys.executable).parent
# the scheduler and workers import this module by the name pytest gave it
ROOT = Path(__file__).resolve().parents[len(__name__.split(".")) - 1]


@dataclass(frozen=True)
class Study:
    name: str
    crossing: str = "HEKOU_KIMTHANH_ROAD"
    days: int = 20


def crossing_dwell(study: Study, values: dict[str, float], seed: int) -> dict[str, float]:
    spec = corridor_crossings().specs[study.crossing]
    scenario = CrossingScenario(values["arrivals_per_day"])
    run = simulate_crossing(spec, "standard", study.days, scenario, seed)
    return {"dwell_p90_h": run.summary.dwell_p90_h, "dwell_mean_h": run.summary.dwell_mean_h}


def tasks(count: int = SAMPLES) -> list[SampleTask]:
    study = Study("hekou")
    return [
        SampleTask(study, i, {"arrivals_per_day": 150.0 + 5.0 * i}, seed=1_000 + i)
        for i in range(count)
    ]


def outcomes_in_process(batch: list[SampleTask]) -> list[SampleOutcome]:
    return InProcess().run(crossing_dwell, batch, lambda _: None)


SEED = 3
SHORT_LOOP = """
name = "baseline_short_loop"
extends = "baseline_2025"
[loop]
days = 30
tolerance_h = 2.0
tolerance_delay = 0.2
tolerance_flow = 0.1
max_iterations = 6
"""


@pytest.fixture(scope="module")
def short_loop(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path = tmp_path_factory.mktemp("scenarios") / "baseline_short_loop.toml"
    path.write_text(SHORT_LOOP, encoding="utf-8")
    return load_scenario(path)


@pytest.fixture(scope="module")
def in_process(short_loop: Scenario) -> SweepResult:
    return sweep([short_loop], SAMPLES, SEED, sample_kpis)


def _same_samples(got: SweepResult, expected: SweepResult) -> None:
    assert got.failures.empty and expected.failures.empty
    assert len(expected.samples) == SAMPLES
    pd.testing.assert_frame_equal(got.samples, expected.samples)  # exact, not approximate
    cost = expected.samples["total.total_logistics_cost_usd_per_year"]
    assert cost.nunique() > SAMPLES // 2  # the samples differ


@pytest.mark.slow
def test_a_local_cluster_of_two_workers_gives_the_in_process_sweep(
    short_loop: Scenario, in_process: SweepResult
) -> None:
    with dask_executor(workers=2) as executor:
        seen: list[SampleOutcome] = []
        got = sweep([short_loop], SAMPLES, SEED, sample_kpis, executor, progress=seen.append)
    assert len(seen) == SAMPLES
    _same_samples(got, in_process)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def loopback_cluster(tmp_path: Path) -> Iterator[str]:
    """`dask scheduler` and a `dask worker` with two processes, on 127.0.0.1; stopped after."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    log = (tmp_path / "cluster.log").open("w")
    scheduler = subprocess.Popen(
        [
            str(BIN / "dask"),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    worker = subprocess.Popen(
        [
            str(BIN / "dask"),
            "worker",
            address,
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--death-timeout",
            "60",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        log.close()


@pytest.mark.slow
def test_a_separately_started_cluster_gives_the_in_process_sweep(
    loopback_cluster: str, short_loop: Scenario, in_process: SweepResult
) -> None:
    with dask_executor(scheduler=loopback_cluster, timeout_s=30) as executor:
        executor.client.wait_for_workers(2, timeout=90)
        assert len(executor.client.scheduler_info()["workers"]) == 2
        got = sweep([short_loop], SAMPLES, SEED, sample_kpis, executor)
    _same_samples(got, in_process)


def test_a_scheduler_that_does_not_answer_is_a_clear_error_within_seconds() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    started = time.monotonic()
    refused = r"no Dask scheduler answers at tcp://127\.0\.0\.1:"
    with pytest.raises(ScenarioError, match=refused) as err, dask_executor(address, timeout_s=2):
        pass
    assert err.value.exit_code == 2
    assert time.monotonic() - started < 60  # a bound against a hang, not a timing assertion


def test_an_address_without_a_protocol_is_refused() -> None:
    with pytest.raises(ScenarioError, match="tcp://HOST"), dask_executor(scheduler="127.0.0.1"):
        pass


def test_a_sample_the_model_refuses_comes_back_with_its_inputs() -> None:
    bad = SampleTask(Study("hekou"), 7, {"arrivals_per_day": -3.0}, seed=5)
    outcome = run_task(bad, crossing_dwell)
    assert outcome.failed
    assert "SimulationError" in (outcome.error or "")
    assert outcome.values == {"arrivals_per_day": -3.0} and outcome.index == 7


def broken(study: Study, values: dict[str, float], seed: int) -> dict[str, float]:
    if values["arrivals_per_day"] > 160:
        raise RuntimeError(f"no luck with {values['arrivals_per_day']:g}")
    return crossing_dwell(study, values, seed)


@pytest.mark.slow
@pytest.mark.parametrize("size", [1, 3])
def test_failing_samples_are_reported_never_dropped_in_process_and_on_dask(size: int) -> None:
    batch = tasks(4)  # 150, 155, 160 run; 165 fails (with size 3, in a batch of its own)
    here = InProcess(retries=1).run(broken, batch, lambda _: None)
    with dask_executor(workers=1, retries=1, batch=size) as executor:
        there = executor.run(broken, batch, lambda _: None)
    for outcomes in (here, there):
        assert [o.index for o in outcomes] == [0, 1, 2, 3]
        assert [o.failed for o in outcomes] == [False, False, False, True]
        assert "RuntimeError: no luck with 165" in (outcomes[3].error or "")
        assert outcomes[3].values == {"arrivals_per_day": 165.0}
    assert here[:3] == there[:3]


def dies_once(study: Study, values: dict[str, float], seed: int) -> dict[str, float]:
    """Kills its worker process the first time sample 1 runs (a marker file remembers)."""
    marker = Path(study.name)
    if values["arrivals_per_day"] == 155.0 and not marker.exists():
        marker.write_text("died once")
        os._exit(1)
    return crossing_dwell(Study("hekou"), values, seed)


@pytest.mark.slow
def test_a_worker_that_dies_is_replaced_and_its_sample_run_again(tmp_path: Path) -> None:
    study = Study(str(tmp_path / "died"))
    batch = [SampleTask(study, i, {"arrivals_per_day": 150.0 + 5 * i}, 10 + i) for i in range(3)]
    with dask_executor(workers=1) as executor:
        got = executor.run(dies_once, batch, lambda _: None)
    assert (tmp_path / "died").exists()  # the worker did die
    assert [o.failed for o in got] == [False, False, False]
    rerun = [SampleTask(Study("hekou"), o.index, o.values, o.seed) for o in got]
    assert [o.kpis for o in got] == [o.kpis for o in outcomes_in_process(rerun)]


def test_a_failing_sample_in_the_middle_of_a_dask_batch_leaves_the_others_alone() -> None:
    batch = [
        SampleTask(Study("hekou"), i, {"arrivals_per_day": v}, 10 + i)
        for i, v in enumerate([150.0, 170.0, 155.0])
    ]
    with dask_executor(workers=1, retries=1, batch=3) as executor:
        seen: list[SampleOutcome] = []
        got = executor.run(broken, batch, seen.append)
    assert [o.failed for o in got] == [False, True, False]
    assert "RuntimeError: no luck with 170" in (got[1].error or "")
    assert sorted(o.index for o in seen) == [0, 1, 2]  # progress per sample, not per batch
    alone = outcomes_in_process([batch[0], batch[2]])
    assert [got[0].kpis, got[2].kpis] == [o.kpis for o in alone]


def always_dies(study: Study, values: dict[str, float], seed: int) -> dict[str, float]:
    if values["arrivals_per_day"] == 155.0:
        os._exit(1)
    return crossing_dwell(study, values, seed)


@pytest.mark.slow
def test_a_sample_that_always_kills_its_worker_is_reported_alone_not_its_batch() -> None:
    batch = [
        SampleTask(Study("hekou"), i, {"arrivals_per_day": 150.0 + 5 * i}, 10 + i) for i in range(3)
    ]
    with dask_executor(workers=1, retries=0, batch=3) as executor:
        got = executor.run(always_dies, batch, lambda _: None)
    assert [o.failed for o in got] == [False, True, False]
    assert got[1].values == {"arrivals_per_day": 155.0} and got[1].seed == 11
    assert [got[0].kpis, got[2].kpis] == [o.kpis for o in outcomes_in_process([batch[0], batch[2]])]


def test_a_cluster_without_workers_reports_its_samples_failed_instead_of_waiting() -> None:
    """The last stop's CI hung here: a nanny gave up, and the sweep waited for no one."""
    from distributed import Client, LocalCluster

    started = time.monotonic()
    with (
        LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster,
        Client(cluster, timeout=10) as client,
    ):
        got = OnDask(client, batch=2, no_worker_grace_s=2).run(crossing_dwell, tasks(3), print)
    assert [o.failed for o in got] == [True, True, True]
    assert all("no Dask worker was alive to run it for 2 s" in (o.error or "") for o in got)
    assert [o.values for o in got] == [t.values for t in tasks(3)]
    assert time.monotonic() - started < 120  # a bound against a hang, not a timing assertion


@pytest.mark.slow
def test_a_local_cluster_left_without_workers_gets_new_ones() -> None:
    with dask_executor(workers=1) as executor:
        executor.cluster.scale(0)  # as when the nanny of the only worker gives up
        deadline = time.monotonic() + 60
        while executor.client.nthreads() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not executor.client.nthreads()
        got = executor.run(crossing_dwell, tasks(3), lambda _: None)
    assert [o.failed for o in got] == [False, False, False]
    assert [o.kpis for o in got] == [o.kpis for o in outcomes_in_process(tasks(3))]


def test_batches_keep_order_never_mix_scenarios_and_keep_every_worker_busy() -> None:
    a, b = Study("a"), Study("b")
    mixed = [SampleTask(a, i, {}, i) for i in range(5)] + [
        SampleTask(b, i, {}, i) for i in range(3)
    ]
    groups = batches(mixed, 2)
    assert [[(t.scenario.name, t.index) for t in g] for g in groups] == [
        [("a", 0), ("a", 1)],
        [("a", 2), ("a", 3)],
        [("a", 4)],
        [("b", 0), ("b", 1)],
        [("b", 2)],
    ]
    assert batch_size(11_000, 2) == 32  # 344 tasks instead of 11,000
    assert batch_size(50, 2) == 4  # 13 tasks: both workers get several
    assert batch_size(3, 2) == 1
    assert batch_size(0, 2) == 1


class FileWarmUp:
    """A warm-up that notes each time it is made (a line in a file beside the study's name)
    and is the process it was made in; `install` keeps it for the samples of that process."""

    installed: dict[str, int] = {}  # noqa: RUF012 (a worker process's own, like runner._WARM)

    def make(self, study: Study) -> int:
        with Path(f"{study.name}.made").open("a", encoding="utf-8") as notes:
            notes.write(f"{os.getpid()}\n")
        return os.getpid()

    def install(self, study: Study, made: int) -> None:
        self.installed[study.name] = made


def made_where(study: Study, values: dict[str, float], seed: int) -> dict[str, float]:
    return {"made_in": float(FileWarmUp.installed[study.name]), "ran_in": float(os.getpid())}


@pytest.mark.slow
def test_on_dask_a_scenario_s_warm_up_is_made_once_and_installed_by_each_batch(
    tmp_path: Path,
) -> None:
    names = [str(tmp_path / name) for name in ("first", "second", "third")]
    batch = [
        SampleTask(Study(name), i, {"arrivals_per_day": 150.0}, i)
        for name in names
        for i in range(6)
    ]
    with dask_executor(workers=2, batch=2) as executor:
        got = executor.run(made_where, batch, lambda _: None, FileWarmUp())
    assert [o.failed for o in got] == [False] * len(batch)
    for name in names:
        made = Path(f"{name}.made").read_text(encoding="utf-8").split()
        assert len(made) == 1  # one warm-up task for the scenario, whichever worker ran it
        assert {o.kpis["made_in"] for o in got if o.scenario == name} == {float(made[0])}
