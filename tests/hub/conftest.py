"""Hub test fixtures: a fresh database per test, on SQLite always and PostgreSQL when
LANDSEA_TEST_POSTGRES_URL is set (CI sets it; under CI=true its absence is a failure)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from landsea.config import Settings
from landsea.data.io import read_tables
from landsea.hub import migrate
from landsea.hub.app import create_app
from landsea.hub.auth import Role
from landsea.hub.db import Database
from landsea.hub.models import Base
from landsea.hub.services.identity import issue_token
from landsea.network import Network, network_from_tables

POSTGRES_URL = os.environ.get("LANDSEA_TEST_POSTGRES_URL")


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") == "true" and not POSTGRES_URL:
        raise pytest.UsageError(
            "CI=true but LANDSEA_TEST_POSTGRES_URL is not set: .ci/run should start PostgreSQL"
        )


BACKENDS = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]


def _worker_postgres_url(worker: str) -> str:
    """A database of this xdist worker's own on the test server, emptied for each test.

    Migrated once; between tests its tables are truncated (much faster than migrating again).
    """
    assert POSTGRES_URL is not None
    own = postgres_database(f"{make_url(POSTGRES_URL).database}_{worker}")
    database = Database(own)
    try:
        if migrate.current_revision(database.engine) != migrate.head_revision():
            empty_postgres(own)
            migrate.upgrade(database.engine)
        with database.engine.connect() as conn:
            tables = Base.metadata.sorted_tables
            conn.execute(text(f"TRUNCATE {', '.join(t.name for t in tables)} RESTART IDENTITY"))
            # A tampering test may have switched the append-only guard off: switch it back on.
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER ALL"))
            conn.commit()
    finally:
        database.dispose()
    return own


def postgres_database(name: str) -> str:
    """The URL of the database `name` on the test server, created if it is missing."""
    assert POSTGRES_URL is not None
    url = make_url(POSTGRES_URL)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def empty_postgres(url: str) -> None:
    """Drop every table (and the migration record) of a PostgreSQL test database."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database at the newest schema, copied for each test (migrating takes longer)."""
    path = tmp_path_factory.mktemp("template") / "hub.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database.engine)
    database.dispose()  # the last connection closing folds the WAL into the file
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "postgres":
        return _worker_postgres_url(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    path = tmp_path / "hub.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


FIXTURES = Path(__file__).parent / "fixtures"


def mini_network() -> Network:
    """A small real network (tables under fixtures/mini, read and validated like any dataset):
    Chongqing-Kunming-Mohan/Boten-Vientiane-Nong Khai-Bangkok and Chongqing-Nanning-Hanoi."""
    return network_from_tables(read_tables(FIXTURES / "mini"))


@pytest.fixture
def settings(database_url: str) -> Settings:
    # The tests' webhook receivers listen on loopback, which an administrator must allow.
    return Settings(
        database_url=database_url, min_public_consignments=2, webhook_allowed_hosts=["127.0.0.1"]
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    made = create_app(settings, network_loader=mini_network)
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


@pytest.fixture
def consignment_body() -> Callable[..., dict[str, object]]:
    """A Chongqing-Bangkok consignment document: rail to Vientiane South, then road."""

    def make(**changes: object) -> dict[str, object]:
        body: dict[str, object] = {
            "document_number": "MTD-2026-0001",
            "consignor": {"name": "Chongqing Electronics Co.", "country": "CN"},
            "consignee": {"name": "Bangkok Retail Ltd", "country": "TH"},
            "origin": "CNCQI",
            "destination": "THBKK",
            "incoterm": "CPT",
            "commodity": "electronics",
            "goods": [
                {
                    "hs_code": "847130",
                    "description": "laptops",
                    "packages": 400,
                    "gross_mass_kg": 9600,
                    "value": 480000,
                    "currency": "USD",
                },
            ],
            "equipment": [{"container_number": "CSQU3054383", "size_type": "45G1"}],
            "planned_departure": "2026-03-01T08:00:00+08:00",
            "itinerary": {
                "legs": [
                    {
                        "mode": "rail_1435",
                        "from": "CNCKG",
                        "to": "LAVTS",
                        "carrier": "China Railway Container",
                    },
                    {"mode": "road", "from": "LAVTS", "to": "THBKK", "carrier": "Mekong Trucking"},
                ]
            },
        }
        body.update(changes)
        return body

    return make


@pytest.fixture
def corridor_parties(token_for: TokenMaker) -> dict[str, dict[str, str]]:
    """Tokens of the people around one consignment, carriers made before it is opened."""
    return {
        "operator": token_for("operator", "Chongqing Forwarding"),
        "other_operator": token_for("operator", "Guangxi Logistics"),
        "rail": token_for("carrier", "China Railway Container"),
        "road": token_for("carrier", "Mekong Trucking"),
        "other_carrier": token_for("carrier", "Saigon Haulage"),
        "cn": token_for("authority", "China Customs", "CN"),
        "la": token_for("authority", "Lao Customs", "LA"),
        "th": token_for("authority", "Thai Customs", "TH"),
        "vn": token_for("authority", "Vietnam Customs", "VN"),
        "public": token_for("public", "Corridor Observatory"),
        "admin": token_for("admin", "Hub Admin"),
    }
