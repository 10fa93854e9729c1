"""The audit log: read it and verify its chain (admin only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from landsea.hub import audit
from landsea.hub.auth import Principal
from landsea.hub.deps import Hub, allowed
from landsea.hub.policy import Action
from landsea.hub.schemas.audit import AuditEntryOut, AuditVerifyOut, ChainBreakOut

router = APIRouter(prefix="/audit", tags=["audit"])

Auditor = Annotated[Principal, Depends(allowed(Action.READ_AUDIT))]


@router.get("")
def read_log(
    context: Hub,
    _auditor: Auditor,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEntryOut]:
    """Entries after a sequence number, in order."""
    with context.db.read() as session:
        found = audit.entries_after(session, after, limit)
        return [AuditEntryOut.model_validate(e, from_attributes=True) for e in found]


@router.get("/verify")
def verify(
    context: Hub,
    _auditor: Auditor,
    head: Annotated[
        str | None, Query(pattern=r"^[0-9a-f]{64}$", description="a head hash kept elsewhere")
    ] = None,
) -> AuditVerifyOut:
    """Walk the whole chain; name every altered, removed or reordered entry, an emptied log,
    and (given `head`) a tail cut off back past that anchored head."""
    with context.db.read() as session:
        report = audit.verify(session, head)
    return AuditVerifyOut(
        entries=report.entries,
        ok=report.ok,
        head_hash=report.head_hash,
        breaks=[ChainBreakOut(seq=b.seq, reason=b.reason) for b in report.breaks],
    )
