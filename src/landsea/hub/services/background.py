"""A background thread that runs one round of work every few seconds, or at once when woken:
the webhook dispatcher and the federation's exchange both are one."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import httpx


class Periodic:
    """Runs `work(client)` every `interval_s` (sooner when woken) until stopped: the first
    round at once, or after one interval when `run_at_start` is false.

    A round that raises is logged and the loop goes on: the thread must outlive a bad round
    (a database restart, say); the next round retries what this one left.
    """

    def __init__(
        self,
        name: str,
        work: Callable[[httpx.Client], object],
        log: logging.Logger,
        interval_s: float = 1.0,
        stop_timeout_s: float = 10.0,
        run_at_start: bool = True,
        client: Callable[[], httpx.Client] = httpx.Client,
    ) -> None:
        self.interval_s = interval_s
        self._client = client
        self._work = work
        self._log = log
        self._stop_timeout_s = stop_timeout_s
        self._run_at_start = run_at_start
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start working in the background."""
        self._thread.start()

    def wake(self) -> None:
        """Work is waiting: run a round now rather than at the next tick."""
        self._wake.set()

    def stop(self) -> None:
        """Stop, waiting for the current round (up to the stop timeout)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=self._stop_timeout_s)

    def _run(self) -> None:
        with self._client() as client:
            if not self._run_at_start:
                self._pause()
            while not self._stop.is_set():
                try:
                    self._work(client)
                except Exception:
                    self._log.exception("%s round failed", self._thread.name)
                self._pause()

    def _pause(self) -> None:
        self._wake.wait(self.interval_s)
        self._wake.clear()
