"""The peer for the hub benchmark: the least a durable event endpoint can do.

A bare Starlette app: parse the JSON body, INSERT one row, COMMIT (fsync), answer 201. No tokens,
no validation, no legs, no audit chain, no group commit: what the hub adds is measured against
this floor. Run with `uvicorn benchmarks._bare_events:app` and LANDSEA_BARE_URL set to a SQLite
file path (`sqlite:PATH`) or a PostgreSQL conninfo (`postgresql://...`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

URL = os.environ.get("LANDSEA_BARE_URL", "sqlite:/tmp/bare.sqlite3")
CREATE = (
    "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, event_id TEXT UNIQUE, "
    "consignment_id TEXT, body TEXT)"
)


def _sqlite() -> Callable[[tuple[Any, ...]], None]:
    connection = sqlite3.connect(
        URL.removeprefix("sqlite:"), check_same_thread=False, isolation_level=None
    )
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute(CREATE)
    lock = threading.Lock()

    def insert(row: tuple[Any, ...]) -> None:
        with lock:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT INTO events (event_id, consignment_id, body) VALUES (?, ?, ?)", row
            )
            connection.execute("COMMIT")

    return insert


def _postgres() -> Callable[[tuple[Any, ...]], None]:
    import queue

    import psycopg

    pool: queue.SimpleQueue[psycopg.Connection[Any]] = queue.SimpleQueue()
    for _ in range(32):  # autocommit: every INSERT is its own durable transaction
        pool.put(psycopg.connect(URL, autocommit=True))
    conn = pool.get()
    conn.execute(CREATE.replace("INTEGER PRIMARY KEY", "BIGSERIAL PRIMARY KEY"))
    pool.put(conn)

    def insert(row: tuple[Any, ...]) -> None:
        conn = pool.get()
        try:
            conn.execute(
                "INSERT INTO events (event_id, consignment_id, body) VALUES (%s, %s, %s)", row
            )
        finally:
            pool.put(conn)

    return insert


_insert = _sqlite() if URL.startswith("sqlite:") else _postgres()


async def events(request: Request) -> Response:
    import anyio

    body = await request.json()
    row = (body["event_id"], request.path_params["cid"], str(body))
    await anyio.to_thread.run_sync(_insert, row)
    return Response(b'{"ok":true}', status_code=201, media_type="application/json")


app = Starlette(routes=[Route("/consignments/{cid}/events", events, methods=["POST"])])
