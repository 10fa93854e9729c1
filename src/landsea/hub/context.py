"""What every request handler may reach: settings, the database and the corridor network."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from landsea.config import Settings
from landsea.errors import LandseaError
from landsea.hub.auth import Principal
from landsea.hub.db import Database
from landsea.hub.groupcommit import GroupWriter
from landsea.hub.limits import RateLimit
from landsea.hub.services.federation_sync import FederationSync
from landsea.hub.services.identity import revocation_count
from landsea.hub.services.public_tables import PublicTables
from landsea.hub.services.subscriptions import WebhookDispatcher
from landsea.hub.viewcache import ViewCache

# A token is looked up in the database at most this often per process. A revocation needs no
# wait: every request reads the hub's revocation counter, and a change drops what was cached.
PRINCIPAL_TTL_S = 5.0
# Public statistics are recomputed at most this often.
STATS_TTL_S = 10.0
log = logging.getLogger("landsea.hub")

if TYPE_CHECKING:
    import pandas as pd

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
    writer: GroupWriter = field(init=False, repr=False)
    stats: PublicTables = field(init=False, repr=False)
    stats_limit: RateLimit = field(default_factory=RateLimit, repr=False)
    dispatcher: WebhookDispatcher | None = field(default=None, repr=False)  # while serving
    federation: FederationSync | None = field(default=None, repr=False)  # while serving
    views: ViewCache = field(default_factory=ViewCache, repr=False)
    _network: Network | None = field(default=None, repr=False)
    _principals: dict[str, tuple[Principal, float]] = field(default_factory=dict, repr=False)
    _revocations_seen: int | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.writer = GroupWriter(self.db)
        self.stats = PublicTables(
            self.db, self.settings.min_public_consignments, self.network_lines, STATS_TTL_S
        )

    def revocations(self) -> int:
        """The hub's revocation counter, read now; when it moved since the last read, every
        cached principal is forgotten (a token revoked by any process stops working at once)."""
        count = revocation_count(self.db)
        if count != self._revocations_seen:
            self.forget_principals()
            self._revocations_seen = count
        return count

    def cached_principal(self, digest: str) -> Principal | None:
        """A recently authenticated token's principal (for at most `PRINCIPAL_TTL_S`)."""
        found = self._principals.get(digest)
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]

    def remember_principal(self, digest: str, principal: Principal, revocations: int) -> None:
        """Keep a principal for `PRINCIPAL_TTL_S` (bounded: past 10,000 all are forgotten), unless
        a revocation came in since `revocations` was read (it may be this very token's)."""
        if revocations != self._revocations_seen:
            return
        if len(self._principals) > 10_000:  # bounded: forget everyone rather than grow
            self._principals.clear()
        self._principals[digest] = (principal, time.monotonic() + PRINCIPAL_TTL_S)

    def wake_federation(self) -> None:
        """Documents for peer hubs were queued: push them now (a no-op when not serving)."""
        if self.federation is not None:
            self.federation.wake()

    def forget_principals(self) -> None:
        """After a revocation: this process stops honouring the token at once."""
        self._principals.clear()

    def network_lines(self) -> pd.DataFrame | None:
        """The named lines of the corridor network, or None when no network can be loaded."""
        try:
            tables = self.network().tables
        except LandseaError as err:
            log.warning("statistics without corridor lines: %s", err)
            return None
        return getattr(tables, "lines", None)

    def network(self) -> Network:
        """The corridor network, loaded on first use."""
        with self._lock:
            if self._network is None:
                self._network = self.network_loader()
            return self._network
