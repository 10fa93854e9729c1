"""What the dashboard's handlers share: the hub's context (settings, network), jobs, cached
answers that cost seconds (the flows of the baseline assignment)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from landsea.web.jobs import JobRunner

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
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def settings(self) -> Settings:
        return self.hub.settings

    def network(self) -> Network:
        return self.hub.network()

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """`make()` once per app (under a lock, so parallel first requests compute it once)."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]
