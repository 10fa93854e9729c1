"""The server process's start-up heap, kept out of the cyclic garbage collector's full passes.

A full (generation-2) collection walks every object the collector tracks. Once `landsea serve`
has started (its imports, the app, the corridor network and the dashboard's flows: about
350,000 objects) one such pass took 130-170 ms, and under load it came every second or two,
as the objects of requests in flight outlive two young collections and fill the old generation.
Every request waited for it: the 230 ms p99 of event posts at 32 clients was these pauses
(issue 13; docs/hub.md). `settle` collects once and moves everything then alive into the
collector's permanent generation (`gc.freeze`), which its passes no longer walk; what the
process makes later is collected as before. A process that settles keeps what it froze (a
cycle among those objects that later becomes garbage is not freed), so the server does it, at
start and once the warm-up is done, and tests and the CLI's other commands do not.
"""

from __future__ import annotations

import gc
import threading


def settle() -> int:
    """Collect, then freeze what is alive; how many objects are frozen now (all settles)."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def settle_after(warming: threading.Thread | None) -> threading.Thread | None:
    """Settle now, and again once `warming` (the start-up's background warm-up) has ended;
    the thread that waits for it to end, when there is one."""
    settle()
    if warming is None:
        return None

    def wait_then_settle() -> None:
        warming.join()
        settle()

    waiter = threading.Thread(target=wait_then_settle, name="landsea-heap-settle", daemon=True)
    waiter.start()
    return waiter
