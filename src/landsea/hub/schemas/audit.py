"""The audit log as an administrator reads it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class AuditEntryOut(BaseModel):
    """One audit log entry."""

    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    payload_sha256: str
    prev_hash: str
    hash: str


class ChainBreakOut(BaseModel):
    """Where the chain breaks, and why."""

    seq: int
    reason: str


class AuditVerifyOut(BaseModel):
    """The verdict on the chain."""

    entries: int
    ok: bool
    head_hash: str | None
    breaks: list[ChainBreakOut]
