"""Organisations and API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, bindparam, select, update
from sqlalchemy.orm import Session

from landsea.errors import ConflictError, DataError, NotFoundError
from landsea.hub import audit
from landsea.hub.auth import Principal, Role, new_token, token_digest
from landsea.hub.codes import country_code
from landsea.hub.db import Database
from landsea.hub.models import ApiToken, HubCounter, Organisation, utcnow

SYSTEM_ACTOR = "system:cli"
# The `hub_counters` row every revocation bumps (see `revoke_token` and `revocation_count`).
REVOCATIONS = "token_revocations"
_READ_REVOCATIONS = f"SELECT value FROM hub_counters WHERE name = '{REVOCATIONS}'"
# A token's organisation by the token's SHA-256: one indexed read, built once.
_PRINCIPAL_OF_DIGEST = (
    select(
        Organisation.id,
        Organisation.name,
        Organisation.role,
        Organisation.country,
        ApiToken.id,
        ApiToken.revoked_at,
    )
    .join(Organisation, ApiToken.organisation_id == Organisation.id)
    .where(ApiToken.token_sha256 == bindparam("digest"))
)


@dataclass(frozen=True)
class IssuedToken:
    """A freshly made token: `token` is the only time the secret is seen."""

    token: str
    token_id: str
    organisation_id: str
    organisation_name: str
    role: Role
    country: str | None


def ensure_organisation(
    session: Session, name: str, role: Role, country: str | None, actor: str = SYSTEM_ACTOR
) -> Organisation:
    """The organisation called `name`, made if new; its role and country must match.

    Raises:
        ConflictError: it exists with another role or country.
        DataError: an authority without a country, or a country that is not ISO 3166.
    """
    country = _checked_country(role, country)
    found = session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if found is not None:
        if found.role != role or found.country != country:
            raise ConflictError(
                f"organisation {name!r} exists as {found.role}"
                f"{' of ' + found.country if found.country else ''}"
            )
        return found
    organisation = Organisation(name=name, role=str(role), country=country)
    session.add(organisation)
    session.flush()
    payload = {"name": name, "role": str(role), "country": country}
    audit.record(session, actor, "organisation.create", "organisation", organisation.id, payload)
    return organisation


def _checked_country(role: Role, country: str | None) -> str | None:
    if role is Role.AUTHORITY:
        if not country:
            raise DataError("an authority needs a country (ISO 3166-1 alpha-2)")
        try:
            return country_code(country)
        except ValueError as err:
            raise DataError(str(err)) from None
    if country:
        try:
            return country_code(country)
        except ValueError as err:
            raise DataError(str(err)) from None
    return None


def issue_token(
    session: Session,
    organisation_name: str,
    role: Role,
    country: str | None = None,
    label: str = "",
    actor: str = SYSTEM_ACTOR,
) -> IssuedToken:
    """Make a token for the organisation (made if new). The secret is returned, never stored.

    Raises:
        ConflictError: the organisation exists with another role or country.
        DataError: an authority without a country, or a country that is not ISO 3166.
    """
    organisation = ensure_organisation(session, organisation_name, role, country, actor)
    secret = new_token()
    token = ApiToken(
        organisation_id=organisation.id, token_sha256=token_digest(secret), label=label
    )
    session.add(token)
    session.flush()
    audit.record(session, actor, "token.create", "token", token.id, {"label": label})
    return IssuedToken(
        secret, token.id, organisation.id, organisation.name, role, organisation.country
    )


def revoke_token(session: Session, token_id: str, actor: str) -> None:
    """Revoke a token at once (audited); revoking it again changes nothing.

    Raises:
        NotFoundError: no such token.
    """
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFoundError(f"no token {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, actor, "token.revoke", "token", token_id, {})
        # Every server process reads this counter per request: a change makes each forget the
        # tokens it had checked, so the revocation holds everywhere from its commit on.
        bumped: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(HubCounter)
            .where(HubCounter.name == REVOCATIONS)
            .values(value=HubCounter.value + 1)
        )
        if bumped.rowcount == 0:  # a database emptied by hand lost the row: start it again
            session.add(HubCounter(name=REVOCATIONS, value=1))


def revocation_count(db: Database) -> int:
    """How many revocations the hub has seen: one primary-key read, cheap enough per request.

    Read with `Database.point_row`, as one statement: a SQLAlchemy connection would add a
    BEGIN and a ROLLBACK around it (five times the cost on SQLite), for a read that needs no
    transaction of its own.
    """
    row = db.point_row(_READ_REVOCATIONS)
    return int(row[0]) if row else 0


def token_live(session: Session, token_id: str) -> bool:
    """Whether the token is still unrevoked (asked as long-lived streams go)."""
    row = session.execute(select(ApiToken.revoked_at).where(ApiToken.id == token_id)).first()
    return row is not None and row[0] is None


def authenticate(session: Session, secret: str) -> Principal | None:
    """The principal a token stands for, or None when it is unknown or revoked."""
    row = session.execute(_PRINCIPAL_OF_DIGEST, {"digest": token_digest(secret)}).first()
    return _principal(row)


def principal_of_digest(db: Database, digest: str) -> Principal | None:
    """`authenticate` for a request's hot path, from the token's SHA-256: one statement on a
    pooled read connection, without an ORM session or a transaction of ours (on SQLite), cheap
    enough to run on the event loop rather than hop to a thread."""
    return _principal(db.read_row(_PRINCIPAL_OF_DIGEST, {"digest": digest}))


def _principal(row: Sequence[Any] | None) -> Principal | None:
    """The principal of a `_PRINCIPAL_OF_DIGEST` row, or None when none or revoked."""
    if row is None:
        return None
    organisation_id, name, role, country, token_id, revoked_at = row
    if revoked_at is not None:
        return None
    return Principal(organisation_id, name, Role(role), country, token_id)


def list_organisations(session: Session) -> list[Organisation]:
    """Every organisation, by name."""
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))
