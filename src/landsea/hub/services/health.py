"""Health of the database."""

from __future__ import annotations

from landsea.hub import migrate
from landsea.hub.db import Database


def database_revision(db: Database) -> str | None:
    """The schema revision the database is at (it answers, or this raises)."""
    return migrate.current_revision(db.read_engine)
