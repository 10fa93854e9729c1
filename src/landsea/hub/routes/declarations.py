"""Declarations: the operator declares a crossing; the authorities of both sides assess, inspect
and release it, each seeing the other's inspections."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Concatenate, ParamSpec

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy.orm import Session

from landsea.hub.auth import Principal
from landsea.hub.context import HubContext
from landsea.hub.deps import Hub, allowed
from landsea.hub.models import Declaration
from landsea.hub.policy import Action, visible_declaration
from landsea.hub.schemas.declarations import DeclarationIn, DeclarationOut, InspectionIn
from landsea.hub.services import declarations, federation
from landsea.hub.services.declarations import view as _out

router = APIRouter(tags=["declarations"])

Declarant = Annotated[Principal, Depends(allowed(Action.DECLARE))]
Authority = Annotated[Principal, Depends(allowed(Action.INSPECT))]
Reader = Annotated[Principal, Depends(allowed(Action.READ_DECLARATION))]
_P = ParamSpec("_P")


def _shared(
    context: HubContext,
    caller: Principal,
    change: Callable[Concatenate[Session, Principal, _P], Declaration],
    *args: _P.args,
    **kwargs: _P.kwargs,
) -> DeclarationOut:
    """Make a change to a declaration and, in its transaction, queue the signed copy for each
    peer hub at its crossing (so the copy is never lost: `services.federation`); then wake the
    push. The change as the caller sees it."""
    with context.db.write() as session:
        changed = change(session, caller, *args, **kwargs)
        federation.enqueue_declaration(session, context.settings, changed)
        out = _out(session, changed, caller)
    context.wake_federation()
    return out


@router.post("/consignments/{consignment_id}/declarations", status_code=status.HTTP_201_CREATED)
def submit_declaration(
    context: Hub, caller: Declarant, consignment_id: uuid.UUID, body: DeclarationIn
) -> DeclarationOut:
    """Declare one crossing of the consignment's itinerary before it arrives there."""
    return _shared(context, caller, declarations.submit, str(consignment_id), body)


@router.get("/declarations")
def list_declarations(
    context: Hub,
    caller: Reader,
    status: Annotated[str | None, Query(pattern=r"^(submitted|released|held)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[DeclarationOut]:
    """Declarations you may see: an authority's are those at its country's crossings."""
    with context.db.read() as session:
        found = declarations.listing(session, caller, status, limit, offset)
        return [_out(session, d, caller) for d in found]


@router.get("/declarations/{declaration_id}")
def read_declaration(context: Hub, caller: Reader, declaration_id: uuid.UUID) -> DeclarationOut:
    """One declaration as you may see it; 404 when it is not yours to see."""
    with context.db.read() as session:
        found = visible_declaration(session, caller, str(declaration_id))
        return _out(session, found, caller)


@router.post("/declarations/{declaration_id}/inspections", status_code=status.HTTP_201_CREATED)
def record_inspection(
    context: Hub, caller: Authority, declaration_id: uuid.UUID, body: InspectionIn
) -> DeclarationOut:
    """Record your inspection; the authority across the gate sees it (mutual recognition)."""
    return _shared(context, caller, declarations.inspect, str(declaration_id), body)


@router.post("/declarations/{declaration_id}/release")
def release_declaration(
    context: Hub, caller: Authority, declaration_id: uuid.UUID
) -> DeclarationOut:
    """Release your side; a red channel needs a compliant inspection by either side first."""
    return _shared(context, caller, declarations.release, str(declaration_id))
