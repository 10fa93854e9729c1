"""Rendered consignment views, kept while the consignment is unchanged.

Reading a consignment costs six ORM queries and a pydantic model; answering it again costs one
indexed lookup of its `updated_at` (which every change moves: events, estimates, carriers).
A view is keyed by consignment, `updated_at` and what the caller may see (its role, and for a
carrier its organisation), so a change or another role never reads a stale or a wider view.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

__all__ = ["ViewCache"]


class ViewCache:
    """A bounded least-recently-used map from a view's key to its JSON bytes (thread-safe)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._views: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        """The bytes kept under `key`, or None."""
        with self._lock:
            found = self._views.get(key)
            if found is not None:
                self._views.move_to_end(key)
            return found

    def put(self, key: Hashable, view: bytes) -> None:
        """Keep `view` under `key`, forgetting the least recently used beyond `size`."""
        with self._lock:
            self._views[key] = view
            self._views.move_to_end(key)
            while len(self._views) > self.size:
                self._views.popitem(last=False)
