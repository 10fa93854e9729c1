"""Room 3: shortest paths, k alternatives, Pareto sets, explanations, time/cost-distance.

The public names load on first use (PEP 562), so `import landsea.routing.kernels` from the
assignment or a worker does not pull in the network tables and the routing API with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsea.routing.api import k_routes, pareto_routes, route
    from landsea.routing.explain import Route, Step
    from landsea.routing.request import RouteRequest

_HOMES = {
    "k_routes": "landsea.routing.api",
    "pareto_routes": "landsea.routing.api",
    "route": "landsea.routing.api",
    "Step": "landsea.routing.explain",
    "Route": "landsea.routing.explain",
    "RouteRequest": "landsea.routing.request",
}

__all__ = ["Route", "RouteRequest", "Step", "k_routes", "pareto_routes", "route"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'landsea.routing' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
