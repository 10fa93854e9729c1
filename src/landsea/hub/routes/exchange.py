"""Signed exchange between national hubs: this hub's key, trusted peer keys, exports, imports."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from landsea.hub.auth import Principal, Role
from landsea.hub.deps import Admin, Caller, Hub, require
from landsea.hub.models import ImportedDocument
from landsea.hub.schemas.exchange import (
    ImportedOut,
    ImportIn,
    OwnKeyOut,
    SignedOut,
    TrustedKeyOut,
    TrustIn,
)
from landsea.hub.services import declarations, exchange
from landsea.hub.services.access import owned_consignment
from landsea.hub.services.consignments import organisation_names
from landsea.hub.views import consignment_view, declaration_view, inspector_ids, names_needed

router = APIRouter(tags=["exchange"])

Operator = Annotated[Principal, Depends(require(Role.OPERATOR, Role.ADMIN))]
Officer = Annotated[Principal, Depends(require(Role.AUTHORITY, Role.ADMIN))]
Declarant = Annotated[Principal, Depends(require(Role.OPERATOR, Role.AUTHORITY, Role.ADMIN))]
Detached = Annotated[
    bool, Query(description="leave the payload out of the JWS (header..signature) and beside it")
]


@router.get("/keys/own")
def own_key(context: Hub, _caller: Caller) -> OwnKeyOut:
    """This hub's public key, to register on peer hubs."""
    with context.db.write() as session:
        key = exchange.own_key(session)
        return OwnKeyOut(hub_name=context.settings.hub_name, kid=key.kid, public_key=key.public_key)


@router.post("/keys/trusted", status_code=status.HTTP_201_CREATED)
def trust_key(context: Hub, admin: Admin, body: TrustIn) -> TrustedKeyOut:
    """Register a peer hub's public key; documents it signs can then be imported."""
    with context.db.write() as session:
        key = exchange.trust_key(session, admin, body.public_key, body.hub_name, body.country)
        return TrustedKeyOut.model_validate(key, from_attributes=True)


@router.get("/keys/trusted")
def trusted_keys(context: Hub, _caller: Officer) -> list[TrustedKeyOut]:
    with context.db.read() as session:
        found = exchange.trusted_keys(session)
        return [TrustedKeyOut.model_validate(k, from_attributes=True) for k in found]


@router.get("/consignments/{consignment_id}/export")
def export_consignment(
    context: Hub, caller: Operator, consignment_id: uuid.UUID, detached: Detached = False
) -> SignedOut:
    """The consignment as one signed document (its operator's full view)."""
    with context.db.write() as session:
        found = owned_consignment(session, caller, str(consignment_id))
        names = organisation_names(session, names_needed(found))
        document = consignment_view(found, caller, names).model_dump(mode="json", by_alias=True)
        token, payload = exchange.sign_document(
            session, caller, context.settings.hub_name, "consignment", found.id, document, detached
        )
    return SignedOut(
        kind="consignment",
        subject_id=found.id,
        kid=_kid(token),
        jws=token,
        payload=payload if detached else None,
    )


@router.get("/declarations/{declaration_id}/export")
def export_declaration(
    context: Hub, caller: Declarant, declaration_id: uuid.UUID, detached: Detached = False
) -> SignedOut:
    """The declaration as you see it, signed, for the hub across the border."""
    with context.db.write() as session:
        found = declarations.visible_declaration(session, caller, str(declaration_id))
        names = organisation_names(session, inspector_ids(found))
        document = declaration_view(found, caller, names).model_dump(mode="json")
        token, payload = exchange.sign_document(
            session, caller, context.settings.hub_name, "declaration", found.id, document, detached
        )
    return SignedOut(
        kind="declaration",
        subject_id=found.id,
        kid=_kid(token),
        jws=token,
        payload=payload if detached else None,
    )


def _kid(token: str) -> str:
    from landsea.hub.signing import peek_kid

    return peek_kid(token)


def _imported_out(document: ImportedDocument, again: bool = False) -> ImportedOut:
    return ImportedOut(
        id=document.id,
        kind=document.kind,
        issuer=document.issuer,
        kid=document.kid,
        subject_id=document.subject_id,
        imported_at=document.imported_at,
        already_imported=again,
        document=document.payload["document"],
    )


@router.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "imported before"}, 422: {"description": "refused: reason"}},
)
def import_document(
    context: Hub, caller: Officer, body: ImportIn, response: Response
) -> ImportedOut:
    """Verify a peer hub's signed document against the registered keys and keep it."""
    with context.db.write() as session:
        document, again = exchange.import_document(session, caller, body.jws, body.payload)
        if again:
            response.status_code = status.HTTP_200_OK
        return _imported_out(document, again)


@router.get("/imports")
def list_imports(
    context: Hub,
    _caller: Officer,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ImportedOut]:
    with context.db.read() as session:
        return [_imported_out(d) for d in exchange.imports(session, limit, offset)]


@router.get("/imports/{document_id}")
def read_import(context: Hub, _caller: Officer, document_id: uuid.UUID) -> ImportedOut:
    with context.db.read() as session:
        return _imported_out(exchange.imported(session, str(document_id)))
