"""The server's start-up heap is left out of the garbage collector's full passes."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from landsea.web import heap


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Give back to the collector what a test froze (the test process goes on)."""
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_what_the_warm_up_made_is_settled_once_it_ends() -> None:
    made: list[list[int]] = []
    go = threading.Event()

    def warm_up() -> None:
        go.wait()
        made.extend([n] for n in range(20_000))

    warming = threading.Thread(target=warm_up)
    warming.start()
    waiter = heap.settle_after(warming)
    frozen_at_start = gc.get_freeze_count()
    go.set()
    assert waiter is not None
    waiter.join()
    # the count grows by the warm-up's objects less the frozen ones that reference counting
    # freed meanwhile (a few dozen in a full suite), so the exact check is the walk below
    assert gc.get_freeze_count() > frozen_at_start + 10_000
    walked = {id(item) for item in gc.get_objects()}  # what a collection's passes walk
    assert id(made) not in walked
    assert not any(id(item) in walked for item in made)


@pytest.mark.usefixtures("unfrozen")
def test_what_is_made_after_settling_is_collected_as_before() -> None:
    heap.settle_after(None)
    later: list[object] = []
    later.append(later)  # a cycle: only the collector frees it
    assert id(later) in {id(item) for item in gc.get_objects()}
