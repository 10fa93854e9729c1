"""What a user asks of the router, checked once at the boundary and turned into graph options."""

from __future__ import annotations

from dataclasses import dataclass, field

import pycountry

from landsea.errors import DataError
from landsea.network.graph import GraphOptions, expand_modes
from landsea.network.model import Network
from landsea.network.names import resolve_crossings, resolve_passage, resolve_place
from landsea.regimes import STANDARD_NAME
from landsea.routing.objectives import WeightFunction, objective_function
from landsea.vocabulary import Commodity, Objective


@dataclass(frozen=True)
class RouteRequest:
    """A route question: from, to, what to minimise, for which goods, under which constraints.

    Places may be UN/LOCODEs, aliases or names; `by` is an objective's name or a weight function
    (`landsea.routing.objectives`); `avoid_modes` accepts the families `rail` and `water`;
    `avoid_crossings` accepts crossing ids or the name or code of a place on either side;
    `avoid_passages` closes sea passages by name or id ("Strait of Malacca", "XZSGS").
    """

    origin: str
    destination: str
    by: str | WeightFunction = Objective.GENERALIZED
    commodity: str = Commodity.ELECTRONICS
    avoid_countries: tuple[str, ...] = ()
    avoid_modes: tuple[str, ...] = ()
    avoid_crossings: tuple[str, ...] = ()
    avoid_passages: tuple[str, ...] = ()
    year: int | None = None
    regime: str = STANDARD_NAME
    regime_by_crossing: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class ResolvedRequest:
    """A request with places resolved to ids, its objective to a name and a weight function,
    and its constraints to graph options."""

    request: RouteRequest
    origin: str
    destination: str
    options: GraphOptions
    objective: str
    weights: WeightFunction


def resolve_request(network: Network, request: RouteRequest) -> ResolvedRequest:
    """Check every field of the request against the network; raise a named error on the first.

    Raises:
        DataError: an unknown objective, commodity, mode, regime or country, or the same place
            as origin and destination.
        UnknownPlaceError: an origin or destination that names no place.
        UnknownCrossingError: a crossing to avoid, or with its own regime, that names none.
        UnknownPassageError: a sea passage to avoid that names none.
    """
    objective, weights = objective_function(request.by)
    commodities = network.tables.parameters.commodities
    if request.commodity not in commodities:
        names = ", ".join(commodities)
        raise DataError(f"unknown commodity {request.commodity!r}; choose one of {names}")
    origin = resolve_place(network, request.origin)
    destination = resolve_place(network, request.destination)
    if origin == destination:
        raise DataError(f"origin and destination are the same place ({origin})")
    options = GraphOptions(
        year=request.year,
        regime=request.regime,
        regime_by_crossing=tuple(
            (cid, regime)
            for query, regime in request.regime_by_crossing
            for cid in resolve_crossings(network, query)
        ),
        avoid_countries=frozenset(_country(c) for c in request.avoid_countries),
        avoid_modes=expand_modes(request.avoid_modes),
        avoid_crossings=frozenset(
            cid for query in request.avoid_crossings for cid in resolve_crossings(network, query)
        ),
        avoid_passages=frozenset(resolve_passage(network, q) for q in request.avoid_passages),
    )
    return ResolvedRequest(request, origin, destination, options, objective, weights)


def _country(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code.upper()) or pycountry.countries.get(
        alpha_3=code.upper()
    )
    if found is None:
        raise DataError(f"unknown country {code!r}: give an ISO 3166 code such as VN or LA")
    return str(found.alpha_2)
