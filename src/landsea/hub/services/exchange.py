"""Signed exchange with peer hubs: export a consignment or declaration, import a peer's.

Exports are signed with this hub's own key (made on first use). Imports verify against the
public keys an administrator registered; a tampered document or an unknown key is refused with
the reason, and nothing is stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from landsea.errors import DataError, PermissionDeniedError, SignatureError
from landsea.hub import audit, signing
from landsea.hub.auth import Principal
from landsea.hub.models import HubKey, ImportedCountry, ImportedDocument, TrustedKey, utcnow
from landsea.hub.policy import (
    may_import,
    readable_consignment,
    visible_declaration,
    visible_import,
    visible_imports,
)
from landsea.hub.services import consignments, declarations

KINDS = ("consignment", "declaration")


@dataclass(frozen=True)
class SignedDocument:
    """An export: the JWS, its key id, and the payload (needed beside a detached JWS)."""

    kind: str
    subject_id: str
    kid: str
    jws: str
    payload: dict[str, Any]


def export(
    session: Session,
    caller: Principal,
    hub_name: str,
    kind: str,
    subject_id: str,
    detached: bool = False,
    passphrase: bytes | None = None,
) -> SignedDocument:
    """A consignment (its operator's full view) or declaration (as the caller sees it), signed
    with this hub's key and audited: the one export flow of the API and the command line.

    Raises:
        DataError: `kind` is neither consignment nor declaration.
        NotFoundError: the record is missing or not the caller's to export.
    """
    if kind == "consignment":
        found = readable_consignment(session, caller, subject_id)
        document = consignments.view(session, found, caller).model_dump(mode="json", by_alias=True)
    elif kind == "declaration":
        declared = visible_declaration(session, caller, subject_id)
        document = declarations.view(session, declared, caller).model_dump(mode="json")
    else:
        raise DataError(f"cannot export {kind!r}: consignment or declaration")
    token, payload = sign_document(
        session, caller, hub_name, kind, subject_id, document, detached, passphrase
    )
    return SignedDocument(kind, subject_id, signing.peek_kid(token), token, payload)


def own_key(session: Session, passphrase: bytes | None = None) -> HubKey:
    """This hub's signing key (the newest), made the first time it is needed. With a
    passphrase, the private key is kept encrypted under it; a key stored in the clear before a
    passphrase was set is encrypted now (audited)."""
    found = session.scalars(select(HubKey).order_by(HubKey.created_at.desc()).limit(1)).first()
    if found is None:
        return _new_key(session, "system:hub", passphrase)
    if passphrase and not signing.is_encrypted(found.private_pem):
        private = signing.load_private_pem(found.private_pem)
        found.private_pem = signing.private_pem(private, passphrase)
        audit.record(session, "system:hub", "key.encrypt", "hub_key", found.kid, {})
    return found


def rotate_key(session: Session, actor: str, passphrase: bytes | None = None) -> HubKey:
    """A new signing key that signs from now on; older keys stay published, so documents they
    signed still verify on peers that trust them (audited)."""
    return _new_key(session, actor, passphrase)


def own_keys(session: Session) -> list[HubKey]:
    """Every key this hub has signed with, newest first: what it publishes."""
    return list(session.scalars(select(HubKey).order_by(HubKey.created_at.desc())))


def _new_key(session: Session, actor: str, passphrase: bytes | None) -> HubKey:
    private = signing.new_private_key()
    public = private.public_key()
    key = HubKey(
        kid=signing.key_id(public),
        private_pem=signing.private_pem(private, passphrase),
        public_key=signing.b64url(signing.public_bytes(public)),
        created_at=utcnow(),
    )
    session.add(key)
    session.flush()
    audit.record(session, actor, "key.create", "hub_key", key.kid, {"public_key": key.public_key})
    return key


def sign_document(
    session: Session,
    caller: Principal,
    hub_name: str,
    kind: str,
    subject_id: str,
    document: dict[str, Any],
    detached: bool = False,
    passphrase: bytes | None = None,
) -> tuple[str, dict[str, Any]]:
    """The signed document (JWS) and its payload (needed beside a detached signature);
    the export is audited with the key id and the JWS's SHA-256.

    Raises:
        SignatureError: the stored key is encrypted and `passphrase` is missing or wrong.
    """
    payload = {
        "kind": kind,
        "issuer": hub_name,
        "issued_at": utcnow().isoformat(),
        "subject_id": subject_id,
        "document": document,
    }
    token, kid = sign_with_own_key(session, payload, kind, passphrase, detached)
    audit.record(
        session,
        caller.actor,
        f"{kind}.export",
        kind,
        subject_id,
        {"kid": kid, "sha256": digest_of(token)},
    )
    return token, payload


def sign_with_own_key(
    session: Session,
    payload: dict[str, Any],
    kind: str,
    passphrase: bytes | None = None,
    detached: bool = False,
) -> tuple[str, str]:
    """`payload` signed (JWS, EdDSA) with this hub's key, and that key's id: what a signed
    export and a message to a federated peer (`landsea.hub.services.federation`) both sign with.

    Raises:
        SignatureError: the stored key is encrypted and `passphrase` is missing or wrong.
    """
    key = own_key(session, passphrase)
    private = signing.load_private_pem(key.private_pem, passphrase)
    return signing.sign(payload, private, kind, detached), key.kid


def trust_key(
    session: Session, caller: Principal, public_key: str, hub_name: str, country: str | None
) -> TrustedKey:
    """Register (or re-register) a peer hub's public key (audited).

    Raises:
        SignatureError: the text is not an Ed25519 public key.
    """
    key = signing.public_key_from_text(public_key)
    kid = signing.key_id(key)
    found = session.get(TrustedKey, kid)
    if found is not None:
        found.hub_name, found.country, found.revoked_at = hub_name, country, None
        return found
    trusted = TrustedKey(kid=kid, hub_name=hub_name, public_key=public_key.strip(), country=country)
    session.add(trusted)
    session.flush()
    audit.record(
        session,
        caller.actor,
        "key.trust",
        "trusted_key",
        kid,
        {"hub_name": hub_name, "public_key": public_key.strip()},
    )
    return trusted


def trusted_keys(session: Session) -> list[TrustedKey]:
    """The registered peer keys, by hub name."""
    return list(session.scalars(select(TrustedKey).order_by(TrustedKey.hub_name)))


def import_document(
    session: Session, caller: Principal, token: str, detached: dict[str, Any] | None = None
) -> tuple[ImportedDocument, bool]:
    """Verify and store a peer's document (with its payload if the signature is detached);
    (stored, True) if it was imported before. Only the authorities of the countries the
    document concerns (and the admin) may import it, or learn that it was.

    Raises:
        SignatureError: an unknown or revoked key, a signature that does not verify, or a
            payload that is not a landsea consignment or declaration.
        PermissionDeniedError: the document does not concern the caller's country.
    """
    digest = digest_of(token.strip() + (signing.canonical(detached) if detached else ""))
    already = find_import(session, digest)
    if already is not None:
        _check_may_import(caller, countries_of(already.payload))
        return already, True
    kid = signing.peek_kid(token)
    trusted = live_trusted_key(session, kid)
    keys = {} if trusted is None else {kid: signing.public_key_from_text(trusted.public_key)}
    verified = signing.verify(token, keys, detached)
    kind, subject = _checked_payload(verified.payload)
    countries = countries_of(verified.payload)
    _check_may_import(caller, countries)
    document = keep_import(
        session, digest, token.strip(), verified.payload, countries, caller.organisation_id
    )
    audit.record(
        session, caller.actor, "document.import", kind, subject, {"kid": kid, "sha256": digest}
    )
    return document, False


def live_trusted_key(session: Session, kid: str) -> TrustedKey | None:
    """The registered peer key with id `kid`, unless it is unknown or revoked."""
    trusted = session.get(TrustedKey, kid)
    return None if trusted is None or trusted.revoked_at is not None else trusted


def find_import(session: Session, digest: str) -> ImportedDocument | None:
    """The document imported before under `digest` (`digest_of` its JWS), if any."""
    query = select(ImportedDocument).where(ImportedDocument.digest == digest)
    return session.scalars(query).first()


def keep_import(
    session: Session,
    digest: str,
    token: str,
    payload: dict[str, Any],
    countries: set[str],
    imported_by: str,
) -> ImportedDocument:
    """Store a verified landsea document (its `kind` and `subject_id` checked by the caller)
    with the countries it concerns, which decide who may read it (`landsea.hub.policy`)."""
    document = ImportedDocument(
        digest=digest,
        kid=signing.peek_kid(token),
        kind=str(payload["kind"]),
        issuer=str(payload.get("issuer")),
        subject_id=str(payload["subject_id"]),
        payload=payload,
        jws=token,
        imported_by=imported_by,
    )
    session.add(document)
    session.flush()
    session.add_all(ImportedCountry(document_id=document.id, country=c) for c in sorted(countries))
    return document


def _checked_payload(payload: dict[str, Any]) -> tuple[str, str]:
    kind, subject, issuer = payload.get("kind"), payload.get("subject_id"), payload.get("issuer")
    if kind not in KINDS or not isinstance(subject, str) or not isinstance(issuer, str):
        raise SignatureError("the signed payload is not a landsea consignment or declaration")
    if not isinstance(payload.get("document"), dict):
        raise SignatureError("the signed payload carries no document")
    return str(kind), subject


def countries_of(payload: dict[str, Any]) -> set[str]:
    """The countries a signed payload concerns: a declaration's two sides, or the sides of
    every crossing of a consignment's itinerary."""
    document = payload.get("document")
    if not isinstance(document, dict):
        return set()
    crossings = [c for c in document.get("crossings") or [] if isinstance(c, dict)]
    found = {side.get(key) for side in (document, *crossings) for key in ("country_a", "country_b")}
    return {c for c in found if isinstance(c, str) and len(c) == 2}


def _check_may_import(caller: Principal, countries: set[str]) -> None:
    if not may_import(caller, countries):
        concerned = ", ".join(sorted(countries)) or "no country"
        raise PermissionDeniedError(
            f"this document concerns {concerned}; it is not for {caller.country or caller.role}"
        )


def imported(session: Session, caller: Principal, document_id: str) -> ImportedDocument:
    """One imported document the caller may read.

    Raises:
        NotFoundError: missing or not the caller's to see.
    """
    return visible_import(session, caller, document_id)


def imports(session: Session, caller: Principal, limit: int, offset: int) -> list[ImportedDocument]:
    """Imported documents the caller may read, newest first."""
    query = visible_imports(caller).order_by(
        ImportedDocument.imported_at.desc(), ImportedDocument.id
    )
    return list(session.scalars(query.limit(limit).offset(offset)))


def digest_of(token: str) -> str:
    """The SHA-256 (hex) of a JWS: what an export is audited with and an import known by."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
