"""The demo hub in the browser tests' server, seeded once per database: seeding again would
issue fresh tokens and revoke the ones a test already holds."""

from __future__ import annotations

from landsea.hub.db import Database
from landsea.hub.demo import DemoTokens, seed_demo

from .conftest import WebServer

_SEEDED: dict[str, DemoTokens] = {}


def demo_for(server: WebServer) -> DemoTokens:
    """The demo's tokens on `server` (the server was started with --no-demo)."""
    if server.database_url not in _SEEDED:
        database = Database(server.database_url)
        try:
            _SEEDED[server.database_url] = seed_demo(database)
        finally:
            database.dispose()
    return _SEEDED[server.database_url]
