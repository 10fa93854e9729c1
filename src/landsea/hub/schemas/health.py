"""What `/health` answers."""

from __future__ import annotations

from pydantic import BaseModel


class Health(BaseModel):
    """Whether the hub and its database answer, and the schema revision it runs."""

    status: str
    database: str
    schema_revision: str | None
