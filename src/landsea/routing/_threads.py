"""Run a batch of trees on several threads: Python threads driving a compiled, GIL-free kernel.

Why not numba's `prange`: without the separate `tbb` package, numba's threading layers are
`workqueue`, which aborts on concurrent calls from threads (a server), and GNU OpenMP, which
kills the children of a process that forks after using it ("fork() called from a process
already using GNU OpenMP, this is unsafe"): a `multiprocessing` pool started with Linux's
default `fork` after one assignment would die (seen here with numba 0.68). Plain threads are
safe under both threads and fork, and the kernel releases the GIL (`nogil=True`), so they run
truly in parallel.

Work is cut into chunks of consecutive sources that idle threads take one at a time, so a
thread that loses its core on a shared machine does not hold the batch back. The calling
thread works too, so a batch finishes even when every pool thread is busy with other callers'
batches (no deadlock, however many server threads ask at once).
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TypeVar

State = TypeVar("State")

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def available_threads() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_chunks(
    count: int,
    chunks: int,
    threads: int,
    work: Callable[[int, int, State], None],
    state: Callable[[], State],
) -> None:
    """Call `work(start, stop, s)` over `chunks` slices of range(count) on up to `threads`
    threads, where `s = state()` is made once per thread that takes part (its workspace).

    Raises:
        Exception: whatever `work` raised in any thread; the other threads stop taking chunks.
    """
    size = -(-count // max(chunks, 1))
    bounds = [(start, min(start + size, count)) for start in range(0, count, size)]
    taken = itertools.count()  # next() on a count is atomic under the GIL
    failed = threading.Event()

    def worker() -> None:
        mine: State | None = None
        for index in iter(lambda: next(taken), None):
            if index >= len(bounds) or failed.is_set():
                return
            if mine is None:
                mine = state()
            try:
                work(*bounds[index], mine)
            except BaseException:
                failed.set()  # the others stop taking chunks
                raise

    helpers: list[Future[None]] = [
        _shared_pool().submit(worker) for _ in range(min(threads, len(bounds)) - 1)
    ]
    try:
        worker()
    finally:
        # A helper that never started has nothing of ours to finish; the others must be done
        # before the caller sees its arrays (or an exception).
        started = [helper for helper in helpers if not helper.cancel()]
        wait(started)
    for helper in started:
        helper.result()  # re-raises a helper's exception here


def _shared_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=max(available_threads() - 1, 1), thread_name_prefix="landsea-trees"
            )
        return _pool


def _forget_pool_in_child() -> None:
    # A forked child inherits the pool object but not its threads: start a fresh one on demand.
    global _pool, _pool_lock
    _pool = None
    _pool_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_in_child)
