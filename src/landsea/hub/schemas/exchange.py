"""Signed documents and the keys that check them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from landsea.hub.schemas.types import Country, Name

Jws = Annotated[str, Field(min_length=5, max_length=900_000, pattern=r"^[A-Za-z0-9_.=-]+$")]


class OwnKeyOut(BaseModel):
    """This hub's current public key."""

    hub_name: str
    kid: str
    public_key: str = Field(description="base64url of the 32 raw Ed25519 bytes (JWK `x`)")


class PublishedKeyOut(BaseModel):
    """One of this hub's public keys as a JWK (OKP, Ed25519)."""

    kty: str = "OKP"
    crv: str = "Ed25519"
    use: str = "sig"
    kid: str
    x: str
    created_at: datetime


class PublishedKeysOut(BaseModel):
    """This hub's public keys, newest (the one that signs now) first."""

    hub_name: str
    keys: list[PublishedKeyOut]


class TrustIn(BaseModel):
    """A peer hub's public key to trust."""

    model_config = ConfigDict(extra="forbid")

    hub_name: Name
    public_key: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{43}$")]
    country: Country | None = None


class TrustedKeyOut(BaseModel):
    """A trusted peer key."""

    kid: str
    hub_name: str
    public_key: str
    country: str | None
    added_at: datetime


class SignedOut(BaseModel):
    """A signed export."""

    kind: str
    subject_id: str
    kid: str
    jws: str = Field(description="JWS compact serialisation, EdDSA (Ed25519)")
    payload: dict[str, Any] | None = Field(
        default=None, description="with a detached signature (`header..signature`): the payload"
    )


class ImportIn(BaseModel):
    """A peer's signed document (and its payload, if detached)."""

    model_config = ConfigDict(extra="forbid")

    jws: Jws
    payload: dict[str, Any] | None = Field(
        default=None, description="the payload of a detached signature (`header..signature`)"
    )


class ImportedOut(BaseModel):
    """A kept import."""

    id: str
    kind: str
    issuer: str
    kid: str
    subject_id: str
    imported_at: datetime
    already_imported: bool = False
    document: dict[str, Any]
