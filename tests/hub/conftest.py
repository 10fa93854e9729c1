"""Hub test fixtures: a fresh database per test, on SQLite always and PostgreSQL when
LANDSEA_TEST_POSTGRES_URL is set (CI sets it; under CI=true its absence is a failure)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from landsea.config import Settings
from landsea.hub.app import create_app
from landsea.hub.auth import Role
from landsea.hub.db import Database
from landsea.hub.services.identity import issue_token

POSTGRES_URL = os.environ.get("LANDSEA_TEST_POSTGRES_URL")


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") == "true" and not POSTGRES_URL:
        raise pytest.UsageError(
            "CI=true but LANDSEA_TEST_POSTGRES_URL is not set: .ci/run should start PostgreSQL"
        )


BACKENDS = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]


def _worker_postgres_url(worker: str) -> str:
    """A database of this xdist worker's own on the test server, emptied for each test."""
    assert POSTGRES_URL is not None
    url = make_url(POSTGRES_URL)
    name = f"{url.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    own = url.set(database=name)
    engine = create_engine(own, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return _worker_postgres_url(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    return f"sqlite:///{tmp_path / 'hub.sqlite3'}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, min_public_consignments=2)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    made = create_app(settings)
    yield made
    made.state.hub.db.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def db(app: FastAPI) -> Database:
    database: Database = app.state.hub.db
    return database


TokenMaker = Callable[..., dict[str, str]]


@pytest.fixture
def token_for(db: Database) -> TokenMaker:
    """Make a token and return the Authorization header that carries it."""

    def make(role: Role | str, org: str, country: str | None = None) -> dict[str, str]:
        with db.write() as session:
            issued = issue_token(session, org, Role(role), country)
        return {"Authorization": f"Bearer {issued.token}"}

    return make
