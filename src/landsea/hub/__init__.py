"""The single-window hub: a FastAPI app over SQLAlchemy (SQLite or PostgreSQL).

The package is the API: `create_app(settings)` makes the app (`app_from_env()` for uvicorn),
`Role` and `Principal` say who calls, `Action` and `policy` what each role may see and do.
The names load on first use, so importing a hub module does not start FastAPI.

>>> from landsea.hub import Role
>>> Role("carrier")
<Role.CARRIER: 'carrier'>
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsea.hub.app import app_from_env, create_app
    from landsea.hub.auth import Principal, Role
    from landsea.hub.policy import ALLOWED, Action

__all__ = ["ALLOWED", "Action", "Principal", "Role", "app_from_env", "create_app"]

_HOMES = {
    "ALLOWED": "landsea.hub.policy",
    "Action": "landsea.hub.policy",
    "Principal": "landsea.hub.auth",
    "Role": "landsea.hub.auth",
    "app_from_env": "landsea.hub.app",
    "create_app": "landsea.hub.app",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'landsea.hub' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
