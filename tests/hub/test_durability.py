"""SIGKILL under load: every event the hub acknowledged is there after a restart.

A real uvicorn process on loopback, writers posting events, `kill -9` in the middle, a restart
on the same database, and a count. Bounded: a few hundred events, a few seconds.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import httpx
import pytest
from benchmarks.hub_server import event, free_port, seed, start_server, stop_server
from sqlalchemy import select

from landsea.hub import migrate
from landsea.hub.audit import load_chain, verify_chain
from landsea.hub.db import Database
from landsea.hub.models import TrackingEvent

WRITERS = 4
ACKS_BEFORE_KILL = 200


@pytest.mark.slow
def test_no_acknowledged_event_is_lost_to_sigkill(database_url: str) -> None:
    db = Database(database_url)
    migrate.upgrade(db.engine)
    tokens, (cid,) = seed(db)
    port = free_port()
    server = start_server(database_url, port)
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(number: int) -> None:
        headers = {"Authorization": f"Bearer {tokens['carrier0']}"}
        url = f"http://127.0.0.1:{port}/consignments/{cid}/events"
        with httpx.Client(timeout=10) as client:
            for n in range(10_000):
                if stop.is_set():
                    return
                event_id = f"w{number}-{n}"
                try:
                    response = client.post(url, json=event(event_id), headers=headers)
                except httpx.HTTPError:
                    return  # the server is gone: this event was never acknowledged
                if response.status_code in (200, 201):
                    with lock:
                        acknowledged.append(event_id)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < ACKS_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(server.pid, signal.SIGKILL)  # mid-stream: requests are in flight
    server.wait(timeout=30)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)  # each request has a 10 s timeout
    assert len(acknowledged) >= ACKS_BEFORE_KILL

    restarted = start_server(database_url, port)
    try:
        with db.read() as session:
            stored = set(session.scalars(select(TrackingEvent.event_id)))
            report = verify_chain(load_chain(session))
    finally:
        stop_server(restarted)
        db.dispose()
    assert set(acknowledged) <= stored
    assert report.ok
