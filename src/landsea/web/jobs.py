"""Background jobs of the dashboard: long runs (scenarios) off the request, with progress.

A job is a function that takes a `progress(done, total, note)` callback and returns a JSON-ready
result. One worker thread runs jobs in order (the machine's cores belong to the model, not to
many parallel runs); the page polls `GET /api/jobs/{id}` until the state is `done` or `failed`.
Jobs live in memory: a restarted server forgets them, and the scenario store keeps the results.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from landsea.errors import LandseaError

log = logging.getLogger("landsea.web")

Progress = Callable[[int, int, str], None]
JobFunction = Callable[[Progress], dict[str, Any]]
KEPT_JOBS = 50  # finished jobs kept for polling; older ones are forgotten


@dataclass
class Job:
    """One background run: its state, progress and, at the end, a result or an error."""

    job_id: str
    title: str
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int = 1
    note: str = ""
    result: dict[str, Any] | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "title": self.title,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "note": self.note,
            "result": self.result,
            "error": self.error,
        }


@dataclass
class JobRunner:
    """Jobs by id, run one at a time on a worker thread."""

    _jobs: dict[str, Job] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="landsea-job")
    )

    def submit(self, title: str, work: JobFunction) -> Job:
        with self._lock:
            job = Job(f"job-{next(self._ids)}", title)
            self._jobs[job.job_id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: Job, work: JobFunction) -> None:
        def progress(done: int, total: int, note: str) -> None:
            job.done, job.total, job.note = done, total, note

        job.state = "running"
        try:
            job.result = work(progress)
            job.state = "done"
        except LandseaError as err:  # bad input or no convergence: the reader sees why
            job.error, job.state = str(err), "failed"
        except Exception as err:  # a bug: logged with its traceback, reported without it
            log.exception("job %s failed", job.job_id)
            job.error, job.state = f"{type(err).__name__}: {err}", "failed"

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
        for job in finished[: max(0, len(finished) - KEPT_JOBS)]:
            del self._jobs[job.job_id]
