"""FastAPI dependencies: the hub context, database sessions and the calling principal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from landsea.hub.auth import Principal, Role, token_digest
from landsea.hub.context import HubContext
from landsea.hub.services.identity import authenticate

_bearer = HTTPBearer(auto_error=False, description="An API token from `landsea hub token create`")


def hub(request: Request) -> HubContext:
    context: HubContext = request.app.state.hub
    return context


Hub = Annotated[HubContext, Depends(hub)]


def principal(
    context: Hub,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise HTTPException(401, "an API token is required", {"WWW-Authenticate": "Bearer"})
    digest = token_digest(credentials.credentials)
    found = context.cached_principal(digest)
    if found is None:
        with context.db.read() as session:
            found = authenticate(session, credentials.credentials)
        if found is None:
            raise HTTPException(401, "unknown or revoked API token", {"WWW-Authenticate": "Bearer"})
        context.remember_principal(digest, found)
    return found


Caller = Annotated[Principal, Depends(principal)]


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that admits only the given roles (403 otherwise)."""

    def check(caller: Caller) -> Principal:
        if caller.role not in roles:
            allowed = ", ".join(sorted(str(r) for r in roles))
            raise HTTPException(403, f"this needs the role {allowed}; you are {caller.role}")
        return caller

    return check


Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
