"""Signed documents between national hubs: JWS compact serialisation with Ed25519 (EdDSA).

A hub signs with its own key; another hub verifies against public keys it has registered by key
id (the RFC 7638 thumbprint of the key). Every failure names its reason: malformed, unsupported
algorithm, unknown key, or a signature that does not verify (altered or signed by another key).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from landsea.errors import SignatureError

ALGORITHM = "EdDSA"
MEDIA_TYPE = "landsea+json"


def b64url(data: bytes) -> str:
    """Base64url without padding (JOSE)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    """Base64url text (padding optional) to bytes."""
    if not text or any(c not in _ALPHABET for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def new_private_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 signing key."""
    return Ed25519PrivateKey.generate()


def public_bytes(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key (JWK `x`)."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def private_pem(key: Ed25519PrivateKey, passphrase: bytes | None = None) -> str:
    """PKCS#8 PEM, encrypted under `passphrase` when one is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    ).decode("ascii")


def is_encrypted(pem: str) -> bool:
    """Whether a stored PEM is encrypted (PKCS#8 `ENCRYPTED PRIVATE KEY`)."""
    return "ENCRYPTED PRIVATE KEY" in pem


def load_private_pem(pem: str, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    """The signing key from its PEM (decrypted with `passphrase` when it is encrypted).

    Raises:
        SignatureError: encrypted without a passphrase given, a wrong passphrase, or not Ed25519.
    """
    password = passphrase if is_encrypted(pem) else None
    if is_encrypted(pem) and not passphrase:
        raise SignatureError("the signing key is encrypted: set LANDSEA_KEY_PASSPHRASE(_FILE)")
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=password)
    except ValueError:
        raise SignatureError("cannot decrypt the signing key: wrong passphrase") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureError("the stored signing key is not an Ed25519 key")
    return key


def public_key_from_text(text: str) -> Ed25519PublicKey:
    """A public key given as base64url of the 32 raw bytes (the JWK `x`)."""
    try:
        raw = unb64url(text.strip())
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error):
        raise SignatureError("a public key is the base64url of 32 raw Ed25519 bytes") from None


def key_id(key: Ed25519PublicKey) -> str:
    """The RFC 7638 JWK thumbprint: the same key gets the same id on every hub."""
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": b64url(public_bytes(key))}
    canonical = json.dumps(jwk, sort_keys=True, separators=(",", ":")).encode()
    return b64url(hashlib.sha256(canonical).digest())


def sign(
    payload: Mapping[str, Any], key: Ed25519PrivateKey, kind: str, detached: bool = False
) -> str:
    """JWS compact serialisation; `detached` leaves the payload out (RFC 7515 appendix F): the
    receiver re-serialises the payload it got beside the signature in the canonical form
    (sorted keys, no whitespace, ASCII escapes) to check it."""
    header = {
        "alg": ALGORITHM,
        "kid": key_id(key.public_key()),
        "typ": "JOSE",
        "cty": f"{kind}+{MEDIA_TYPE}",
    }
    signing_input = f"{_segment(header)}.{_segment(payload)}"
    signature = b64url(key.sign(signing_input.encode("ascii")))
    if detached:
        return f"{_segment(header)}..{signature}"
    return f"{signing_input}.{signature}"


def canonical(value: Mapping[str, Any]) -> str:
    """The one serialisation both sides use: sorted keys, no whitespace, ASCII escapes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _segment(value: Mapping[str, Any]) -> str:
    return b64url(canonical(value).encode())


@dataclass(frozen=True)
class Verified:
    """A document whose signature checked out against a registered key."""

    kid: str
    header: dict[str, Any]
    payload: dict[str, Any]


def peek_kid(token: str) -> str:
    """The key id a document claims (unverified), to find the key to check it with."""
    header = _header(token)
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise SignatureError("malformed document: the JWS header names no key id (kid)")
    return kid


def verify(
    token: str, keys: Mapping[str, Ed25519PublicKey], detached: Mapping[str, Any] | None = None
) -> Verified:
    """Check a compact JWS, or a detached one (`header..signature`) against its payload."""
    header, payload, signature = _parts(token, detached)
    if header.get("alg") != ALGORITHM:
        raise SignatureError(f"unsupported algorithm {header.get('alg')!r}: only EdDSA is accepted")
    kid = peek_kid(token)
    key = keys.get(kid)
    if key is None:
        raise SignatureError(f"unknown key {kid}: register the issuing hub's public key first")
    head = token.strip().split(".")[0]
    signing_input = (
        f"{head}.{_segment(payload)}".encode("ascii")
        if detached is not None
        else (token.strip().rsplit(".", 1)[0].encode("ascii"))
    )
    try:
        key.verify(signature, signing_input)
    except InvalidSignature:
        raise SignatureError(
            "signature does not verify: the document was altered after signing"
        ) from None
    return Verified(kid, header, payload)


def _header(token: str) -> dict[str, Any]:
    pieces = token.strip().split(".")
    if len(pieces) != 3:
        raise SignatureError("malformed document: a JWS compact document has three parts")
    try:
        header = json.loads(unb64url(pieces[0]))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise SignatureError("malformed document: a part is not base64url-encoded JSON") from None
    if not isinstance(header, dict):
        raise SignatureError("malformed document: header and payload must be JSON objects")
    return header


def _parts(
    token: str, detached: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    pieces = token.strip().split(".")
    if len(pieces) != 3:
        raise SignatureError("malformed document: a JWS compact document has three parts")
    if (pieces[1] == "") != (detached is not None):
        raise SignatureError(
            "malformed document: a detached signature (header..signature) needs the payload "
            "beside it, and only then"
        )
    try:
        header = json.loads(unb64url(pieces[0]))
        payload = dict(detached) if detached is not None else json.loads(unb64url(pieces[1]))
        signature = unb64url(pieces[2])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        # An altered byte usually breaks the encoding before it breaks the signature.
        raise SignatureError("malformed document: a part is not base64url-encoded JSON") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise SignatureError("malformed document: header and payload must be JSON objects")
    return header, payload, signature
