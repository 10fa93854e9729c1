"""Messages between federated hubs, and the peers as an administrator sees them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from landsea.hub.schemas.exchange import Jws


class SignedMessageIn(BaseModel):
    """A peer hub's signed message (JWS compact, EdDSA)."""

    model_config = ConfigDict(extra="forbid")

    jws: Jws


class ReceivedOut(BaseModel):
    """What a delivery brought: sequences kept now and those kept before."""

    stored: list[int]
    duplicates: list[int]


class FeedOut(BaseModel):
    """The documents a peer asked for, in one message signed by this hub."""

    jws: str = Field(description="JWS: kind federation-delivery, items [{sequence, kind, jws}]")


class DeadLetterOut(BaseModel):
    """A document the peer refused by name: set aside so the ones after it still go."""

    sequence: int
    kind: str
    subject_id: str
    reason: str = Field(description="the peer's refusal")


class PeerOut(BaseModel):
    """A configured peer hub and how far the exchange with it has got."""

    name: str
    url: str
    country: str
    kid: str = Field(description="the fingerprint (RFC 7638 key id) of the key trusted for it")
    received_seq: int = Field(description="the last of its sequence numbers received")
    pending: int = Field(description="documents waiting in the outbox for it")
    delivered: int
    dead: int = Field(description="documents the peer refused (dead letters), not sent again")
    dead_letters: list[DeadLetterOut] = Field(default_factory=list)
    last_contact_at: datetime | None
    last_error: str | None
