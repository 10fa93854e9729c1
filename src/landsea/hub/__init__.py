"""The single-window hub: a FastAPI app over SQLAlchemy (SQLite or PostgreSQL).

The package is the API: `create_app(settings)` makes the app (`app_from_env()` for uvicorn),
`seed_demo(db)` fills a database with a demo hub, `Role` and `Principal` say who calls,
`Action` and `policy` what each role may see and do.
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
    from landsea.hub.demo import DemoTokens, seed_demo
    from landsea.hub.policy import ALLOWED, Action

__all__ = [
    "ALLOWED",
    "Action",
    "DemoTokens",
    "Principal",
    "Role",
    "app_from_env",
    "create_app",
    "seed_demo",
]

_HOMES = {
    "ALLOWED": "landsea.hub.policy",
    "DemoTokens": "landsea.hub.demo",
    "Action": "landsea.hub.policy",
    "Principal": "landsea.hub.auth",
    "Role": "landsea.hub.auth",
    "app_from_env": "landsea.hub.app",
    "create_app": "landsea.hub.app",
    "seed_demo": "landsea.hub.demo",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'landsea.hub' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
