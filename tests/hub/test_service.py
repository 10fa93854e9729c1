"""The service skeleton: health, OpenAPI, the request-size limit and token checks."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from landsea.hub import migrate


def test_health_answers_without_a_token_and_names_the_schema(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["schema_revision"] == migrate.head_revision()


def test_openapi_document_is_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "landsea hub"
    assert "/health" in spec["paths"]


def test_a_request_past_the_size_limit_is_413(client: TestClient) -> None:
    response = client.post("/tokens", content=b"{" + b" " * 2_000_000 + b"}")
    assert response.status_code == 413


def test_a_streamed_body_past_the_size_limit_is_413(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(30):
            yield b" " * 100_000

    response = client.post("/tokens", content=chunks())
    assert response.status_code == 413


def test_endpoints_other_than_health_need_a_token(client: TestClient) -> None:
    assert client.get("/me").status_code == 401
    assert client.get("/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_an_unavailable_database_is_503_not_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from landsea.hub.routes import health

    def down(_db: object) -> str:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(health, "database_revision", down)
    response = client.get("/health")
    assert response.status_code == 503 and response.headers["retry-after"] == "5"


def test_ci_without_a_postgres_server_fails_rather_than_skips() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "LANDSEA_TEST_POSTGRES_URL"}
    env["CI"] = "true"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(Path(__file__).parent),
            "--collect-only",
            "-q",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode != 0
    assert "LANDSEA_TEST_POSTGRES_URL is not set" in done.stdout + done.stderr
