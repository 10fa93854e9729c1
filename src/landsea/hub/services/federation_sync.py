"""The federation's background thread: push each peer's outbox (retrying with a doubling wait
while the peer is down) and pull from each peer to catch up on what it could not push."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from landsea.config import Settings
from landsea.errors import HubError
from landsea.hub.db import Database
from landsea.hub.models import FederationPeer, utcnow
from landsea.hub.services import federation
from landsea.hub.services.background import Periodic

log = logging.getLogger("landsea.hub.federation")
_TIMEOUT_S = 10.0


def push(db: Database, settings: Settings, client: httpx.Client, peer_id: str) -> int:
    """Deliver the peer's due documents in order in one signed message; how many it took."""
    with db.write() as session:
        peer = session.get(FederationPeer, peer_id)
        rows = federation.due(session, peer) if peer is not None else []
        if peer is None or not rows:
            return 0
        sequences = [row.seq for row in rows]
        items = federation.items_of(rows)
        token = federation.envelope(session, settings, peer, federation.DELIVERY, {"items": items})
        url = f"{peer.url}/federation/inbox"
    reply = _post(client, url, token)
    error = reply.error
    with db.write() as session:
        if error is None:
            federation.mark_delivered(session, sequences)
            _contact(session, peer_id, None)
            return len(sequences)
        refused = reply.refused_sequence
        if refused is not None and refused in sequences:
            # The peer kept none of the delivery (one transaction) and named the document it
            # refuses: that one is set aside, the others go again in the next round at once.
            federation.dead_letter(session, peer_id, refused, error)
            _contact(session, peer_id, error)
        else:
            federation.mark_failed(session, peer_id, sequences, error, settings)
    log.warning("push to %s failed: %s", url, error)
    return 0


def pull(db: Database, settings: Settings, client: httpx.Client, peer_id: str) -> int:
    """Ask the peer for everything after the last sequence received from it; how many new."""
    stored = 0
    while True:
        with db.write() as session:
            peer = session.get(FederationPeer, peer_id)
            if peer is None:
                return stored
            since = {"since": peer.received_seq}
            token = federation.envelope(session, settings, peer, federation.FEED_REQUEST, since)
            url = f"{peer.url}/federation/feed"
        reply = _post(client, url, token)
        answer, error = reply.body, reply.error
        if error is not None or answer is None:
            with db.write() as session:
                _contact(session, peer_id, error)
            log.warning("pull from %s failed: %s", url, error)
            return stored
        with db.write() as session:
            peer, payload = federation.open_message(
                session, settings, str(answer.get("jws")), federation.DELIVERY
            )
            got = federation.receive(session, settings, peer, payload)
        stored += len(got.stored)
        if len(got.stored) + len(got.duplicates) < federation.FEED_LIMIT:
            return stored


@dataclass(frozen=True)
class _Reply:
    """A peer's answer: its JSON object, or why there is none; when the peer refused one
    document of a delivery, that document's sequence number (the hub's `refused_sequence`)."""

    body: dict[str, object] | None
    error: str | None = None
    refused_sequence: int | None = None


def _post(client: httpx.Client, url: str, token: str) -> _Reply:
    try:
        answer = client.post(url, json={"jws": token}, timeout=_TIMEOUT_S)
    except httpx.HTTPError as err:
        return _Reply(None, f"{type(err).__name__}: {err}")
    try:
        body = answer.json()
    except ValueError:
        body = None
    if answer.status_code != 200:
        return _refusal(answer, body if isinstance(body, dict) else {})
    if not isinstance(body, dict):
        return _Reply(None, "the peer's answer is not a JSON object")
    return _Reply(body)


def _refusal(answer: httpx.Response, body: dict[str, object]) -> _Reply:
    """A refusal's `detail` when the peer is a hub (its errors are JSON), else the text; and
    the document it names, if any."""
    detail = body.get("detail")
    reason = detail[:1500] if isinstance(detail, str) else answer.text[:500]
    refused = body.get("refused_sequence")
    named = refused if isinstance(refused, int) and not isinstance(refused, bool) else None
    return _Reply(None, f"HTTP {answer.status_code}: {reason}", named)


def _contact(session: Session, peer_id: str, error: str | None) -> None:
    peer = session.get(FederationPeer, peer_id)
    if peer is not None:
        peer.last_error = error
        if error is None:
            peer.last_contact_at = utcnow()


def sync_round(
    db: Database,
    settings: Settings,
    client: httpx.Client,
    last_pull: dict[str, float] | None = None,
) -> None:
    """One round over every peer: push what is due; pull when `federation_pull_s` has passed
    since the last pull (always, when `last_pull` is None)."""
    with db.read() as session:
        peer_ids = list(session.scalars(select(FederationPeer.id).order_by(FederationPeer.name)))
    now = time.monotonic()
    for peer_id in peer_ids:
        try:
            push(db, settings, client, peer_id)
            if (
                last_pull is None
                or now - last_pull.get(peer_id, -1e18) >= settings.federation_pull_s
            ):
                pull(db, settings, client, peer_id)
                if last_pull is not None:
                    last_pull[peer_id] = now
        except HubError as err:  # a peer's bad answer: logged, the next round tries again
            with db.write() as session:
                _contact(session, peer_id, str(err))
            log.warning("exchange with peer %s refused: %s", peer_id, err)


class FederationSync(Periodic):
    """A background thread running `sync_round` every `interval_s`, or at once when woken."""

    def __init__(self, db: Database, settings: Settings, interval_s: float = 1.0) -> None:
        last_pull: dict[str, float] = {}
        super().__init__(
            "landsea-federation",
            lambda client: sync_round(db, settings, client, last_pull),
            log,
            interval_s,
            stop_timeout_s=15.0,
        )
