"""Operations: request ids in and out, JSON log lines carrying them, Prometheus metrics, and a
backup restored into a fresh database whose audit chain verifies (issue 13.14)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from landsea.cli.app import app as cli
from landsea.errors import DataError
from landsea.hub.observability import JsonLogFormatter

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


def _journey(client: TestClient, parties: Parties, body: Body) -> str:
    made = client.post("/consignments", json=body(), headers=parties["operator"])
    assert made.status_code == 201
    cid = str(made.json()["id"])
    for event_id, code, place, at in (
        ("depa", "DEPA", "CNCKG", "2026-03-01T08:00:00+08:00"),
        ("arri", "ARRI", "LAVTS", "2026-03-02T20:00:00+07:00"),
    ):
        event = {
            "event_id": event_id,
            "event_type": "TRANSPORT",
            "event_classifier_code": "ACT",
            "transport_event_type_code": code,
            "event_datetime": at,
            "location": place,
        }
        posted = client.post(f"/consignments/{cid}/events", json=event, headers=parties["rail"])
        assert posted.status_code == 201
    return cid


def test_a_request_id_comes_back_and_one_is_made_when_missing_or_unfit(
    client: TestClient,
) -> None:
    given = client.get("/health", headers={"X-Request-ID": "trace-42.a:b"})
    assert given.headers["X-Request-ID"] == "trace-42.a:b"
    made = client.get("/health")
    assert len(made.headers["X-Request-ID"]) == 32
    assert made.headers["X-Request-ID"] != client.get("/health").headers["X-Request-ID"]
    forged = client.get("/health", headers={"X-Request-ID": "x\ny" + "z" * 200})
    assert len(forged.headers["X-Request-ID"]) == 32 and "\n" not in forged.headers["X-Request-ID"]


@pytest.fixture
def json_log_lines() -> Iterator[io.StringIO]:
    """What the hub's loggers write, as `landsea serve` formats it (JSON lines)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLogFormatter())
    hub_logger = logging.getLogger("landsea.hub")
    access = logging.getLogger("landsea.hub.access")
    levels = hub_logger.level, access.level
    hub_logger.addHandler(handler)
    access.setLevel(logging.INFO)
    yield stream
    hub_logger.removeHandler(handler)
    hub_logger.setLevel(levels[0])
    access.setLevel(levels[1])


def test_log_lines_are_json_with_the_request_id(
    client: TestClient, corridor_parties: Parties, json_log_lines: io.StringIO
) -> None:
    response = client.get(
        "/consignments/00000000-0000-4000-8000-000000000000",
        headers={**corridor_parties["operator"], "X-Request-ID": "req-7"},
    )
    assert response.status_code == 404
    lines = [json.loads(line) for line in json_log_lines.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "landsea.hub.access"]
    assert access[-1]["request_id"] == "req-7"
    assert access[-1]["route"] == "/consignments/{consignment_id}"
    assert access[-1]["status"] == 404 and access[-1]["method"] == "GET"
    assert access[-1]["duration_ms"] >= 0 and access[-1]["level"] == "INFO"


def _samples(exposition: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_count_requests_by_route_and_status_and_show_stored_events(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    cid = _journey(client, corridor_parties, consignment_body)
    hook = client.post(
        f"/consignments/{cid}/webhooks",
        json={"url": "http://127.0.0.1:9/hook"},
        headers=corridor_parties["operator"],
    )
    assert hook.status_code == 201
    client.app.state.hub.dispatcher.stop()  # type: ignore[attr-defined]  # keep it pending
    client.get(f"/consignments/{cid}", headers=corridor_parties["operator"])
    client.get(f"/consignments/{cid}", headers=corridor_parties["vn"])  # 404
    posted = client.post(
        f"/consignments/{cid}/events",
        json={
            "event_id": "gtot",
            "event_type": "EQUIPMENT",
            "event_classifier_code": "ACT",
            "equipment_event_type_code": "GTOT",
            "equipment_reference": "CSQU3054383",
            "event_datetime": "2026-03-02T21:00:00+07:00",
            "location": "LAVTS",
        },
        headers=corridor_parties["rail"],
    )
    assert posted.status_code == 201
    assert client.get("/metrics", headers=corridor_parties["operator"]).status_code == 403
    response = client.get("/metrics", headers=corridor_parties["admin"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    samples = _samples(response.text)
    route = "/consignments/{consignment_id}"
    ok = (("method", "GET"), ("route", route), ("status", "200"))
    missing = (("method", "GET"), ("route", route), ("status", "404"))
    assert samples[("landsea_hub_requests_total", ok)] == 1
    assert samples[("landsea_hub_requests_total", missing)] == 1
    posts = (("method", "POST"), ("route", route + "/events"), ("status", "201"))
    assert samples[("landsea_hub_requests_total", posts)] == 3
    count = (("method", "POST"), ("route", route + "/events"))
    assert samples[("landsea_hub_request_seconds_count", count)] == 3
    assert samples[("landsea_hub_events_stored", ())] == 3
    assert samples[("landsea_hub_queue_depth", (("queue", "webhook_deliveries"),))] == 1
    assert samples[("landsea_hub_queue_depth", (("queue", "group_writer"),))] == 0


@pytest.fixture
def fresh_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database beside the test's: a new SQLite file, or a new PostgreSQL database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{url.database}_restored"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _audit(database_url: str) -> dict[str, Any]:
    done = CliRunner().invoke(cli, ["hub", "audit", "verify", "--json", "--database", database_url])
    assert done.exit_code in (0, 5), done.output
    report: dict[str, Any] = json.loads(done.output)
    return report


def test_a_backup_restores_into_a_fresh_database_and_its_audit_chain_verifies(
    client: TestClient,
    corridor_parties: Parties,
    consignment_body: Body,
    database_url: str,
    fresh_database: str,
    tmp_path: Path,
) -> None:
    cid = _journey(client, corridor_parties, consignment_body)
    before = _audit(database_url)
    assert before["ok"] and before["entries"] > 5
    archive = tmp_path / "hub.backup"
    done = CliRunner().invoke(cli, ["hub", "backup", str(archive), "--database", database_url])
    assert done.exit_code == 0, done.output
    again = CliRunner().invoke(cli, ["hub", "backup", str(archive), "--database", database_url])
    # Never overwritten (the installed `landsea` prints the DataError and exits 2).
    assert isinstance(again.exception, DataError) and "exists already" in str(again.exception)
    restored = CliRunner().invoke(
        cli, ["hub", "restore", str(archive), "--database", fresh_database]
    )
    assert restored.exit_code == 0, restored.output
    after = _audit(fresh_database)
    assert after == before  # same entries, same head hash, intact
    head = CliRunner().invoke(
        cli,
        ["hub", "audit", "verify", "--head", before["head_hash"], "--database", fresh_database],
    )
    assert head.exit_code == 0, head.output
    # The restored database serves the same consignment's events.
    engine = create_engine(fresh_database)
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT count(*) FROM events WHERE consignment_id = :c"), {"c": cid}
        ).scalar()
    engine.dispose()
    assert stored == 2
    # A restore goes into an empty database only.
    refused = CliRunner().invoke(
        cli, ["hub", "restore", str(archive), "--database", fresh_database]
    )
    assert isinstance(refused.exception, DataError)
    assert "restore into an empty one" in str(refused.exception)
