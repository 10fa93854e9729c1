"""Signed exchange between national hubs: this hub's key, trusted peer keys, exports, imports."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from landsea.hub.auth import Principal
from landsea.hub.context import HubContext
from landsea.hub.deps import Hub, allowed
from landsea.hub.models import ImportedDocument
from landsea.hub.policy import Action
from landsea.hub.schemas.exchange import (
    ImportedOut,
    ImportIn,
    OwnKeyOut,
    PublishedKeyOut,
    PublishedKeysOut,
    SignedOut,
    TrustedKeyOut,
    TrustIn,
)
from landsea.hub.services import exchange

router = APIRouter(tags=["exchange"])

KeyReader = Annotated[Principal, Depends(allowed(Action.READ_OWN_KEY))]
KeyKeeper = Annotated[Principal, Depends(allowed(Action.MANAGE_KEYS))]
TrustedKeyReader = Annotated[Principal, Depends(allowed(Action.READ_TRUSTED_KEYS))]
ConsignmentExporter = Annotated[Principal, Depends(allowed(Action.EXPORT_CONSIGNMENT))]
DeclarationExporter = Annotated[Principal, Depends(allowed(Action.EXPORT_DECLARATION))]
Importer = Annotated[Principal, Depends(allowed(Action.IMPORT_DOCUMENT))]
ImportReader = Annotated[Principal, Depends(allowed(Action.READ_IMPORTS))]
Detached = Annotated[
    bool, Query(description="leave the payload out of the JWS (header..signature) and beside it")
]


@router.get("/keys/own")
def own_key(context: Hub, _caller: KeyReader) -> OwnKeyOut:
    """This hub's public key, to register on peer hubs."""
    with context.db.write() as session:
        key = exchange.own_key(session, context.settings.signing_passphrase())
        return OwnKeyOut(hub_name=context.settings.hub_name, kid=key.kid, public_key=key.public_key)


@router.get("/keys/published")
def published_keys(context: Hub) -> PublishedKeysOut:
    """Every public key this hub signs or signed with, by key id (a JWK set; no token needed),
    so peers can verify its documents after a rotation too."""
    with context.db.read() as session:
        keys = exchange.own_keys(session)
        return PublishedKeysOut(
            hub_name=context.settings.hub_name,
            keys=[
                PublishedKeyOut(kid=k.kid, x=k.public_key, created_at=k.created_at) for k in keys
            ],
        )


@router.post("/keys/rotate", status_code=status.HTTP_201_CREATED)
def rotate_key(context: Hub, admin: KeyKeeper) -> OwnKeyOut:
    """A new signing key signs from now on; the old ones stay published."""
    with context.db.write() as session:
        key = exchange.rotate_key(session, admin.actor, context.settings.signing_passphrase())
        return OwnKeyOut(hub_name=context.settings.hub_name, kid=key.kid, public_key=key.public_key)


@router.post("/keys/trusted", status_code=status.HTTP_201_CREATED)
def trust_key(context: Hub, admin: KeyKeeper, body: TrustIn) -> TrustedKeyOut:
    """Register a peer hub's public key; documents it signs can then be imported."""
    with context.db.write() as session:
        key = exchange.trust_key(session, admin, body.public_key, body.hub_name, body.country)
        return TrustedKeyOut.model_validate(key, from_attributes=True)


@router.get("/keys/trusted")
def trusted_keys(context: Hub, _caller: TrustedKeyReader) -> list[TrustedKeyOut]:
    """The peer hubs' keys this hub trusts."""
    with context.db.read() as session:
        found = exchange.trusted_keys(session)
        return [TrustedKeyOut.model_validate(k, from_attributes=True) for k in found]


@router.get("/consignments/{consignment_id}/export")
def export_consignment(
    context: Hub, caller: ConsignmentExporter, consignment_id: uuid.UUID, detached: Detached = False
) -> SignedOut:
    """The consignment as one signed document (its operator's full view)."""
    return _export(context, caller, "consignment", str(consignment_id), detached)


@router.get("/declarations/{declaration_id}/export")
def export_declaration(
    context: Hub, caller: DeclarationExporter, declaration_id: uuid.UUID, detached: Detached = False
) -> SignedOut:
    """The declaration as you see it, signed, for the hub across the border."""
    return _export(context, caller, "declaration", str(declaration_id), detached)


def _export(
    context: HubContext, caller: Principal, kind: str, subject_id: str, detached: bool
) -> SignedOut:
    with context.db.write() as session:
        settings = context.settings
        signed = exchange.export(
            session,
            caller,
            settings.hub_name,
            kind,
            subject_id,
            detached,
            settings.signing_passphrase(),
        )
    return SignedOut(
        kind=signed.kind,
        subject_id=signed.subject_id,
        kid=signed.kid,
        jws=signed.jws,
        payload=signed.payload if detached else None,
    )


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
    context: Hub, caller: Importer, body: ImportIn, response: Response
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
    caller: ImportReader,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ImportedOut]:
    """Imported documents you may read: those concerning your country (authorities)."""
    with context.db.read() as session:
        return [_imported_out(d) for d in exchange.imports(session, caller, limit, offset)]


@router.get("/imports/{document_id}")
def read_import(context: Hub, caller: ImportReader, document_id: uuid.UUID) -> ImportedOut:
    """One imported document, if it concerns your country (404 otherwise)."""
    with context.db.read() as session:
        return _imported_out(exchange.imported(session, caller, str(document_id)))
