"""Health: answers without a token, says whether the database answers and its schema revision."""

from __future__ import annotations

from fastapi import APIRouter

from landsea.hub.deps import Hub
from landsea.hub.schemas.health import Health
from landsea.hub.services.health import database_revision

router = APIRouter(tags=["health"])


@router.get("/health")
def health(context: Hub) -> Health:
    """Answers without a token: the database's kind and schema revision."""
    revision = database_revision(context.db)
    return Health(status="ok", database=context.db.engine.dialect.name, schema_revision=revision)
