"""The audit log as an administrator reads it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class AuditEntryOut(BaseModel):
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
    seq: int
    reason: str


class AuditVerifyOut(BaseModel):
    entries: int
    ok: bool
    head_hash: str | None
    breaks: list[ChainBreakOut]
