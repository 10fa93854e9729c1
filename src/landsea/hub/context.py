"""What every request handler may reach: settings, the database and the corridor network."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from landsea.config import Settings
from landsea.hub.db import Database

if TYPE_CHECKING:
    from landsea.network import Network


def _bundled_network() -> Network:
    from landsea.network import corridor_network

    return corridor_network()


@dataclass
class HubContext:
    """One per app. The network is loaded on first use (planning), not at start."""

    settings: Settings
    db: Database
    network_loader: Callable[[], Network] = _bundled_network
    _network: Network | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def network(self) -> Network:
        with self._lock:
            if self._network is None:
                self._network = self.network_loader()
            return self._network
