"""(3) Routing: shortest paths, k alternatives, Pareto sets, explanations, time/cost-distance,
and the checked kernels (arrays in, arrays out) that the assignment shares.

The package is the API: the names in `__all__` are public, the modules behind them are not a
promise. Names load on first use (PEP 562), so `import landsea.routing.kernels` from the
assignment or a worker does not pull in the network tables and the routing API with it.

>>> from landsea.network import corridor_network
>>> from landsea.routing import RouteRequest, route
>>> best = route(corridor_network(), RouteRequest("Chongqing", "Vientiane", by="time"))
>>> best.origin, best.destination
('CNCKG', 'LAVTE')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsea.routing.api import k_routes, pareto_routes, route
    from landsea.routing.explain import Route, Step
    from landsea.routing.geojson import routes_geojson
    from landsea.routing.kernels import (
        CsrGraph,
        csr_from_edges,
        path_edges,
        shortest_tree,
        shortest_trees,
    )
    from landsea.routing.lines import LineResult, model_line, model_lines
    from landsea.routing.objectives import (
        OBJECTIVE_WEIGHTS,
        WeightFunction,
        edge_weights,
        objective_function,
    )
    from landsea.routing.request import ResolvedRequest, RouteRequest, resolve_request
    from landsea.routing.tcd import plot_tcd, tcd_table
    from landsea.routing.tree_timings import TreeTimings, time_tntp_trees

#: Where each public name lives. No name may equal a submodule's: importing the submodule binds
#: that name on the package to the module (so `explain` stays `landsea.routing.explain.explain`).
_HOMES = {
    "k_routes": "api",
    "pareto_routes": "api",
    "route": "api",
    "Route": "explain",
    "Step": "explain",
    "routes_geojson": "geojson",
    "CsrGraph": "kernels",
    "csr_from_edges": "kernels",
    "path_edges": "kernels",
    "shortest_tree": "kernels",
    "shortest_trees": "kernels",
    "LineResult": "lines",
    "model_line": "lines",
    "model_lines": "lines",
    "OBJECTIVE_WEIGHTS": "objectives",
    "WeightFunction": "objectives",
    "edge_weights": "objectives",
    "objective_function": "objectives",
    "ResolvedRequest": "request",
    "RouteRequest": "request",
    "resolve_request": "request",
    "plot_tcd": "tcd",
    "tcd_table": "tcd",
    "TreeTimings": "tree_timings",
    "time_tntp_trees": "tree_timings",
}

__all__ = [
    "OBJECTIVE_WEIGHTS",
    "CsrGraph",
    "LineResult",
    "ResolvedRequest",
    "Route",
    "RouteRequest",
    "Step",
    "TreeTimings",
    "WeightFunction",
    "csr_from_edges",
    "edge_weights",
    "k_routes",
    "model_line",
    "model_lines",
    "objective_function",
    "pareto_routes",
    "path_edges",
    "plot_tcd",
    "resolve_request",
    "route",
    "routes_geojson",
    "shortest_tree",
    "shortest_trees",
    "tcd_table",
    "time_tntp_trees",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'landsea.routing' has no attribute {name!r}")
    return getattr(importlib.import_module(f"landsea.routing.{home}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
