"""Consignments: open one (one document), read it as your role may, assign carriers to legs."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from landsea.hub.auth import Principal, Role
from landsea.hub.deps import Hub, require
from landsea.hub.schemas.consignments import CarrierIn, ConsignmentIn, ConsignmentOut
from landsea.hub.services import consignments
from landsea.hub.services.access import visible_consignment
from landsea.hub.views import consignment_view, names_needed

router = APIRouter(prefix="/consignments", tags=["consignments"])

Operator = Annotated[Principal, Depends(require(Role.OPERATOR, Role.ADMIN))]
Reader = Annotated[
    Principal, Depends(require(Role.OPERATOR, Role.ADMIN, Role.CARRIER, Role.AUTHORITY))
]


@router.post("", status_code=status.HTTP_201_CREATED, response_model_exclude_none=True)
def open_consignment(context: Hub, caller: Operator, body: ConsignmentIn) -> ConsignmentOut:
    """Open a consignment with its one document; the router plans its legs unless given."""
    itinerary = consignments.plan_itinerary(context, body)
    with context.db.write() as session:
        made = consignments.create(session, caller, body, itinerary)
        names = consignments.organisation_names(session, names_needed(made))
        return consignment_view(made, caller, names)


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
        ids = set().union(*(names_needed(c) for c in found)) if found else set()
        names = consignments.organisation_names(session, ids)
        return [consignment_view(c, caller, names) for c in found]


@router.get("/{consignment_id}", response_model_exclude_none=True)
def read_consignment(context: Hub, caller: Reader, consignment_id: uuid.UUID) -> ConsignmentOut:
    """One consignment as your role may see it; 404 when it is not yours to see."""
    with context.db.read() as session:
        found = visible_consignment(session, caller, str(consignment_id))
        names = consignments.organisation_names(session, names_needed(found))
        return consignment_view(found, caller, names)


@router.put("/{consignment_id}/legs/{leg}/carrier", response_model_exclude_none=True)
def assign_carrier(
    context: Hub,
    caller: Operator,
    consignment_id: uuid.UUID,
    leg: Annotated[int, Path(ge=1, le=50)],
    body: CarrierIn,
) -> ConsignmentOut:
    """Assign a carrier organisation to one leg (the consignment's operator only)."""
    with context.db.write() as session:
        changed = consignments.assign_carrier(session, caller, str(consignment_id), leg, body)
        session.flush()
        names = consignments.organisation_names(session, names_needed(changed))
        return consignment_view(changed, caller, names)
