"""The rendered-view cache: callers missing the same view at once render it once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from landsea.hub.viewcache import ViewCache

WAIT_S = 10.0  # every wait of these tests ends


def _in_thread(target: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    got: list[object] = []

    def run() -> None:
        try:
            got.append(target())
        except Exception as error:  # the test looks at what was raised
            got.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, got


def test_callers_missing_one_view_at_once_render_it_once() -> None:
    cache = ViewCache()
    renders: list[int] = []
    started, release = threading.Event(), threading.Event()

    def render() -> bytes:
        renders.append(1)
        started.set()
        assert release.wait(WAIT_S)
        return b"view"

    first, first_got = _in_thread(lambda: cache.once("key", render))
    assert started.wait(WAIT_S)
    others = [_in_thread(lambda: cache.once("key", render)) for _ in range(3)]
    time.sleep(0.2)  # the others reach the cache while the first still renders
    release.set()
    for thread, _ in [(first, first_got), *others]:
        thread.join(WAIT_S)
        assert not thread.is_alive()
    assert first_got == [b"view"] and all(got == [b"view"] for _, got in others)
    assert len(renders) == 1
    assert cache.get("key") == b"view"


def test_a_failed_render_leaves_the_others_to_render_their_own() -> None:
    cache = ViewCache()
    started, release = threading.Event(), threading.Event()

    def failing() -> bytes:
        started.set()
        assert release.wait(WAIT_S)
        raise RuntimeError("database gone")

    first, first_got = _in_thread(lambda: cache.once("key", failing))
    assert started.wait(WAIT_S)
    second, second_got = _in_thread(lambda: cache.once("key", lambda: b"own"))
    time.sleep(0.2)
    release.set()
    for thread in (first, second):
        thread.join(WAIT_S)
        assert not thread.is_alive()
    assert isinstance(first_got[0], RuntimeError)
    assert second_got == [b"own"]
    with pytest.raises(RuntimeError):  # and a failure is not kept
        cache.once("other", failing)


def test_a_slow_render_is_waited_for_a_bounded_time() -> None:
    cache = ViewCache()
    started, release = threading.Event(), threading.Event()

    def stuck() -> bytes:
        started.set()
        assert release.wait(WAIT_S)
        return b"late"

    first, first_got = _in_thread(lambda: cache.once("key", stuck))
    assert started.wait(WAIT_S)
    # The second gives up on the stuck render after wait_s and answers with its own.
    assert cache.once("key", lambda: b"own", wait_s=0.1) == b"own"
    release.set()
    first.join(WAIT_S)
    assert first_got == [b"late"] and cache.get("key") == b"late"
