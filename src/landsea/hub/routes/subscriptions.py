"""Subscriptions to a consignment's events: a server-sent event stream, or webhooks."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Header, Query, Request, status
from sse_starlette import EventSourceResponse

from landsea.hub.auth import Principal
from landsea.hub.context import HubContext
from landsea.hub.deps import Hub, allowed
from landsea.hub.policy import Action, sees_consignment, visible_consignment
from landsea.hub.schemas.subscriptions import WebhookIn, WebhookOut
from landsea.hub.services import events, subscriptions
from landsea.hub.services.identity import token_live
from landsea.hub.views import event_out

router = APIRouter(tags=["subscriptions"])

Subscriber = Annotated[Principal, Depends(allowed(Action.SUBSCRIBE))]
POLL_S = 0.25
# A stream ends after this long even without `max_events`; the client reconnects with
# `Last-Event-ID` (as EventSource does by itself) and is checked afresh.
MAX_STREAM_S = 600.0


@router.post("/consignments/{consignment_id}/webhooks", status_code=status.HTTP_201_CREATED)
def add_webhook(
    context: Hub, caller: Subscriber, consignment_id: uuid.UUID, body: WebhookIn
) -> WebhookOut:
    """Have the consignment's new events posted to `url`, signed with the secret shown once
    (header `X-Landsea-Signature: sha256=<HMAC of the body>`); failures are retried."""
    with context.db.write() as session:
        allowed = context.settings.webhook_allowed_hosts
        hook = subscriptions.add_webhook(
            session, caller, str(consignment_id), str(body.url), allowed
        )
        return WebhookOut(
            id=hook.id, consignment_id=hook.consignment_id, url=hook.url, secret=hook.secret
        )


@router.delete("/webhooks/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_webhook(context: Hub, caller: Subscriber, webhook_id: uuid.UUID) -> None:
    """Stop one of your webhooks."""
    with context.db.write() as session:
        subscriptions.remove_webhook(session, caller, str(webhook_id))


@router.get(
    "/consignments/{consignment_id}/stream",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def stream_events(
    request: Request,
    context: Hub,
    caller: Subscriber,
    consignment_id: uuid.UUID,
    after: Annotated[int, Query(ge=0, le=2**62, description="sequence to start after")] = 0,
    max_events: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    last_event_id: Annotated[str | None, Header(pattern=r"^\d{1,18}$")] = None,
) -> EventSourceResponse:
    """The consignment's events as server-sent events (`event: tracking`, `id`: sequence).
    Reconnecting with `Last-Event-ID` resumes where the stream stopped. The stream ends when
    `max_events` were sent, after at most 10 minutes, or as soon as the caller's token is
    revoked or the consignment stops being the caller's to see."""
    start = int(last_event_id) if last_event_id else after
    await anyio.to_thread.run_sync(_check_visible, context, caller, str(consignment_id))
    generator = _events(request, context, caller, str(consignment_id), start, max_events)
    return EventSourceResponse(generator, ping=15)


def _check_visible(context: HubContext, caller: Principal, consignment_id: str) -> None:
    with context.db.read() as session:
        visible_consignment(session, caller, consignment_id)


def _fetch(
    context: HubContext, caller: Principal, consignment_id: str, after: int
) -> list[tuple[int, str]] | None:
    """The next events, or None when the caller may no longer follow the consignment."""
    with context.db.read() as session:
        if not token_live(session, caller.token_id):
            return None
        if not sees_consignment(session, caller, consignment_id):
            return None
        found = events.events_after(session, caller, consignment_id, after, 100)
        return [(e.id, event_out(e).model_dump_json()) for e in found]


async def _events(
    request: Request,
    context: HubContext,
    caller: Principal,
    consignment_id: str,
    after: int,
    max_events: int | None,
) -> AsyncIterator[dict[str, str]]:
    sent = 0
    deadline = time.monotonic() + MAX_STREAM_S
    while time.monotonic() < deadline:
        batch = await anyio.to_thread.run_sync(_fetch, context, caller, consignment_id, after)
        if batch is None:
            return
        for sequence, data in batch:
            yield {"event": "tracking", "id": str(sequence), "data": data}
            after, sent = sequence, sent + 1
            if max_events is not None and sent >= max_events:
                return
        if await request.is_disconnected():
            return
        await anyio.sleep(POLL_S)
