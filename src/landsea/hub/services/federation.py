"""Two national hubs, federated: signed documents for a shared crossing go from one to the other.

Each hub keeps its own data. When a declaration at a crossing shared with a peer's country
changes (submitted, inspected, released), the hub signs the declaration as an authority of that
country may see it and writes it to the peer's outbox in the same transaction: nothing is lost
while the peer is down. A background thread (`landsea.hub.services.federation_sync`) pushes the
outbox with retries, and pulls from each peer to catch up.

Every message between hubs is a JWS signed by the sending hub's key (EdDSA), checked against
the keys the receiving hub trusts for that peer (taken from the peer's published keys and
pinned by fingerprint when the peer was added). Replay protection: each message names its
audience, carries a fresh nonce (kept while the time window lasts; seen twice, refused) and
its send time (refused outside the window); each document carries the sender's sequence
number, kept once per peer.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeGuard

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from landsea.config import Settings
from landsea.errors import ConflictError, NotFoundError, RefusedDocumentError, SignatureError
from landsea.hub import audit, signing
from landsea.hub.auth import Principal, Role
from landsea.hub.models import (
    Declaration,
    FederationNonce,
    FederationOutbox,
    FederationPeer,
    FederationReceived,
    ImportedDocument,
    utcnow,
)
from landsea.hub.schemas.federation import DeadLetterOut, PeerOut
from landsea.hub.services import declarations
from landsea.hub.services.exchange import (
    countries_of,
    digest_of,
    find_import,
    keep_import,
    live_trusted_key,
    sign_document,
    sign_with_own_key,
    trust_key,
)
from landsea.hub.services.identity import ensure_organisation

DELIVERY = "federation-delivery"
FEED_REQUEST = "federation-feed-request"
FEED_LIMIT = 200
DEAD = "dead"  # an outbox row the peer refused by name (a dead letter)
# How a peer's 422 names the one document it refused (see `receive`).
SYSTEM = Principal(
    "federation", "federation", Role.ADMIN, None, "federation"
)  # audit: admin:federation


def add_peer(
    session: Session,
    actor: Principal,
    name: str,
    url: str,
    country: str,
    fingerprint: str,
    published: dict[str, Any],
) -> FederationPeer:
    """Configure a peer by URL and the fingerprint (key id) of the key to trust; the key itself
    comes from the peer's published keys (`GET /keys/published`) and must have that id.

    Raises:
        SignatureError: the published keys hold no key with that fingerprint.
    """
    keys = published.get("keys") if isinstance(published, dict) else None
    found = [k for k in keys or [] if isinstance(k, dict) and k.get("kid") == fingerprint]
    if not found or signing.key_id(signing.public_key_from_text(str(found[0]["x"]))) != fingerprint:
        raise SignatureError(
            f"{url} publishes no key with fingerprint {fingerprint}: check it with the peer's "
            "administrator"
        )
    trust_key(session, actor, str(found[0]["x"]), name, country)
    peer = session.scalars(select(FederationPeer).where(FederationPeer.name == name)).first()
    if peer is None:
        peer = FederationPeer(name=name, url=url.rstrip("/"), country=country, kid=fingerprint)
        session.add(peer)
    else:
        peer.url, peer.country, peer.kid = url.rstrip("/"), country, fingerprint
    session.flush()
    audit.record(
        session,
        actor.actor,
        "federation.peer",
        "federation_peer",
        peer.id,
        {"name": name, "url": peer.url, "country": country, "kid": fingerprint},
    )
    return peer


def peer_states(session: Session) -> list[PeerOut]:
    """Every peer, by name, and how far the exchange with it has got (its outbox counts): what
    `GET /peers` and `landsea hub peer list` show."""
    grouped = select(FederationOutbox.peer_id, FederationOutbox.status, func.count()).group_by(
        FederationOutbox.peer_id, FederationOutbox.status
    )
    counts = {f"{peer}:{status}": n for peer, status, n in session.execute(grouped)}
    peers = session.scalars(select(FederationPeer).order_by(FederationPeer.name))
    dead: dict[str, list[DeadLetterOut]] = defaultdict(list)
    for row in session.scalars(
        select(FederationOutbox)
        .where(FederationOutbox.status == DEAD)
        .order_by(FederationOutbox.seq)
    ):
        dead[row.peer_id].append(
            DeadLetterOut(
                sequence=row.seq,
                kind=row.kind,
                subject_id=row.subject_id,
                reason=row.last_error or "",
            )
        )
    return [
        PeerOut(
            name=p.name,
            url=p.url,
            country=p.country,
            kid=p.kid,
            received_seq=p.received_seq,
            pending=counts.get(f"{p.id}:pending", 0),
            delivered=counts.get(f"{p.id}:delivered", 0),
            dead=counts.get(f"{p.id}:{DEAD}", 0),
            dead_letters=dead[p.id],
            last_contact_at=p.last_contact_at,
            last_error=p.last_error,
        )
        for p in peers
    ]


def enqueue_declaration(session: Session, settings: Settings, declaration: Declaration) -> int:
    """Sign the declaration for every peer whose country is a side of its crossing, as an
    authority of that country may see it, into that peer's outbox (in the caller's
    transaction); how many were queued."""
    countries = {declaration.country_a, declaration.country_b}
    if settings.hub_country not in countries:
        return 0
    peers = session.scalars(select(FederationPeer).where(FederationPeer.country.in_(countries)))
    queued = 0
    for peer in peers:
        neighbour = Principal("", peer.name, Role.AUTHORITY, peer.country, "federation")
        document = declarations.view(session, declaration, neighbour).model_dump(mode="json")
        token, _ = sign_document(
            session,
            SYSTEM,
            settings.hub_name,
            "declaration",
            declaration.id,
            document,
            passphrase=settings.signing_passphrase(),
        )
        session.add(
            FederationOutbox(
                peer_id=peer.id, kind="declaration", subject_id=declaration.id, jws=token
            )
        )
        queued += 1
    return queued


def envelope(
    session: Session, settings: Settings, peer: FederationPeer, kind: str, body: dict[str, Any]
) -> str:
    """A message to `peer`, signed now with this hub's key: audience, nonce, time, body."""
    payload = {
        "kind": kind,
        "issuer": settings.hub_name,
        "audience": peer.name,
        "sent_at": utcnow().isoformat(),
        "nonce": secrets.token_hex(16),
        **body,
    }
    return sign_with_own_key(session, payload, kind, settings.signing_passphrase())[0]


def outbox_items(
    session: Session, peer: FederationPeer, since: int, limit: int = FEED_LIMIT
) -> list[FederationOutbox]:
    """The peer's documents after sequence `since`, in order."""
    query = (
        select(FederationOutbox)
        .where(
            FederationOutbox.peer_id == peer.id,
            FederationOutbox.seq > since,
            FederationOutbox.status != DEAD,  # refused by the peer once: not offered again
        )
        .order_by(FederationOutbox.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def items_of(rows: list[FederationOutbox]) -> list[dict[str, Any]]:
    """Outbox rows as a delivery carries them."""
    return [{"sequence": r.seq, "kind": r.kind, "jws": r.jws} for r in rows]


def open_message(
    session: Session, settings: Settings, token: str, kind: str
) -> tuple[FederationPeer, dict[str, Any]]:
    """Verify a peer's message: a configured peer's trusted key, addressed to this hub, sent
    within the time window, its nonce never seen before (kept now).

    Raises:
        SignatureError: unknown or untrusted key, bad signature, wrong kind or audience,
            outside the time window (422).
        ConflictError: the nonce was seen before: a replay (409).
    """
    peer, payload = _verified(session, token)
    if payload.get("kind") != kind:
        raise SignatureError(f"expected a {kind} message, got {payload.get('kind')!r}")
    if payload.get("audience") != settings.hub_name:
        raise SignatureError(
            f"the message is addressed to {payload.get('audience')!r}, not to this hub "
            f"({settings.hub_name})"
        )
    _check_window(payload.get("sent_at"), settings.federation_window_s)
    _keep_nonce(session, peer, payload.get("nonce"), settings.federation_window_s)
    return peer, payload


def _verified(session: Session, token: str) -> tuple[FederationPeer, dict[str, Any]]:
    kid = signing.peek_kid(token)
    trusted = live_trusted_key(session, kid)
    peer = (
        None
        if trusted is None
        else session.scalars(
            select(FederationPeer).where(FederationPeer.name == trusted.hub_name)
        ).first()
    )
    if trusted is None or peer is None:
        raise SignatureError(f"unknown key {kid}: no configured peer hub signs with it")
    verified = signing.verify(token, {kid: signing.public_key_from_text(trusted.public_key)})
    return peer, verified.payload


def _check_window(sent_at: object, window_s: float) -> None:
    try:
        sent = datetime.fromisoformat(str(sent_at))
    except ValueError:
        raise SignatureError("the message carries no valid sent_at time") from None
    if sent.tzinfo is None:
        raise SignatureError("the message's sent_at time has no UTC offset")
    skew = abs((utcnow() - sent).total_seconds())
    if skew > window_s:
        raise SignatureError(
            f"the message was sent {skew:.0f} s from now, outside the {window_s:.0f} s window: "
            "stale or replayed (or the clocks disagree)"
        )


def _keep_nonce(session: Session, peer: FederationPeer, nonce: object, window_s: float) -> None:
    if not isinstance(nonce, str) or not 16 <= len(nonce) <= 64:
        raise SignatureError("the message carries no nonce")
    cutoff = utcnow() - timedelta(seconds=2 * window_s)
    session.execute(delete(FederationNonce).where(FederationNonce.seen_at < cutoff))
    if session.get(FederationNonce, nonce) is not None:
        raise ConflictError(f"message {nonce} was received before: a replay is refused")
    session.add(FederationNonce(nonce=nonce, peer_id=peer.id))
    try:
        session.flush()
    except IntegrityError:
        raise ConflictError(f"message {nonce} was received before: a replay is refused") from None


@dataclass(frozen=True)
class Received:
    """What a delivery brought: sequences stored now and those kept before."""

    stored: list[int]
    duplicates: list[int]


def receive(
    session: Session, settings: Settings, peer: FederationPeer, payload: dict[str, Any]
) -> Received:
    """Keep the documents of a verified delivery, each once per sequence; each must be signed
    by the same peer and concern this hub's country.

    Raises:
        SignatureError: a document that does not verify or is not for this hub's country.
    """
    items = payload.get("items")
    if not isinstance(items, list):
        raise SignatureError("the delivery carries no items")
    stored, duplicates = [], []
    for index, item in enumerate(items):
        sequence, token = _item(index, item)
        seen = session.scalars(
            select(FederationReceived.id).where(
                FederationReceived.peer_id == peer.id, FederationReceived.sequence == sequence
            )
        ).first()
        if seen is not None:
            duplicates.append(sequence)
            continue
        try:
            document = _import(session, settings, peer, token)
        except SignatureError as err:  # named, so the sender can set this one document aside
            raise RefusedDocumentError(
                f"items[{index}] (sequence {sequence}): {err}", sequence
            ) from None
        session.add(FederationReceived(peer_id=peer.id, sequence=sequence, document_id=document.id))
        stored.append(sequence)
    peer.received_seq = max([peer.received_seq, *stored, *duplicates])
    peer.last_contact_at = utcnow()
    session.flush()
    if stored:
        audit.record(
            session,
            f"peer:{peer.name}",
            "federation.receive",
            "federation_peer",
            peer.id,
            {"sequences": stored},
        )
    return Received(stored, duplicates)


def _item(index: int, item: object) -> tuple[int, str]:
    if not isinstance(item, dict):
        raise SignatureError(f"item {index} of the delivery is not an object")
    sequence, token = item.get("sequence"), item.get("jws")
    if not _is_sequence(sequence) or sequence == 0:
        raise SignatureError(f"item {index} of the delivery has no sequence number")
    if not isinstance(token, str):
        raise SignatureError(f"item {index} of the delivery carries no signed document")
    return sequence, token


def _import(
    session: Session, settings: Settings, peer: FederationPeer, token: str
) -> ImportedDocument:
    own_peer, payload = _verified(session, token)
    if own_peer.id != peer.id:
        raise SignatureError(f"a document in {peer.name}'s delivery is signed by {own_peer.name}")
    countries = countries_of(payload)
    if settings.hub_country not in countries:
        concerned = ", ".join(sorted(countries)) or "no country"
        raise SignatureError(
            f"a document from {peer.name} concerns {concerned}, not this hub's country "
            f"({settings.hub_country or 'none set: LANDSEA_HUB_COUNTRY'})"
        )
    if payload.get("kind") != "declaration" or not isinstance(payload.get("subject_id"), str):
        raise SignatureError("a federated document is a landsea declaration")
    digest = digest_of(token)
    if (already := find_import(session, digest)) is not None:  # imported by hand before it arrived
        return already
    receiver = ensure_organisation(session, f"{peer.name} (peer hub)", Role.AUTHORITY, peer.country)
    return keep_import(session, digest, token, payload, countries, receiver.id)


def _is_sequence(value: object) -> TypeGuard[int]:
    """A sequence number the database can hold (a peer's, signed, but checked all the same)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62


def feed(session: Session, settings: Settings, token: str) -> str:
    """Answer a peer's signed request to catch up: its documents after `since`, signed."""
    peer, payload = open_message(session, settings, token, FEED_REQUEST)
    since = payload.get("since")
    if not _is_sequence(since):
        raise SignatureError("a feed request names `since`, a sequence number")
    rows = outbox_items(session, peer, since)
    peer.last_contact_at = utcnow()
    return envelope(session, settings, peer, DELIVERY, {"items": items_of(rows)})


def mark_delivered(session: Session, sequences: list[int]) -> None:
    """The peer acknowledged these documents."""
    for row in session.scalars(select(FederationOutbox).where(FederationOutbox.seq.in_(sequences))):
        row.status, row.delivered_at, row.last_error = "delivered", utcnow(), None


def mark_failed(
    session: Session, peer_id: str, sequences: list[int], error: str, settings: Settings
) -> None:
    """A push failed: wait longer before the next (doubling from `federation_retry_s`)."""
    now = utcnow()
    rows = session.scalars(select(FederationOutbox).where(FederationOutbox.seq.in_(sequences)))
    for row in rows:
        row.attempts += 1
        wait = min(
            settings.federation_retry_s * 2 ** (row.attempts - 1), settings.federation_retry_max_s
        )
        row.next_attempt_at = now + timedelta(seconds=wait)
        row.last_error = error[:2000]
    peer = session.get(FederationPeer, peer_id)
    if peer is not None:
        peer.last_error = error[:2000]


def dead_letter(session: Session, peer_id: str, sequence: int, reason: str) -> None:
    """Set aside a document the peer refused: never sent again, shown with its reason in
    `landsea hub peer list` and `GET /peers`, so the documents after it are not held up."""
    row = session.get(FederationOutbox, sequence)
    if row is not None and row.peer_id == peer_id:
        row.status, row.last_error = DEAD, reason[:2000]
        row.attempts += 1


def resend(session: Session, actor: Principal, sequences: list[int]) -> list[DeadLetterOut]:
    """Send dead letters again (after the peer or the document was put right): pending and due
    now, so the next round offers them first, in their order; audited.

    Raises:
        NotFoundError: a sequence number that is not a dead letter of this hub's outbox.
    """
    rows = {
        row.seq: row
        for row in session.scalars(
            select(FederationOutbox).where(
                FederationOutbox.seq.in_(sequences), FederationOutbox.status == DEAD
            )
        )
    }
    missing = sorted(set(sequences) - set(rows))
    if missing:
        listed = ", ".join(map(str, missing))
        raise NotFoundError(f"no dead letter with sequence {listed} (`landsea hub peer list`)")
    again = []
    for seq in sorted(rows):
        row = rows[seq]
        again.append(
            DeadLetterOut(
                sequence=seq, kind=row.kind, subject_id=row.subject_id, reason=row.last_error or ""
            )
        )
        row.status, row.next_attempt_at = "pending", utcnow()
    audit.append(
        session,
        (
            audit.AuditRecord(
                actor.actor, "federation.resend", "federation_outbox", str(dead.sequence), {}
            )
            for dead in again
        ),
    )
    return again


def due(session: Session, peer: FederationPeer, limit: int = FEED_LIMIT) -> list[FederationOutbox]:
    """The peer's pending documents, oldest first, when the oldest is due (order is kept: a
    later document never overtakes an earlier one)."""
    rows = list(
        session.scalars(
            select(FederationOutbox)
            .where(FederationOutbox.peer_id == peer.id, FederationOutbox.status == "pending")
            .order_by(FederationOutbox.seq)
            .limit(limit)
        )
    )
    if not rows or rows[0].next_attempt_at > utcnow():
        return []
    return rows
