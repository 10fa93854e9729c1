"""Subscriptions to a consignment's events: webhooks with retries, and polling for SSE.

Webhook deliveries are an outbox: rows written in the same transaction as the event, so an
acknowledged event is never left unannounced. A dispatcher claims due rows in a short
transaction (leasing them), posts outside any transaction, then records the outcome; a failure
is retried with exponential backoff up to `MAX_ATTEMPTS`. Each post is signed under the
subscriber's secret: `X-Landsea-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<delivery>.<body>">`
with `X-Landsea-Timestamp` (Unix seconds) and `X-Landsea-Delivery` (unique per delivery), so a
receiver refuses a captured post replayed later (old timestamp) or again (delivery seen).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from landsea.errors import DataError, Location, NotFoundError
from landsea.hub import audit
from landsea.hub.auth import Principal
from landsea.hub.db import Database
from landsea.hub.egress import EgressRefusedError, check_url, pinned_client
from landsea.hub.models import Organisation, TrackingEvent, Webhook, WebhookDelivery, utcnow
from landsea.hub.policy import organisation_principal, sees_consignment, visible_consignment
from landsea.hub.services import dcsa
from landsea.hub.services.background import Periodic
from landsea.hub.views import event_out

log = logging.getLogger("landsea.hub.webhooks")

MAX_ATTEMPTS = 8
LEASE = timedelta(seconds=60)
TIMEOUT_S = 5.0


def add_webhook(
    session: Session,
    caller: Principal,
    consignment_id: str,
    url: str,
    allowed_hosts: Collection[str] = (),
) -> Webhook:
    """Register `url` for the new events of a consignment the caller may see (audited).

    Raises:
        NotFoundError: the consignment is missing or not the caller's to see.
        DataError: the URL's host is not a public address, nor allowed (`landsea.hub.egress`).
    """
    visible_consignment(session, caller, consignment_id)
    try:
        check_url(url, allowed_hosts)
    except EgressRefusedError as err:
        raise DataError(str(err), Location("webhook", None, "url")) from None
    hook = Webhook(
        consignment_id=consignment_id,
        organisation_id=caller.organisation_id,
        url=url,
        secret=secrets.token_hex(32),
    )
    session.add(hook)
    session.flush()
    audit.record(
        session,
        caller.actor,
        "webhook.add",
        "webhook",
        hook.id,
        {"consignment_id": consignment_id, "url": url},
    )
    return hook


def remove_webhook(session: Session, caller: Principal, webhook_id: str) -> None:
    """Stop a webhook of the caller's organisation (audited).

    Raises:
        NotFoundError: no such live webhook of the caller's.
    """
    hook = session.get(Webhook, webhook_id)
    if hook is None or hook.organisation_id != caller.organisation_id or hook.removed_at:
        raise NotFoundError(f"no webhook {webhook_id}")
    hook.removed_at = utcnow()
    audit.record(session, caller.actor, "webhook.remove", "webhook", webhook_id, {})


_LIVE_HOOKS = select(Webhook.id, Webhook.consignment_id).where(
    Webhook.consignment_id.in_(bindparam("consignments", expanding=True)),
    Webhook.removed_at.is_(None),
)


def enqueue(session: Session, new_events: dict[str, list[int]]) -> None:
    """Queue a delivery of each new event to each live webhook of its consignment.

    `new_events`: consignment id -> ids of its new events. One query whatever their number
    (and the DCSA subscriptions', `landsea.hub.services.dcsa.enqueue`).
    """
    if not new_events:
        return
    dcsa.enqueue(session, new_events)
    # Core on the session's connection: this runs for every group of posted events, and the
    # ORM's layer around a plain column query costs more than the query.
    hooks = session.connection().execute(_LIVE_HOOKS, {"consignments": list(new_events)}).all()
    session.add_all(
        WebhookDelivery(webhook_id=hook_id, event_id=event_id)
        for hook_id, consignment_id in hooks
        for event_id in new_events[consignment_id]
    )


@dataclass(frozen=True)
class Claimed:
    """A leased delivery, ready to post."""

    delivery_id: int
    url: str
    secret: str
    body: bytes
    subscription_id: str | None = None  # a DCSA subscription's: DCSA's headers, not the hub's


def claim_due(db: Database, now: datetime, limit: int = 50) -> list[Claimed]:
    """Lease due deliveries (so another dispatcher leaves them alone) and build their bodies."""
    with db.write() as session:
        query = (
            select(WebhookDelivery)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.id)
            .limit(limit)
        )
        if not db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        claimed = []
        for delivery in session.scalars(query):
            delivery.next_attempt_at = now + LEASE
            if delivery.subscription_id is not None:
                claimed.extend(_claim_dcsa(session, delivery, delivery.subscription_id))
                continue
            hook = session.get(Webhook, delivery.webhook_id)
            event = session.get(TrackingEvent, delivery.event_id)
            if hook is None or event is None or hook.removed_at is not None:
                delivery.status = "dropped"
                continue
            if not _still_visible(session, hook):
                # Access is checked as deliveries go, not only when the hook was made: a carrier
                # taken off the consignment's legs stops receiving its events.
                delivery.status, delivery.last_error = "dropped", "access withdrawn"
                continue
            body = event_out(event).model_dump_json().encode()
            claimed.append(Claimed(delivery.id, hook.url, hook.secret, body))
        return claimed


def _claim_dcsa(session: Session, delivery: WebhookDelivery, subscription_id: str) -> list[Claimed]:
    found = dcsa.notification(session, subscription_id, delivery.event_id)
    if found is None:
        delivery.status, delivery.last_error = "dropped", "subscription stopped or access withdrawn"
        return []
    subscription, body = found
    return [
        Claimed(delivery.id, subscription.callback_url, subscription.secret, body, subscription.id)
    ]


def _still_visible(session: Session, hook: Webhook) -> bool:
    """Whether the hook's organisation may still see the hook's consignment."""
    org = session.get(Organisation, hook.organisation_id)
    if org is None:
        return False
    return sees_consignment(session, organisation_principal(org), hook.consignment_id)


def signature(secret: str, timestamp: int, delivery: str, body: bytes) -> str:
    """The `X-Landsea-Signature` value: HMAC-SHA256 under `secret` of the timestamp, the
    delivery id and the body, joined by dots (the timestamp and id make a replay detectable)."""
    signed = f"{timestamp}.{delivery}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def post_one(
    client: httpx.Client,
    claimed: Claimed,
    now: datetime | None = None,
    allowed_hosts: Collection[str] = (),
) -> str | None:
    """Post one delivery; None on a 2xx answer, else why it failed. The host is checked again
    first: its DNS answer may have changed since the webhook was made."""
    try:
        check_url(claimed.url, allowed_hosts)
    except EgressRefusedError as err:
        return f"refused: {err}"[:500]
    headers = _headers(claimed, int((now or utcnow()).timestamp()))
    try:
        response = client.post(
            claimed.url, content=claimed.body, headers=headers, timeout=TIMEOUT_S
        )
    except EgressRefusedError as err:  # the connection's own lookup (pinned_client)
        return f"refused: {err}"[:500]
    except httpx.HTTPError as err:
        return f"{type(err).__name__}: {err}"[:500]
    return None if response.is_success else f"HTTP {response.status_code}"


def _headers(claimed: Claimed, timestamp: int) -> dict[str, str]:
    if claimed.subscription_id is not None:
        return dcsa.notification_headers(claimed.subscription_id, claimed.secret, claimed.body)
    delivery = str(claimed.delivery_id)
    return {
        "content-type": "application/json",
        "x-landsea-timestamp": str(timestamp),
        "x-landsea-delivery": delivery,
        "x-landsea-signature": signature(claimed.secret, timestamp, delivery, claimed.body),
    }


def record_outcome(db: Database, delivery_id: int, error: str | None, now: datetime) -> None:
    """Record a delivery attempt: delivered, retried later with backoff, or failed."""
    with db.write() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None:
            return
        delivery.attempts += 1
        if error is None:
            delivery.status, delivery.delivered_at = "delivered", now
            return
        delivery.last_error = error
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = "failed"
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 ... seconds, at most an hour."""
    return timedelta(seconds=min(2**attempts, 3600))


def deliver_due(
    db: Database,
    client: httpx.Client,
    now: datetime | None = None,
    allowed_hosts: Collection[str] = (),
) -> int:
    """One round: claim, post, record. Returns how many were attempted."""
    now = now or utcnow()
    claimed = claim_due(db, now)
    for item in claimed:
        outcome = post_one(client, item, allowed_hosts=allowed_hosts)
        record_outcome(db, item.delivery_id, outcome, now)
    return len(claimed)


class WebhookDispatcher(Periodic):
    """A background thread delivering webhooks every `interval_s` until stopped."""

    def __init__(
        self, db: Database, allowed_hosts: Collection[str] = (), interval_s: float = 1.0
    ) -> None:
        hosts = tuple(allowed_hosts)
        super().__init__(
            "landsea-webhooks",
            lambda client: deliver_due(db, client, allowed_hosts=hosts),
            log,
            interval_s,
            run_at_start=False,
            client=lambda: pinned_client(hosts),
        )
