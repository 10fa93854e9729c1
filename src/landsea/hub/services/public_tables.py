"""The published statistics tables, recomputed once, incrementally and off the request path.

Anyone may ask for them, so asking must not be a lever on the server's CPU:

- **single flight**: a table is computed by one thread at a time; callers that arrive while the
  first computation runs wait for it and share its result;
- **off the request path**: once a table exists, a caller gets it at once; when it is older
  than `ttl_s`, one background thread recomputes it (the stale table is served meanwhile);
- **incremental**: events are read from the last sequence seen (`EventLog`), not all again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from landsea.hub.db import Database
from landsea.hub.services.stats_queries import TABLES, EventLog, public_table

log = logging.getLogger("landsea.hub.stats")

__all__ = ["PublicTables"]


@dataclass(frozen=True)
class _Computed:
    frame: pd.DataFrame
    expires: float


class PublicTables:
    """Each public table, computed at most once per `ttl_s`, by one thread at a time."""

    def __init__(
        self,
        db: Database,
        min_consignments: int,
        lines: Callable[[], pd.DataFrame | None],
        ttl_s: float = 10.0,
    ) -> None:
        self.db = db
        self.min_consignments = min_consignments
        self.lines = lines
        self.ttl_s = ttl_s
        self.computations = 0  # how many times a table was computed (for tests and metrics)
        self._events = EventLog()
        self._tables: dict[str, _Computed] = {}
        self._locks = {name: threading.Lock() for name in TABLES}
        self._refreshing: set[str] = set()
        self._guard = threading.Lock()

    def table(self, name: str) -> pd.DataFrame:
        """The table `name` (one of `TABLES`): as last computed, refreshed in the background
        when older than `ttl_s`; computed here (once, whoever else asks) the first time."""
        found = self._tables.get(name)
        if found is not None:
            if found.expires < time.monotonic():
                self._refresh_in_background(name)
            return found.frame
        with self._locks[name]:
            found = self._tables.get(name)
            if found is None:
                found = self._compute(name)
        return found.frame

    def _compute(self, name: str) -> _Computed:
        lines = self.lines() if name == "lines" else None
        with self.db.read() as session:
            events = self._events.frame(session)
            frame = public_table(session, name, self.min_consignments, lines, events)
        computed = _Computed(frame, time.monotonic() + self.ttl_s)
        self._tables[name] = computed
        self.computations += 1
        return computed

    def _refresh_in_background(self, name: str) -> None:
        with self._guard:
            if name in self._refreshing:
                return
            self._refreshing.add(name)
        threading.Thread(target=self._refresh, args=(name,), daemon=True).start()

    def _refresh(self, name: str) -> None:
        try:
            with self._locks[name]:
                self._compute(name)
        except Exception:
            # The stale table keeps being served; the next request after expiry tries again.
            log.exception("recomputing the public table %s failed", name)
        finally:
            with self._guard:
                self._refreshing.discard(name)
