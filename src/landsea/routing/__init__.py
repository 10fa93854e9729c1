"""Room 3: shortest paths, k alternatives, Pareto sets, explanations, time/cost-distance."""

from landsea.routing.api import k_routes, pareto_routes, route
from landsea.routing.explain import Leg, Route
from landsea.routing.request import RouteRequest

__all__ = ["Leg", "Route", "RouteRequest", "k_routes", "pareto_routes", "route"]
