"""The tables of federation between national hubs: peers, the outbox of signed documents for
them, the nonces seen (replay protection) and what was received from each (Alembic revision
0010 creates them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from landsea.hub.models import Base, new_id, utcnow

_SEQ = BigInteger().with_variant(Integer, "sqlite")


class FederationPeer(Base):
    """A national hub this one exchanges documents with: where it answers, which country it
    speaks for, and the fingerprint (key id) of the key it was trusted by."""

    __tablename__ = "federation_peers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    country: Mapped[str] = mapped_column(String(2))
    kid: Mapped[str] = mapped_column(String(64), index=True)
    received_seq: Mapped[int] = mapped_column(_SEQ, default=0)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_contact_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class FederationOutbox(Base):
    """A signed document waiting for (or delivered to) one peer, written in the transaction of
    the change it carries, so nothing is lost while the peer is down. `seq` is the sequence
    the peer sees and pulls by."""

    __tablename__ = "federation_outbox"
    seq: Mapped[int] = mapped_column(_SEQ, primary_key=True, autoincrement=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("federation_peers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(100))
    jws: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class FederationNonce(Base):
    """A nonce of a signed message from a peer, kept while its time window lasts: a message
    seen once is refused the second time."""

    __tablename__ = "federation_nonces"
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("federation_peers.id"))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class FederationReceived(Base):
    """A document received from a peer under its sequence number (each kept once)."""

    __tablename__ = "federation_received"
    __table_args__ = (UniqueConstraint("peer_id", "sequence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("federation_peers.id"), index=True)
    sequence: Mapped[int] = mapped_column(_SEQ)
    document_id: Mapped[str] = mapped_column(ForeignKey("imported_documents.id"))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
