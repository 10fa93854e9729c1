"""Roles, principals and API tokens. A token is shown once; only its SHA-256 is stored.

Tokens carry 256 bits of randomness, so a plain SHA-256 (not a slow password hash) is enough to
make a stolen table useless, and it lets the hub find a token with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

TOKEN_PREFIX = "lsh_"


class Role(StrEnum):
    """The part an organisation plays on the hub; `landsea.hub.policy` says what each may do."""

    OPERATOR = "operator"  # a forwarder or multimodal transport operator: owns consignments
    CARRIER = "carrier"  # posts events on the legs assigned to it
    AUTHORITY = "authority"  # customs, quarantine or border agency of one country
    PUBLIC = "public"  # reads aggregates only
    ADMIN = "admin"  # runs the hub: organisations, tokens, keys, audit


@dataclass(frozen=True)
class Principal:
    """Who is calling: their organisation, its role and (for authorities) country."""

    organisation_id: str
    organisation_name: str
    role: Role
    country: str | None
    token_id: str

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        return f"{self.role}:{self.organisation_id}"


def new_token() -> str:
    """A fresh API token secret (256 random bits, prefixed `lsh_`)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
