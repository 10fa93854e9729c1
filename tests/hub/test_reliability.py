"""Reliability: concurrent writers lose nothing and keep the audit chain whole; a database made
by the first schema version upgrades in place and keeps working."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from landsea.config import Settings
from landsea.hub import migrate
from landsea.hub.app import create_app
from landsea.hub.audit import load_chain, verify_chain
from landsea.hub.auth import token_digest
from landsea.hub.db import Database
from landsea.hub.models import TrackingEvent
from landsea.hub.schemas.events import EventIn
from landsea.hub.services import events
from landsea.hub.services.identity import authenticate

from .conftest import empty_postgres

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]
WRITERS_PER_PROCESS = 3
EVENTS_PER_WRITER = 15


def test_concurrent_writers_from_two_processes_lose_nothing(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, database_url: str
) -> None:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    cid = made.json()["id"]
    secret = corridor_parties["rail"]["Authorization"].split()[1]
    # Two Database objects stand for two server processes: on SQLite they share no lock but
    # the file's, so this exercises BEGIN IMMEDIATE and the busy timeout.
    databases = [Database(database_url), Database(database_url)]
    with databases[0].read() as session:
        rail = authenticate(session, secret)
    assert rail is not None
    failures: list[BaseException] = []

    def write(db: Database, writer: int) -> None:
        try:
            for n in range(EVENTS_PER_WRITER):
                event = EventIn(
                    event_id=f"w{writer}-{n}",
                    event_type="TRANSPORT",
                    event_classifier_code="ACT",
                    transport_event_type_code="DEPA",
                    event_datetime="2026-03-01T00:00:00Z",
                    location="CNCKG",
                )  # type: ignore[arg-type]
                with db.write() as session:
                    events.record(session, rail, cid, [event])
        except BaseException as err:
            failures.append(err)

    threads = [
        threading.Thread(target=write, args=(databases[i % 2], i))
        for i in range(2 * WRITERS_PER_PROCESS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with databases[0].read() as session:
        stored = session.scalar(select(func.count()).select_from(TrackingEvent))
        report = verify_chain(load_chain(session))
    assert stored == 2 * WRITERS_PER_PROCESS * EVENTS_PER_WRITER
    assert report.ok
    for db in databases:
        db.dispose()


def test_a_first_version_database_upgrades_and_keeps_working(
    database_url: str, tmp_path: Path
) -> None:
    # The fixture's database is at the newest schema already: start from an empty one.
    if database_url.startswith("sqlite"):
        database_url = f"sqlite:///{tmp_path / 'made-by-v1.sqlite3'}"
    else:
        empty_postgres(database_url)
    old = Database(database_url)
    migrate.upgrade(old.engine, "0001")
    assert migrate.current_revision(old.engine) == "0001"
    secret = "lsh_made-by-version-one"
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisations (id, name, role, country, created_at) "
                "VALUES ('00000000-0000-4000-8000-00000000000a', 'Old Lao Customs', "
                "'authority', 'LA', '2025-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO api_tokens (id, organisation_id, token_sha256, label, created_at) "
                "VALUES ('00000000-0000-4000-8000-00000000000b', "
                "'00000000-0000-4000-8000-00000000000a', :digest, 'v1', '2025-01-01 00:00:00')"
            ),
            {"digest": token_digest(secret)},
        )
    old.dispose()

    app = create_app(Settings(database_url=database_url))
    with TestClient(app) as client:
        assert client.get("/health").json()["schema_revision"] == migrate.head_revision()
        me = client.get("/me", headers={"Authorization": f"Bearer {secret}"}).json()
        assert (me["organisation"], me["country"]) == ("Old Lao Customs", "LA")
        assert (
            client.get("/declarations", headers={"Authorization": f"Bearer {secret}"}).json() == []
        )
    app.state.hub.db.dispose()
