"""Organisations, roles and tokens: a token is shown once and stored only as its hash."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from landsea.cli.app import app as cli
from landsea.hub.db import Database
from landsea.hub.models import ApiToken

TokenMaker = Callable[..., dict[str, str]]


def test_a_token_names_its_organisation_role_and_country(
    client: TestClient, token_for: TokenMaker
) -> None:
    headers = token_for("authority", "Lao Customs", "la")
    me = client.get("/me", headers=headers).json()
    assert (me["organisation"], me["role"], me["country"]) == ("Lao Customs", "authority", "LA")


def test_only_the_hash_of_a_token_is_stored(db: Database, token_for: TokenMaker) -> None:
    secret = token_for("operator", "Chongqing Forwarding")["Authorization"].split()[1]
    with db.read() as session:
        stored = [t.token_sha256 for t in session.scalars(select(ApiToken))]
    assert stored and secret not in stored and all(len(s) == 64 for s in stored)


def test_an_authority_needs_a_country(client: TestClient, token_for: TokenMaker) -> None:
    admin = token_for("admin", "Hub Admin")
    body = {"organisation": "Some Customs", "role": "authority"}
    response = client.post("/tokens", json=body, headers=admin)
    assert response.status_code == 422
    assert "country" in response.json()["detail"]


def test_admin_issues_and_revokes_tokens(client: TestClient, token_for: TokenMaker) -> None:
    admin = token_for("admin", "Hub Admin")
    made = client.post(
        "/tokens", json={"organisation": "Laos-China Railway", "role": "carrier"}, headers=admin
    ).json()
    carrier = {"Authorization": f"Bearer {made['token']}"}
    assert client.get("/me", headers=carrier).status_code == 200
    assert client.delete(f"/tokens/{made['token_id']}", headers=admin).status_code == 204
    assert client.get("/me", headers=carrier).status_code == 401


def test_only_admins_manage_tokens(client: TestClient, token_for: TokenMaker) -> None:
    operator = token_for("operator", "Chongqing Forwarding")
    response = client.post("/tokens", json={"organisation": "X", "role": "admin"}, headers=operator)
    assert response.status_code == 403


def test_an_organisation_keeps_its_role(client: TestClient, token_for: TokenMaker) -> None:
    admin = token_for("admin", "Hub Admin")
    token_for("carrier", "Thai Trucking")
    body = {"organisation": "Thai Trucking", "role": "operator"}
    assert client.post("/tokens", json=body, headers=admin).status_code == 409


def test_cli_prints_a_token_once(database_url: str) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "hub",
            "token",
            "create",
            "--role",
            "authority",
            "--country",
            "CN",
            "--org",
            "China Customs (Mohan)",
            "--database",
            database_url,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "lsh_" in result.output


def test_cli_refuses_an_unknown_role(database_url: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["hub", "token", "create", "--role", "pirate", "--org", "X", "--database", database_url],
    )
    assert result.exit_code != 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "not a database URL"),
        ("sqlite://", "in-memory"),
        ("mysql://x@127.0.0.1/db", "SQLite or PostgreSQL"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot open the hub database"),
    ],
)
def test_a_bad_database_is_a_message_and_exit_2(url: str, message: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "landsea.cli.app", "hub", "audit", "verify", "--database", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
