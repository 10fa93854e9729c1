"""Where the samples of a sweep run: in this process, or on a Dask distributed cluster.

Every sample is a `SampleTask`: the scenario (already read and checked, so a worker needs no
files; any picklable value with a `name`), its values for the uncertain inputs and its own
seed. A worker runs it with `run_task` and returns a `SampleOutcome`; a sample whose model
run fails (a LandseaError: no route, no convergence) comes back as an outcome with the error
and its inputs, never dropped. Anything else (an exception, a worker that dies) is retried,
then reported the same way, sample by sample. On Dask, one task runs a batch of up to 32
consecutive samples of one scenario (`batch_size`), so the client schedules a few hundred
tasks rather than one per sample; progress is still reported per sample. Because each
sample carries its own seed, which worker runs it, in which batch and in which order cannot
change its result.

A sample function may come with a `WarmUp`: what it makes once per scenario before the
scenario's samples (the runner's warm start: the scenario's deterministic run, 3-6 s of CPU).
In-process the function makes it itself at its first sample; on Dask it is one task per
scenario whose result every batch of that scenario receives and installs, so the cluster makes
each warm start once instead of once per worker. It is the same value wherever it is made.

    InProcess()                          one sample after another, here
    dask_executor(workers=2)             a LocalCluster of 2 worker processes, closed after
    dask_executor(scheduler="tcp://h:8786")   an existing cluster; it stays up after
"""

from __future__ import annotations

import os
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from landsea.errors import LandseaError, ScenarioError

KPIs = dict[str, float]


class Named(Protocol):
    @property
    def name(self) -> str: ...


class SampleFunction(Protocol):
    """The model run of one sample: the scenario with `values` fixed, seeded by `seed`."""

    def __call__(self, scenario: Any, values: dict[str, float], seed: int) -> KPIs: ...


@dataclass(frozen=True)
class SampleTask:
    scenario: Named
    index: int
    values: dict[str, float]
    seed: int


@dataclass(frozen=True)
class SampleOutcome:
    scenario: str
    index: int
    values: dict[str, float]
    seed: int
    kpis: KPIs = field(default_factory=dict)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


class WarmUp(Protocol):
    """What a sample function makes once per scenario (`make`, on any worker) and how a worker
    takes one made elsewhere (`install`) before it runs the scenario's samples."""

    def make(self, scenario: Any) -> Any: ...

    def install(self, scenario: Any, made: Any) -> None: ...


def run_task(task: SampleTask, function: SampleFunction) -> SampleOutcome:
    """Run one sample (this is what a worker executes). Model errors become outcomes."""
    try:
        kpis = function(task.scenario, task.values, task.seed)
    except LandseaError as err:
        return _failed(task, f"{type(err).__name__}: {err}")
    return SampleOutcome(task.scenario.name, task.index, task.values, task.seed, dict(kpis))


def _failed(task: SampleTask, error: str) -> SampleOutcome:
    return SampleOutcome(task.scenario.name, task.index, task.values, task.seed, error=error)


Progress = Callable[[SampleOutcome], None]


class Executor(Protocol):
    """Runs tasks, calling `progress` as each finishes; returns outcomes in task order."""

    description: str

    def run(
        self,
        function: SampleFunction,
        tasks: list[SampleTask],
        progress: Progress,
        warm_up: WarmUp | None = None,
    ) -> list[SampleOutcome]: ...


@dataclass
class InProcess:
    """Samples one after another in this process (the default)."""

    retries: int = 1
    description: str = "in-process"

    def run(
        self,
        function: SampleFunction,
        tasks: list[SampleTask],
        progress: Progress,
        warm_up: WarmUp | None = None,
    ) -> list[SampleOutcome]:
        """`warm_up` is not needed here: the function makes its own at its first sample."""
        outcomes = []
        for task in tasks:
            outcome = self._one(function, task)
            progress(outcome)
            outcomes.append(outcome)
        return outcomes

    def _one(self, function: SampleFunction, task: SampleTask) -> SampleOutcome:
        return _with_retries(function, task, self.retries)


def run_batch(
    tasks: list[SampleTask],
    function: SampleFunction,
    retries: int,
    warm_up: WarmUp | None = None,
    made: Any = None,
) -> list[SampleOutcome]:
    """Run a few samples of one scenario one after another (what a Dask task executes), after
    installing `made`, the scenario's warm-up made by another task, when given. Each sample is
    tried `retries` more times on an exception and then reported with its inputs, as
    in-process: one failing sample never takes its batch down."""
    if warm_up is not None and tasks:
        warm_up.install(tasks[0].scenario, made)
    return [_with_retries(function, task, retries) for task in tasks]


def make_warm_up(warm_up: WarmUp, scenario: Any) -> Any:
    """A scenario's warm-up (what a Dask warm-up task executes)."""
    return warm_up.make(scenario)


def _with_retries(function: SampleFunction, task: SampleTask, retries: int) -> SampleOutcome:
    for attempt in range(retries + 1):
        try:
            return run_task(task, function)
        except Exception as err:  # reported with the sample's inputs, here and on Dask
            if attempt == retries:
                return _failed(task, _describe(err))
    raise AssertionError("unreachable")  # pragma: no cover


def _describe(err: BaseException) -> str:
    last = traceback.format_exception_only(type(err), err)[-1].strip()
    return last or type(err).__name__


# samples a Dask task runs: enough that the client schedules a few hundred tasks rather than
# one per sample (11,000 tasks cost its process 60-80 s of CPU), few enough that every worker
# gets BATCHES_PER_WORKER of them and none waits long for the last one
MAX_BATCH = 32
BATCHES_PER_WORKER = 8


def batch_size(samples: int, workers: int) -> int:
    """Samples per Dask task for `samples` samples on `workers` worker threads."""
    per_worker = -(-samples // (max(workers, 1) * BATCHES_PER_WORKER))
    return max(1, min(MAX_BATCH, per_worker))


def batches(tasks: list[SampleTask], size: int) -> list[list[SampleTask]]:
    """Consecutive tasks in groups of at most `size`, never two scenarios in one group (a
    worker keeps one scenario's warm start while it runs a batch)."""
    groups: list[list[SampleTask]] = []
    for task in tasks:
        last = groups[-1] if groups else None
        if last and len(last) < size and last[0].scenario.name == task.scenario.name:
            last.append(task)
        else:
            groups.append([task])
    return groups


# A sweep never waits forever for a cluster without workers: with tasks left and no worker
# alive for this long, the samples still waiting are reported failed with their inputs (an
# external cluster's own manager may restart its workers meanwhile, hence a minute).
NO_WORKER_GRACE_S = 60.0
NO_WORKER = "no Dask worker was alive to run it for {grace:g} s (every worker had died)"
_NO_WORKER_START = NO_WORKER.split("{", 1)[0]  # how such a reason is recognised, from the one text
# A worker process that dies while its nanny is still starting it is not restarted by the
# nanny (Dask 2026.8), so a local cluster left without workers this long gets new ones.
LOCAL_REVIVE_S = 5.0
POLL_S = 1.0


@dataclass
class OnDask:
    """Samples in batches of Dask futures on a distributed client, gathered as they finish.

    A batch whose task fails on Dask (its worker died `retries` + 1 times) is run again one
    sample a task, no more tasks at once than the cluster has threads, so only the sample that
    kills its worker is reported failed.
    """

    client: Any  # distributed.Client
    retries: int = 2
    description: str = "dask"
    batch: int | None = None  # samples per task; None: `batch_size` for the cluster's threads
    cluster: Any = None  # the LocalCluster this executor started (given new workers if need be)
    no_worker_grace_s: float = NO_WORKER_GRACE_S

    def run(
        self,
        function: SampleFunction,
        tasks: list[SampleTask],
        progress: Progress,
        warm_up: WarmUp | None = None,
    ) -> list[SampleOutcome]:
        """With `warm_up`, one task per scenario makes it and the scenario's batches wait for
        it and install it. A batch run again alone (its worker died) makes its own."""
        size = self.batch or batch_size(len(tasks), self._threads())
        done: dict[tuple[str, int], SampleOutcome] = {}
        failed = self._run_batches(function, batches(tasks, size), progress, done, warm_up=warm_up)
        if any(reason.startswith(_NO_WORKER_START) for _, reason in failed):
            self._report(failed, progress, done)  # nothing can run: no point in retrying
        elif failed:
            alone = [[task] for group, _ in failed for task in group]
            window = self._threads()
            self._report(self._run_batches(function, alone, progress, done, window), progress, done)
        return [done[(t.scenario.name, t.index)] for t in tasks]

    def _threads(self) -> int:
        return int(sum(self.client.nthreads().values())) or 1

    @staticmethod
    def _report(
        failed: list[tuple[list[SampleTask], str]],
        progress: Progress,
        done: dict[tuple[str, int], SampleOutcome],
    ) -> None:
        for group, reason in failed:
            for task in group:
                outcome = _failed(task, reason)
                done[(task.scenario.name, task.index)] = outcome
                progress(outcome)

    def _run_batches(
        self,
        function: SampleFunction,
        groups: list[list[SampleTask]],
        progress: Progress,
        done: dict[tuple[str, int], SampleOutcome],
        window: int | None = None,
        warm_up: WarmUp | None = None,
    ) -> list[tuple[list[SampleTask], str]]:
        """Submit each group as one task (at most `window` at once), after one warm-up task
        per scenario with `warm_up`; returns the groups whose task failed on Dask, each with
        the reason."""
        token = uuid.uuid4().hex
        warm = self._warm_ups(warm_up, groups, token)
        waiting = groups[::-1]  # popped from the end: submitted in order
        running: dict[str, tuple[Any, list[SampleTask]]] = {}
        failed: list[tuple[list[SampleTask], str]] = []
        watch = _WorkerWatch(self.client, self.cluster, self.no_worker_grace_s)
        try:
            while waiting or running:
                while waiting and (window is None or len(running) < window):
                    group = waiting.pop()
                    made = warm.get(group[0].scenario.name)
                    future = self._submit(function, group, token, warm_up, made)
                    running[future.key] = (future, group)
                finished = _first_finished([f for f, _ in running.values()])
                for future in finished:
                    group = running.pop(future.key)[1]
                    reason = _collect(future, progress, done)
                    if reason is not None:
                        failed.append((group, reason))
                if not finished and watch.gave_up():
                    reason = NO_WORKER.format(grace=self.no_worker_grace_s)
                    failed += [(g, reason) for _, g in running.values()]
                    failed += [(g, reason) for g in reversed(waiting)]
                    break
        finally:
            self.client.cancel([f for f, _ in running.values()] + list(warm.values()))
        return failed

    def _warm_ups(
        self, warm_up: WarmUp | None, groups: list[list[SampleTask]], token: str
    ) -> dict[str, Any]:
        """One task (a future) per scenario making its warm-up; none without `warm_up`."""
        warm: dict[str, Any] = {}
        for group in groups if warm_up is not None else []:
            scenario = group[0].scenario
            if scenario.name not in warm:
                warm[scenario.name] = self.client.submit(
                    make_warm_up,
                    warm_up,
                    scenario,
                    retries=self.retries,
                    pure=False,
                    key=f"landsea-warm-up-{scenario.name}-{token}",
                )
        return warm

    def _submit(
        self,
        function: SampleFunction,
        group: list[SampleTask],
        token: str,
        warm_up: WarmUp | None = None,
        made: Any = None,
    ) -> Any:
        """A batch's task; with `made` (the future of its scenario's warm-up), it waits for
        that and installs it."""
        first = group[0]
        return self.client.submit(
            run_batch,
            group,
            function,
            self.retries,
            warm_up if made is not None else None,
            made,
            retries=self.retries,
            pure=False,
            key=f"landsea-samples-{first.scenario.name}-{first.index}-{len(group)}-{token}",
        )


def _first_finished(futures: list[Any]) -> list[Any]:
    """The futures that finished (done, failed or cancelled) within POLL_S; [] if none did."""
    from distributed import wait

    try:
        finished, _ = wait(futures, timeout=POLL_S, return_when="FIRST_COMPLETED")
    except TimeoutError:
        return []
    return list(finished)


def _collect(
    future: Any, progress: Progress, done: dict[tuple[str, int], SampleOutcome]
) -> str | None:
    """Record a finished batch's outcomes; why it failed on Dask, or None."""
    if future.status == "finished":
        for outcome in future.result():
            done[(outcome.scenario, outcome.index)] = outcome
            progress(outcome)
        return None
    error = future.exception() if future.status == "error" else None
    return _describe(error) if error is not None else f"sample {future.status}"


@dataclass
class _WorkerWatch:
    """Whether a sweep has waited long enough for a cluster that has no worker alive."""

    client: Any
    cluster: Any
    grace_s: float
    alone_since: float | None = None
    revived_at: float | None = None

    def gave_up(self) -> bool:
        """Called after a poll in which no task finished."""
        if self.client.nthreads():
            self.alone_since = None
            return False
        now = time.monotonic()
        self.alone_since = self.alone_since or now
        quiet = now - self.alone_since
        if self.cluster is not None and quiet >= LOCAL_REVIVE_S:
            self._revive(now)
        return quiet >= self.grace_s

    def _revive(self, now: float) -> None:
        if self.revived_at is not None and now - self.revived_at < 6 * LOCAL_REVIVE_S:
            return  # a new worker process takes a few seconds to start; give it time
        self.revived_at = now
        count = len(self.cluster.worker_spec) or 1
        self.cluster.scale(0)  # drops the nannies that gave up
        self.cluster.scale(count)


CONNECT_TIMEOUT_S = 5.0


@contextmanager
def dask_executor(
    scheduler: str | None = None,
    workers: int | None = None,
    timeout_s: float = CONNECT_TIMEOUT_S,
    retries: int = 2,
    batch: int | None = None,
) -> Iterator[OnDask]:
    """A Dask client on an existing scheduler, or on a LocalCluster of `workers` processes.

    A scheduler that does not answer within `timeout_s` is a ScenarioError (exit 2) naming
    the address, not a hang.
    """
    from distributed import Client, LocalCluster

    if scheduler is not None and workers is not None:
        raise ScenarioError("give --scheduler (an existing cluster) or --workers (a local one)")
    if scheduler is not None:
        client = _connect(Client, scheduler, timeout_s)
        try:
            yield OnDask(client, retries, f"dask scheduler {scheduler}", batch)
        finally:
            client.close()
        return
    count = workers or 1
    if count < 1:
        raise ScenarioError(f"--workers must be at least 1, got {count}")
    # one thread per worker, and one core per worker while there are cores enough: the
    # simulation (one thread per direction) and the shortest-path trees would otherwise spread
    # each worker over every core, and workers would fight for them
    with (
        LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=50,
        ) as cluster,
        Client(cluster, timeout=timeout_s) as client,
    ):
        cores = sorted(_cores())
        if count <= len(cores):
            client.run(_pin_to_core, cores)
        description = f"local dask cluster, {count} worker processes"
        yield OnDask(client, retries, description, batch, cluster)


def _cores() -> set[int]:
    try:
        return set(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux: no pinning
        return set()


def _pin_to_core(cores: list[int], dask_worker: Any = None) -> int:
    """Run in each local worker: every thread of its process on core `cores[name]` (a
    LocalCluster names its workers 0, 1, ...). Threads started later inherit it."""
    core = cores[int(dask_worker.name) % len(cores)] if dask_worker is not None else cores[0]
    for task in os.listdir("/proc/self/task"):
        try:
            os.sched_setaffinity(int(task), {core})
        except OSError:  # a thread that ended meanwhile
            continue
    return core


def _connect(client_type: Any, address: str, timeout_s: float) -> Any:
    if "://" not in address:
        raise ScenarioError(f"--scheduler {address!r}: give an address like tcp://HOST:8786")
    try:
        return client_type(address, timeout=timeout_s)
    except (OSError, TimeoutError) as err:
        raise ScenarioError(
            f"no Dask scheduler answers at {address} within {timeout_s:g} s ({err}); "
            "start one with `dask scheduler` or check the address"
        ) from None
