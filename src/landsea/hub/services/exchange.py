"""Signed exchange with peer hubs: export a consignment or declaration, import a peer's.

Exports are signed with this hub's own key (made on first use). Imports verify against the
public keys an administrator registered; a tampered document or an unknown key is refused with
the reason, and nothing is stored.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from landsea.errors import NotFoundError, SignatureError
from landsea.hub import audit, signing
from landsea.hub.auth import Principal
from landsea.hub.models import HubKey, ImportedDocument, TrustedKey, utcnow

KINDS = ("consignment", "declaration")


def own_key(session: Session) -> HubKey:
    """This hub's signing key, made and stored the first time it is needed."""
    found = session.scalars(select(HubKey).order_by(HubKey.created_at.desc()).limit(1)).first()
    if found is not None:
        return found
    private = signing.new_private_key()
    public = private.public_key()
    key = HubKey(
        kid=signing.key_id(public),
        private_pem=signing.private_pem(private),
        public_key=signing.b64url(signing.public_bytes(public)),
    )
    session.add(key)
    session.flush()
    audit.append(
        session,
        [
            audit.AuditRecord(
                "system:hub", "key.create", "hub_key", key.kid, {"public_key": key.public_key}
            )
        ],
    )
    return key


def sign_document(
    session: Session,
    caller: Principal,
    hub_name: str,
    kind: str,
    subject_id: str,
    document: dict[str, Any],
    detached: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The signed document (JWS) and its payload (needed beside a detached signature)."""
    key = own_key(session)
    payload = {
        "kind": kind,
        "issuer": hub_name,
        "issued_at": utcnow().isoformat(),
        "subject_id": subject_id,
        "document": document,
    }
    token = signing.sign(payload, signing.load_private_pem(key.private_pem), kind, detached)
    audit.append(
        session,
        [
            audit.AuditRecord(
                caller.actor,
                f"{kind}.export",
                kind,
                subject_id,
                {"kid": key.kid, "sha256": _digest(token)},
            )
        ],
    )
    return token, payload


def trust_key(
    session: Session, caller: Principal, public_key: str, hub_name: str, country: str | None
) -> TrustedKey:
    key = signing.public_key_from_text(public_key)
    kid = signing.key_id(key)
    found = session.get(TrustedKey, kid)
    if found is not None:
        found.hub_name, found.country, found.revoked_at = hub_name, country, None
        return found
    trusted = TrustedKey(kid=kid, hub_name=hub_name, public_key=public_key.strip(), country=country)
    session.add(trusted)
    session.flush()
    audit.append(
        session,
        [
            audit.AuditRecord(
                caller.actor,
                "key.trust",
                "trusted_key",
                kid,
                {"hub_name": hub_name, "public_key": public_key.strip()},
            )
        ],
    )
    return trusted


def trusted_keys(session: Session) -> list[TrustedKey]:
    return list(session.scalars(select(TrustedKey).order_by(TrustedKey.hub_name)))


def import_document(
    session: Session, caller: Principal, token: str, detached: dict[str, Any] | None = None
) -> tuple[ImportedDocument, bool]:
    """Verify and store a peer's document (with its payload if the signature is detached);
    (stored, True) if it was imported before."""
    digest = _digest(token.strip() + (signing.canonical(detached) if detached else ""))
    already = session.scalars(
        select(ImportedDocument).where(ImportedDocument.digest == digest)
    ).first()
    if already is not None:
        return already, True
    kid = signing.peek_kid(token)
    trusted = session.get(TrustedKey, kid)
    keys = (
        {}
        if trusted is None or trusted.revoked_at
        else {kid: signing.public_key_from_text(trusted.public_key)}
    )
    verified = signing.verify(token, keys, detached)
    kind, subject = _checked_payload(verified.payload)
    document = ImportedDocument(
        digest=digest,
        kid=kid,
        kind=kind,
        issuer=str(verified.payload["issuer"]),
        subject_id=subject,
        payload=verified.payload,
        jws=token.strip(),
        imported_by=caller.organisation_id,
    )
    session.add(document)
    session.flush()
    audit.append(
        session,
        [
            audit.AuditRecord(
                caller.actor, "document.import", kind, subject, {"kid": kid, "sha256": digest}
            )
        ],
    )
    return document, False


def _checked_payload(payload: dict[str, Any]) -> tuple[str, str]:
    kind, subject, issuer = payload.get("kind"), payload.get("subject_id"), payload.get("issuer")
    if kind not in KINDS or not isinstance(subject, str) or not isinstance(issuer, str):
        raise SignatureError("the signed payload is not a landsea consignment or declaration")
    if not isinstance(payload.get("document"), dict):
        raise SignatureError("the signed payload carries no document")
    return str(kind), subject


def imported(session: Session, document_id: str) -> ImportedDocument:
    found = session.get(ImportedDocument, document_id)
    if found is None:
        raise NotFoundError(f"no imported document {document_id}")
    return found


def imports(session: Session, limit: int, offset: int) -> list[ImportedDocument]:
    query = select(ImportedDocument).order_by(ImportedDocument.imported_at.desc()).limit(limit)
    return list(session.scalars(query.offset(offset)))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
