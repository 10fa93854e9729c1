"""The router's public questions: the best route, k alternatives, the Pareto set.

Each answer is explained leg by leg. When the constraints leave no route, NoRouteError names
the constraint that cut the last one, found by lifting the constraints one at a time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import numpy as np

from landsea.errors import NoRouteError
from landsea.network.graph import GraphOptions, MultimodalGraph, expand_modes
from landsea.network.model import Network
from landsea.network.names import resolve_crossings, resolve_passage
from landsea.routing.alternatives import distinct_paths
from landsea.routing.explain import Route, explain
from landsea.routing.objectives import edge_weights
from landsea.routing.pareto import pareto_paths
from landsea.routing.request import ResolvedRequest, RouteRequest, resolve_request
from landsea.routing.shortest import best_edges

PARETO_EPSILON = 0.01  # options within 1% on every criterion count as one (see pareto.py)


def route(network: Network, request: RouteRequest) -> Route:
    """The best route under the request's objective and constraints.

    Raises:
        DataError, UnknownPlaceError, UnknownCrossingError: a bad request (`resolve_request`).
        NoRouteError: no route; it names the constraint that cut the last one.
    """
    routes = k_routes(network, request, 1)
    return routes[0]


def k_routes(network: Network, request: RouteRequest, k: int) -> list[Route]:
    """Up to k physically distinct routes, best first.

    Raises:
        ValueError: k below 1.
        DataError, UnknownPlaceError, UnknownCrossingError: a bad request (`resolve_request`).
        NoRouteError: no route; it names the constraint that cut the last one.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    resolved = resolve_request(network, request)
    graph, source, target = _endpoints(network, resolved)
    weights = resolved.weights(graph, request.commodity)
    paths = distinct_paths(graph, weights, source, target, k, _signature(graph, resolved))
    if not paths:
        raise no_route_error(network, resolved)
    return [_explain(graph, path, resolved) for path in paths]


def pareto_routes(
    network: Network,
    request: RouteRequest,
    *,
    reliability: bool = False,
    epsilon: float = PARETO_EPSILON,
) -> list[Route]:
    """Non-dominated routes over (time, cost, CO2), plus P90 time when `reliability` is on.

    Sorted by time. Each route is physically distinct from the others.

    Raises:
        DataError, UnknownPlaceError, UnknownCrossingError: a bad request (`resolve_request`).
        NoRouteError: no route; it names the constraint that cut the last one.
    """
    resolved = resolve_request(network, request)
    graph, source, target = _endpoints(network, resolved)
    columns = [graph.time_h, graph.cost_usd, graph.co2_kg]
    if reliability:
        columns.append(graph.time_var_h2)
    criteria = np.column_stack(columns)
    paths = pareto_paths(graph, criteria, source, target, epsilon=epsilon)
    if not paths:
        raise no_route_error(network, resolved)
    routes = _distinct([_explain(graph, path, resolved) for path in paths])
    if reliability:
        routes = _non_dominated(routes)
    return sorted(routes, key=lambda r: (r.time_h, r.cost_usd))


def _endpoints(network: Network, resolved: ResolvedRequest) -> tuple[MultimodalGraph, int, int]:
    graph = network.graph(resolved.options)
    for place in (resolved.origin, resolved.destination):
        if not graph.has_place(place):
            raise NoRouteError(
                f"{place} is excluded by --avoid-country {network.place_country(place)}",
                cut_by=f"avoid-country {network.place_country(place)}",
            )
    return graph, graph.origin_node(resolved.origin), graph.destination_node(resolved.destination)


def _explain(graph: MultimodalGraph, path: list[int], resolved: ResolvedRequest) -> Route:
    commodity = resolved.request.commodity
    return explain(graph, path, objective=resolved.objective, commodity=commodity)


def _signature(graph: MultimodalGraph, resolved: ResolvedRequest) -> Callable[[list[int]], object]:
    def signature(path: list[int]) -> object:
        return _explain(graph, path, resolved).signature

    return signature


def _distinct(routes: list[Route]) -> list[Route]:
    kept: dict[object, Route] = {}
    for r in routes:
        kept.setdefault(r.signature, r)
    return list(kept.values())


def _non_dominated(routes: list[Route]) -> list[Route]:
    def key(r: Route) -> tuple[float, ...]:
        return (r.time_h, r.cost_usd, r.co2_kg, r.p90_time_h)

    def dominated(r: Route) -> bool:
        return any(
            all(a <= b for a, b in zip(key(o), key(r), strict=True)) and key(o) != key(r)
            for o in routes
        )

    return [r for r in routes if not dominated(r)]


def no_route_error(network: Network, resolved: ResolvedRequest) -> NoRouteError:
    """Which constraints cut the last route: lift each in turn, as the user gave it, and see
    which bring a route back. All such constraints are named; `cut_by` holds the first."""
    origin, destination = resolved.origin, resolved.destination
    singles = [
        name
        for name, lifted in _lifted_options(network, resolved)
        if _connected(network, lifted, origin, destination)
    ]
    if singles:
        return NoRouteError(
            f"no route from {origin} to {destination}: {' or '.join(singles)} cut the last one "
            "(lift it to get a route)",
            cut_by=singles[0],
        )
    together = _unconstrained(resolved.options)
    if _connected(network, together, origin, destination):
        return NoRouteError(
            f"no route from {origin} to {destination}: the constraints together cut the last "
            "one (no single one does)",
            cut_by="the combination of constraints",
        )
    return NoRouteError(
        f"no route from {origin} to {destination}: the network does not connect them "
        "even without constraints",
        cut_by=None,
    )


def _connected(network: Network, options: GraphOptions, origin: str, destination: str) -> bool:
    graph = network.graph(options)
    if not (graph.has_place(origin) and graph.has_place(destination)):
        return False
    weights = edge_weights(graph, "time")
    source, target = graph.origin_node(origin), graph.destination_node(destination)
    return best_edges(graph, weights, source, target) is not None


def _unconstrained(options: GraphOptions) -> GraphOptions:
    return dataclasses.replace(
        options,
        avoid_countries=frozenset(),
        avoid_modes=frozenset(),
        avoid_crossings=frozenset(),
        avoid_passages=frozenset(),
        year=None,
    )


def _lifted_options(
    network: Network, resolved: ResolvedRequest
) -> Iterator[tuple[str, GraphOptions]]:
    """(constraint as the user wrote it, options without it), one constraint at a time."""
    opts, request = resolved.options, resolved.request
    for token in request.avoid_crossings:
        cut = frozenset(resolve_crossings(network, token))
        yield (
            f"--avoid-crossing {token}",
            dataclasses.replace(opts, avoid_crossings=opts.avoid_crossings - cut),
        )
    for token in request.avoid_passages:
        passage = resolve_passage(network, token)
        yield (
            f"--avoid-passage {token}",
            dataclasses.replace(opts, avoid_passages=opts.avoid_passages - {passage}),
        )
    for token in request.avoid_modes:
        others = expand_modes([m for m in request.avoid_modes if m != token])
        yield f"--avoid-mode {token}", dataclasses.replace(opts, avoid_modes=others)
    for country in sorted(opts.avoid_countries):
        yield (
            f"--avoid-country {country}",
            dataclasses.replace(opts, avoid_countries=opts.avoid_countries - {country}),
        )
    if opts.year is not None:
        yield f"--year {opts.year}", dataclasses.replace(opts, year=None)
