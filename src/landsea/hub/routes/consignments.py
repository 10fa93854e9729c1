"""Consignments: open one (one document), read it as your role may, assign carriers to legs."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status
from starlette.concurrency import run_in_threadpool

from landsea.hub.auth import Principal
from landsea.hub.context import HubContext
from landsea.hub.deps import Hub, allowed
from landsea.hub.policy import Action
from landsea.hub.schemas.consignments import (
    AmendmentIn,
    CancellationIn,
    CarrierIn,
    ConsignmentIn,
    ConsignmentOut,
)
from landsea.hub.services import consignments

router = APIRouter(prefix="/consignments", tags=["consignments"])

Opener = Annotated[Principal, Depends(allowed(Action.OPEN_CONSIGNMENT))]
Reader = Annotated[Principal, Depends(allowed(Action.READ_CONSIGNMENT))]
Assigner = Annotated[Principal, Depends(allowed(Action.ASSIGN_CARRIER))]
Amender = Annotated[Principal, Depends(allowed(Action.AMEND_CONSIGNMENT))]


@router.post("", status_code=status.HTTP_201_CREATED, response_model_exclude_none=True)
def open_consignment(context: Hub, caller: Opener, body: ConsignmentIn) -> ConsignmentOut:
    """Open a consignment with its one document; the router plans its legs unless given."""
    itinerary = consignments.plan_itinerary(context.network(), body)
    with context.db.write() as session:
        made = consignments.create(session, caller, body, itinerary)
        return consignments.view(session, made, caller)


@router.get("", response_model_exclude_none=True)
def list_consignments(
    context: Hub,
    caller: Reader,
    status: Annotated[str | None, Query(pattern=r"^[a-z_]{1,16}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ConsignmentOut]:
    """The consignments you may see, newest first."""
    with context.db.read() as session:
        found = consignments.listing(session, caller, status, limit, offset)
        return consignments.views(session, found, caller)


@router.get("/{consignment_id}", response_model=ConsignmentOut, response_model_exclude_none=True)
async def read_consignment(context: Hub, caller: Reader, consignment_id: uuid.UUID) -> Response:
    """One consignment as your role may see it; 404 when it is not yours to see."""
    # An unchanged consignment is answered on the event loop from the rendered views (one
    # primary-key read); rendering it anew is the thread pool's work.
    cid = str(consignment_id)
    body = consignments.cached_json(context.db, caller, cid, context.views)
    if not body:
        body = await run_in_threadpool(_render, context, caller, cid)
    return Response(body, media_type="application/json")


def _render(context: HubContext, caller: Principal, consignment_id: str) -> bytes:
    return consignments.read_json(context.db, caller, consignment_id, context.views)


@router.put("/{consignment_id}/legs/{leg}/carrier", response_model_exclude_none=True)
def assign_carrier(
    context: Hub,
    caller: Assigner,
    consignment_id: uuid.UUID,
    leg: Annotated[int, Path(ge=1, le=50)],
    body: CarrierIn,
) -> ConsignmentOut:
    """Assign a carrier organisation to one leg (the consignment's operator only)."""
    with context.db.write() as session:
        changed = consignments.assign_carrier(session, caller, str(consignment_id), leg, body)
        session.flush()
        return consignments.view(session, changed, caller)


@router.patch("/{consignment_id}", response_model_exclude_none=True)
def amend_consignment(
    context: Hub, caller: Amender, consignment_id: uuid.UUID, body: AmendmentIn
) -> ConsignmentOut:
    """Amend the document (parties, Incoterm, goods, equipment) with a reason, audited;
    declarations already submitted keep what was declared."""
    with context.db.write() as session:
        changed = consignments.amend(session, caller, str(consignment_id), body)
        return consignments.view(session, changed, caller)


@router.post("/{consignment_id}/cancel", response_model_exclude_none=True)
def cancel_consignment(
    context: Hub, caller: Amender, consignment_id: uuid.UUID, body: CancellationIn
) -> ConsignmentOut:
    """Cancel the consignment with a reason, audited; no event is taken after."""
    with context.db.write() as session:
        changed = consignments.cancel(session, caller, str(consignment_id), body.reason)
        return consignments.view(session, changed, caller)
