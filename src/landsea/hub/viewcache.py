"""Rendered consignment views, kept while the consignment is unchanged.

Rendering a consignment costs six statements and a pydantic model; answering it again costs one
indexed lookup of its `updated_at` (which every change moves: events, estimates, carriers).
A view is keyed by consignment, `updated_at` and what the caller may see (its role, and for a
carrier its organisation), so a change or another role never reads a stale or a wider view.
Callers missing the same key at once render it once (`once`): after a burst of changes every
reader of a consignment would otherwise render the same view side by side.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

__all__ = ["RENDER_WAIT_S", "ViewCache"]

# How long a caller waits for another's render of the same view before rendering its own.
RENDER_WAIT_S = 5.0


class ViewCache:
    """A bounded least-recently-used map from a view's key to its JSON bytes (thread-safe)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._views: OrderedDict[Hashable, bytes] = OrderedDict()
        self._rendering: dict[Hashable, threading.Event] = {}
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

    def once(
        self, key: Hashable, render: Callable[[], bytes], wait_s: float = RENDER_WAIT_S
    ) -> bytes:
        """The view under `key`, rendered by `render()` and kept if missing. While one caller
        renders a key, others asking for it wait for that render (at most `wait_s`, then they
        render their own) instead of rendering it beside it."""
        with self._lock:
            found = self._views.get(key)
            if found is not None:
                self._views.move_to_end(key)
                return found
            pending = self._rendering.get(key)
            if pending is None:
                mine = self._rendering[key] = threading.Event()
        if pending is not None:
            # Another caller's render failed or is slow when the view is still missing.
            if pending.wait(wait_s) and (found := self.get(key)) is not None:
                return found
            return render()
        try:
            view = render()
            self.put(key, view)
            return view
        finally:
            with self._lock:
                del self._rendering[key]
            mine.set()
