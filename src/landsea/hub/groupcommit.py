"""Group commit: many requests' writes in one transaction, each acknowledged after its commit.

A durable commit costs an fsync, and each SQL statement costs the Python around it; a single
event's own work is small. Requests hand their writes to one writer thread, which takes every
write waiting in the queue and commits them together, and only then answers each request.
Single events from many requests are merged further: one read per consignment, one INSERT,
one audit append for the whole group (`events.record_many`), each posting with its own outcome.
Other writes run one by one in SAVEPOINTs, so one's error rolls back that one only.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from landsea.hub.db import Database
from landsea.hub.services import events

T = TypeVar("T")
MAX_GROUP = 512
WAIT_S = 120.0  # a request gives up on its write after this long (answered 503)


class WriteTimeoutError(RuntimeError):
    """The writer did not confirm a write in time; it may still be committed later."""


@dataclass(frozen=True)
class _Job:
    run: Callable[[Session], Any] | None
    posting: events.Posting | None
    future: Future[Any]


class GroupWriter:
    """One writer thread per database handle; every call blocks until its write is committed."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def run(self, job: Callable[[Session], T]) -> T:
        """Run `job(session)` in the next group; its result once durable, or its exception."""
        return self._submit(_Job(job, None, Future()))

    def post(self, posting: events.Posting) -> events.Stored:
        """Store one event in the next group; its outcome once durable (or the refusal)."""
        stored = self._submit(_Job(None, posting, Future()))
        assert isinstance(stored, events.Stored)
        return stored

    async def post_async(self, posting: events.Posting) -> events.Stored:
        """`post` for the event loop: waits for the commit without holding a thread."""
        job = _Job(None, posting, Future())
        self._enqueue(job)
        try:
            async with asyncio.timeout(WAIT_S):
                stored = await asyncio.wrap_future(job.future)
        except TimeoutError:
            raise WriteTimeoutError(f"no commit within {WAIT_S:.0f} s") from None
        assert isinstance(stored, events.Stored)
        return stored

    def waiting(self) -> int:
        """How many writes wait for the writer thread (a gauge of `/metrics`)."""
        return self._queue.qsize()

    def stop(self) -> None:
        """Finish the writes queued so far; refuse any that arrive after (the app is stopping)."""
        with self._start_lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join(timeout=30)
                self._thread = None
            while True:
                try:
                    late = self._queue.get_nowait()
                except queue.Empty:
                    return
                if late is not None and _taken([late]):  # a cancelled waiter needs no answer
                    late.future.set_exception(RuntimeError("the hub is shutting down"))

    def _submit(self, job: _Job) -> Any:
        self._enqueue(job)
        try:
            return job.future.result(timeout=WAIT_S)
        except TimeoutError:
            raise WriteTimeoutError(f"no commit within {WAIT_S:.0f} s") from None

    def _enqueue(self, job: _Job) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="landsea-group-commit", daemon=True
                )
                self._thread.start()
        self._queue.put(job)

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = _taken([first])
            while len(group) < MAX_GROUP:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._guarded(group)
                    return
                group.extend(_taken([item]))
            if group:
                self._guarded(group)

    def _guarded(self, group: list[_Job]) -> None:
        """Commit a group; whatever goes wrong, answer its requests and keep the thread alive."""
        try:
            self._commit(group)
        except BaseException as err:  # the writer must outlive any one group
            for job in group:
                if not job.future.done():
                    job.future.set_exception(err)

    def _commit(self, group: list[_Job]) -> None:
        postings = [job for job in group if job.posting is not None]
        others = [job for job in group if job.run is not None]
        alone = len(others) + (1 if postings else 0) == 1
        outcomes: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            with self.db.write() as session:
                if postings:
                    outcomes.extend(self._postings(session, postings, alone))
                for job in others:
                    outcomes.append(self._other(session, job, alone))
        except Exception as err:  # the commit failed: nothing of the group was stored
            for job in group:
                job.future.set_exception(err)
            return
        for future, value, error in outcomes:
            if error is None:
                future.set_result(value)
            else:
                future.set_exception(error)

    @staticmethod
    def _postings(
        session: Session, jobs: list[_Job], alone: bool
    ) -> list[tuple[Future[Any], Any, BaseException | None]]:
        items = [job.posting for job in jobs if job.posting is not None]
        if alone:
            results = events.record_many(session, items)
        else:
            try:
                with session.begin_nested():
                    results = events.record_many(session, items)
            except Exception as err:  # rolled back to the savepoint: the other writes stand
                return [(job.future, None, err) for job in jobs]
        return [
            (job.future, None, r) if isinstance(r, Exception) else (job.future, r, None)
            for job, r in zip(jobs, results, strict=True)
        ]

    @staticmethod
    def _other(
        session: Session, job: _Job, alone: bool
    ) -> tuple[Future[Any], Any, BaseException | None]:
        assert job.run is not None
        if alone:  # no savepoint needed: an error rolls back the whole (one-job) transaction
            return job.future, job.run(session), None
        try:
            with session.begin_nested():
                return job.future, job.run(session), None
        except Exception as err:  # handed to the waiting request
            return job.future, None, err


def _taken(jobs: list[_Job]) -> list[_Job]:
    """The jobs whose requests still wait, now marked running: a request that went away before
    (its waiter cancelled) is not written, and one written can no longer be cancelled."""
    return [job for job in jobs if job.future.set_running_or_notify_cancel()]
