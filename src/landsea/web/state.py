"""What the dashboard's handlers share: the hub's context (settings, network), jobs, cached
answers that cost seconds (the flows of the baseline assignment)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from landsea.web.jobs import JobRunner

log = logging.getLogger("landsea.web")

if TYPE_CHECKING:
    from landsea.config import Settings
    from landsea.hub.context import HubContext
    from landsea.network import Network


@dataclass
class DashboardState:
    """One per app; `app.state.dashboard`."""

    hub: HubContext
    jobs: JobRunner = field(default_factory=JobRunner)
    _cache: dict[str, Any] = field(default_factory=dict)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def settings(self) -> Settings:
        return self.hub.settings

    def network(self) -> Network:
        return self.hub.network()

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """`make()` once per app: one lock per key, so parallel first requests compute it once
        and the seconds the flows take do not hold up the network."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    def warm(self, makers: dict[str, Callable[[], Any]]) -> threading.Thread:
        """Run the (caching) makers of slow answers in the background at start, so the first
        visitor need not wait; a key names its maker in the log."""

        def work() -> None:
            for key, make in makers.items():
                try:
                    make()
                except Exception:  # the request that needs it will raise and report it
                    log.warning("warming %s failed", key, exc_info=True)

        thread = threading.Thread(target=work, name="landsea-web-warm", daemon=True)
        thread.start()
        return thread
