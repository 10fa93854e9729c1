"""Organisations, tokens and the caller."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from landsea.hub.auth import Role
from landsea.hub.schemas.types import Country, Name, Text


class OrganisationIn(BaseModel):
    """An organisation to register."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    role: Role
    country: Country | None = None


class OrganisationOut(BaseModel):
    """An organisation."""

    id: str
    name: str
    role: Role
    country: str | None


class TokenIn(BaseModel):
    """A token to issue, for an organisation made if new."""

    model_config = ConfigDict(extra="forbid")

    organisation: Name
    role: Role
    country: Country | None = None
    label: Text = ""


class TokenOut(BaseModel):
    """The token secret appears here once and is never shown again."""

    token: str
    token_id: str
    organisation_id: str
    organisation: str
    role: Role
    country: str | None


class Me(BaseModel):
    """Who a token stands for."""

    organisation_id: str
    organisation: str
    role: Role
    country: str | None
