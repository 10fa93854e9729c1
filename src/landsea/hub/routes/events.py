"""Tracking events: post one or a batch, read a consignment's events in order of receipt.

An event is acknowledged (201, or 200 for a repeat) only after its transaction has committed,
so an acknowledged event survives a crash of the hub. Writes go through the group writer, so
concurrent posts share one commit (see `landsea.hub.groupcommit`).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from landsea.hub.auth import Principal
from landsea.hub.deps import Hub, allowed
from landsea.hub.policy import Action
from landsea.hub.schemas.events import BatchOut, EventBatchIn, EventIn, EventOut
from landsea.hub.services import events
from landsea.hub.views import event_out

router = APIRouter(tags=["events"])

Poster = Annotated[Principal, Depends(allowed(Action.POST_EVENT))]
Reader = Annotated[Principal, Depends(allowed(Action.READ_EVENTS))]


@router.post(
    "/consignments/{consignment_id}/events",
    status_code=status.HTTP_201_CREATED,
    response_model=EventOut,
    responses={200: {"description": "the same event was posted before; nothing changed"}},
)
async def post_event(
    context: Hub, caller: Poster, consignment_id: uuid.UUID, body: EventIn
) -> Response:
    """Post one event; posting it again with the same `event_id` is acknowledged, not stored."""
    # On the event loop: the group writer commits it, and no thread waits meanwhile. The answer
    # is serialised once here (a returned model would be validated again, then serialised).
    stored = await context.writer.post_async(events.Posting(caller, str(consignment_id), body))
    out = event_out(stored.event, stored.duplicate)
    return Response(
        out.__pydantic_serializer__.to_json(out),
        status_code=status.HTTP_200_OK if stored.duplicate else status.HTTP_201_CREATED,
        media_type="application/json",
    )


@router.post("/events/batch")
def post_batch(context: Hub, caller: Poster, body: EventBatchIn) -> BatchOut:
    """Post up to 2,000 events of any consignments in one transaction: all are stored or none."""
    pairs = [(event.consignment_id, event) for event in body.events]
    stored = context.writer.run(lambda session: events.record_batch(session, caller, pairs))
    return BatchOut(
        accepted=sum(not s.duplicate for s in stored),
        duplicates=sum(s.duplicate for s in stored),
        sequences=[s.event.id for s in stored],
    )


@router.get("/consignments/{consignment_id}/events")
def list_events(
    context: Hub,
    caller: Reader,
    consignment_id: uuid.UUID,
    after: Annotated[int, Query(ge=0, le=2**62, description="sequence to start after")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> list[EventOut]:
    """A consignment's events in the order the hub received them."""
    with context.db.read() as session:
        found = events.events_after(session, caller, str(consignment_id), after, limit)
        return [event_out(e) for e in found]
