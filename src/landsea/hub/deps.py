"""FastAPI dependencies: the hub context, the calling principal, and admission by the policy."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from landsea.hub.auth import Principal, token_digest
from landsea.hub.context import HubContext
from landsea.hub.policy import Action, check
from landsea.hub.services.identity import principal_of_digest

_bearer = HTTPBearer(auto_error=False, description="An API token from `landsea hub token create`")


# The dependencies are `async def` on purpose: FastAPI runs a plain `def` dependency in the
# thread pool, and three thread hops per request cost more than these few lines of work.


async def hub(request: Request) -> HubContext:
    """The app's one `HubContext`."""
    context: HubContext = request.app.state.hub
    return context


Hub = Annotated[HubContext, Depends(hub)]


async def principal(
    context: Hub,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Who is calling, from the bearer token.

    Raises:
        HTTPException: 401 without a token or with an unknown or revoked one.
    """
    if credentials is None:
        raise HTTPException(401, "an API token is required", {"WWW-Authenticate": "Bearer"})
    digest = token_digest(credentials.credentials)
    # Drops the cached principals when any token was revoked anywhere since the last request.
    revocations = context.revocations()
    found = context.cached_principal(digest)
    if found is None:
        # On the event loop, like the revocation counter: a hop to the thread pool per token,
        # all of a client population's at once when their cache entries expire together, held
        # every request in flight for tens of milliseconds (issue 13's read tail).
        found = principal_of_digest(context.db, digest)
        if found is None:
            raise HTTPException(401, "unknown or revoked API token", {"WWW-Authenticate": "Bearer"})
        context.remember_principal(digest, found, revocations)
    return found


async def optional_principal(
    context: Hub,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """The caller if it shows a valid token, else None (for endpoints open to everyone)."""
    if credentials is None:
        return None
    try:
        return await principal(context, credentials)
    except HTTPException:
        return None


Caller = Annotated[Principal, Depends(principal)]


def allowed(action: Action) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    """A dependency that admits the roles `landsea.hub.policy` allows `action` (403 otherwise)."""

    async def admit(caller: Caller) -> Principal:
        return check(caller, action)

    return admit
