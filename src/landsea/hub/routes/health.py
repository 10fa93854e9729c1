"""Health: answers without a token, says whether the database answers and its schema revision."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from landsea.hub.deps import Hub
from landsea.hub.services.health import database_revision

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str
    schema_revision: str | None


@router.get("/health")
def health(context: Hub) -> Health:
    revision = database_revision(context.db)
    return Health(status="ok", database=context.db.engine.dialect.name, schema_revision=revision)
