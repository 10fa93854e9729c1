"""The audit log: every write appends an entry chained to the one before, the database refuses
to change it, and `landsea hub audit verify` finds an altered, removed or reordered entry."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from landsea.cli.app import app as cli
from landsea.hub.db import Database

TokenMaker = Callable[..., dict[str, str]]


@pytest.fixture
def busy_log(db: Database, token_for: TokenMaker) -> Database:
    """A few writes: each organisation and token made leaves entries in the log."""
    for index in range(3):
        token_for("carrier", f"Carrier {index}")
    return db


def verify(database_url: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["hub", "audit", "verify", "--database", database_url])
    return result.exit_code, result.output


def tamper(db: Database, *statements: str) -> None:
    """What someone with write access to the database could do: drop the guard, then edit."""
    with db.engine.connect() as conn:
        if db.is_sqlite:
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        for statement in statements:
            conn.execute(text(statement))
        conn.commit()


def test_an_untouched_log_verifies(busy_log: Database, database_url: str) -> None:
    code, output = verify(database_url)
    assert code == 0 and "6 entries, intact" in output


def test_the_database_refuses_to_change_the_log(busy_log: Database) -> None:
    with pytest.raises(DBAPIError, match="append-only"), busy_log.write() as session:
        session.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1"))
    with pytest.raises(DBAPIError, match="append-only"), busy_log.write() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq = 1"))


def test_an_altered_entry_is_found(busy_log: Database, database_url: str) -> None:
    tamper(busy_log, "UPDATE audit_log SET entity_id = 'forged' WHERE seq = 3")
    code, output = verify(database_url)
    assert code == 5
    assert "entry 3: hash does not match its content: entry altered" in output


def test_a_removed_entry_is_found(busy_log: Database, database_url: str) -> None:
    tamper(busy_log, "DELETE FROM audit_log WHERE seq = 2")
    code, output = verify(database_url)
    assert code == 5 and "expected entry 2 here: entries removed" in output


def test_reordered_entries_are_found(busy_log: Database, database_url: str) -> None:
    tamper(
        busy_log,
        "UPDATE audit_log SET seq = -2 WHERE seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = -2",
    )
    code, output = verify(database_url)
    assert code == 5 and "previous-hash link broken" in output


def test_admins_verify_through_the_api(
    client: TestClient, busy_log: Database, token_for: TokenMaker
) -> None:
    admin = token_for("admin", "Hub Admin")
    report = client.get("/audit/verify", headers=admin).json()
    assert report["ok"] and report["entries"] == 8
    entries = client.get("/audit", headers=admin).json()
    assert entries[1]["prev_hash"] == entries[0]["hash"]
    operator = token_for("operator", "Chongqing Forwarding")
    assert client.get("/audit/verify", headers=operator).status_code == 403


def test_json_gives_the_head_hash_to_anchor(busy_log: Database, database_url: str) -> None:
    result = CliRunner().invoke(
        cli, ["hub", "audit", "verify", "--json", "--database", database_url]
    )
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["ok"] and len(report["head_hash"]) == 64


def test_an_emptied_log_does_not_verify(busy_log: Database, database_url: str) -> None:
    tamper(busy_log, "DELETE FROM audit_log")
    code, output = verify(database_url)
    assert code == 5 and "the log is empty but the hub holds organisations" in " ".join(
        output.split()
    )


def test_a_tail_cut_off_past_the_anchored_head_is_found(
    busy_log: Database, database_url: str
) -> None:
    anchored = json.loads(
        CliRunner()
        .invoke(cli, ["hub", "audit", "verify", "--json", "--database", database_url])
        .output
    )["head_hash"]
    tamper(busy_log, "DELETE FROM audit_log WHERE seq >= 5")
    code, _ = verify(database_url)
    assert code == 0  # a shorter chain still verifies on its own...
    result = CliRunner().invoke(
        cli, ["hub", "audit", "verify", "--head", anchored, "--database", database_url]
    )
    said = " ".join(result.output.split())  # the console wraps long lines
    assert result.exit_code == 5 and "is not in the log: cut off" in said  # ...not so
