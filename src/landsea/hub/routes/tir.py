"""eTIR-style transit records: the holder registers a TIR transport; the customs of each office
on its route record its start, crossings, termination and the discharge of its guarantee."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, Query, status

from landsea.hub.auth import Principal
from landsea.hub.deps import Hub, allowed
from landsea.hub.policy import Action, visible_tir_transport
from landsea.hub.schemas.tir import (
    CrossingIn,
    DischargeIn,
    StartIn,
    TerminationIn,
    TirStatus,
    TirTransportIn,
    TirTransportOut,
)
from landsea.hub.services import tir

router = APIRouter(prefix="/tir", tags=["tir"])

Holder = Annotated[Principal, Depends(allowed(Action.REGISTER_TIR))]
Reader = Annotated[Principal, Depends(allowed(Action.READ_TIR))]
Customs = Annotated[Principal, Depends(allowed(Action.RECORD_TIR))]
_STATUS = f"^({'|'.join(get_args(TirStatus))})$"  # the one list of statuses: schemas.tir
_OUT_OF_ORDER: dict[int | str, dict[str, Any]] = {
    409: {"description": "out of order: the answer names the transport's state"}
}


@router.post("", status_code=status.HTTP_201_CREATED)
def register_transport(context: Hub, caller: Holder, body: TirTransportIn) -> TirTransportOut:
    """Register a TIR transport: holder, guarantee and the customs offices of its route."""
    offices = tir.route_offices(context.network(), body.offices)
    with context.db.write() as session:
        return tir.view(tir.register(session, caller, body, offices))


@router.get("")
def list_transports(
    context: Hub,
    caller: Reader,
    status: Annotated[str | None, Query(pattern=_STATUS)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[TirTransportOut]:
    """TIR transports you may see: an authority's are those with an office in its country."""
    with context.db.read() as session:
        return [tir.view(t) for t in tir.listing(session, caller, status, limit, offset)]


@router.get("/{transport_id}")
def read_transport(context: Hub, caller: Reader, transport_id: uuid.UUID) -> TirTransportOut:
    """One TIR transport; 404 when it is not yours to see."""
    with context.db.read() as session:
        return tir.view(visible_tir_transport(session, caller, str(transport_id)))


@router.post("/{transport_id}/start", responses=_OUT_OF_ORDER)
def start_transport(
    context: Hub, caller: Customs, transport_id: uuid.UUID, body: StartIn
) -> TirTransportOut:
    """Customs of departure accept the transport and seal it."""
    with context.db.write() as session:
        return tir.view(tir.start(session, caller, str(transport_id), body))


@router.post("/{transport_id}/crossings", responses=_OUT_OF_ORDER)
def record_crossing(
    context: Hub, caller: Customs, transport_id: uuid.UUID, body: CrossingIn
) -> TirTransportOut:
    """The transport passes an office en route: seals intact, no re-inspection."""
    with context.db.write() as session:
        return tir.view(tir.crossing(session, caller, str(transport_id), body))


@router.post("/{transport_id}/termination", responses=_OUT_OF_ORDER)
def terminate_transport(
    context: Hub, caller: Customs, transport_id: uuid.UUID, body: TerminationIn
) -> TirTransportOut:
    """The transport ends at its office of destination."""
    with context.db.write() as session:
        return tir.view(tir.terminate(session, caller, str(transport_id), body))


@router.post("/{transport_id}/discharge", responses=_OUT_OF_ORDER)
def discharge_guarantee(
    context: Hub, caller: Customs, transport_id: uuid.UUID, body: DischargeIn
) -> TirTransportOut:
    """Customs of destination discharge the guarantee."""
    with context.db.write() as session:
        return tir.view(tir.discharge(session, caller, str(transport_id), body))
