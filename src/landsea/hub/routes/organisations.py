"""Organisations and tokens (admin), and who the caller is (any token)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from landsea.hub.auth import Principal
from landsea.hub.deps import Caller, Hub, allowed
from landsea.hub.policy import Action
from landsea.hub.schemas.identity import Me, OrganisationIn, OrganisationOut, TokenIn, TokenOut
from landsea.hub.services import identity

router = APIRouter(tags=["identity"])

Admin = Annotated[Principal, Depends(allowed(Action.MANAGE_IDENTITY))]


@router.get("/me")
def me(caller: Caller) -> Me:
    """Who your token stands for."""
    return Me(
        organisation_id=caller.organisation_id,
        organisation=caller.organisation_name,
        role=caller.role,
        country=caller.country,
    )


@router.get("/organisations")
def list_organisations(context: Hub, _admin: Admin) -> list[OrganisationOut]:
    """Every organisation on the hub."""
    with context.db.read() as session:
        found = identity.list_organisations(session)
        return [OrganisationOut.model_validate(o, from_attributes=True) for o in found]


@router.post("/organisations", status_code=status.HTTP_201_CREATED)
def create_organisation(context: Hub, admin: Admin, body: OrganisationIn) -> OrganisationOut:
    """Register an organisation with its role (and country, for authorities)."""
    with context.db.write() as session:
        made = identity.ensure_organisation(
            session, body.name, body.role, body.country, admin.actor
        )
        return OrganisationOut.model_validate(made, from_attributes=True)


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def create_token(context: Hub, admin: Admin, body: TokenIn) -> TokenOut:
    """Issue a token (its secret shown once) for an organisation, made if new."""
    with context.db.write() as session:
        issued = identity.issue_token(
            session, body.organisation, body.role, body.country, body.label, admin.actor
        )
    return TokenOut(
        token=issued.token,
        token_id=issued.token_id,
        organisation_id=issued.organisation_id,
        organisation=issued.organisation_name,
        role=issued.role,
        country=issued.country,
    )


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(context: Hub, admin: Admin, token_id: uuid.UUID) -> None:
    """Revoke a token: at once in this process, and open streams end."""
    with context.db.write() as session:
        identity.revoke_token(session, str(token_id), admin.actor)
    context.forget_principals()
