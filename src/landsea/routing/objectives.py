"""What a route minimises: an objective named by a word, or any function of the graph.

An objective is normalised once, where a request enters the router (`objective_function`), into
a name and a `WeightFunction` `(graph, commodity) -> edge weights`; everything after that calls
the function and never asks which objective it was (the shape of NetworkX's `_weight_function`
in `algorithms/shortest_paths/weighted.py`). Adding a named objective is a word in
`landsea.vocabulary.Objective` and its entry in `OBJECTIVE_WEIGHTS` (a test keeps the two
equal); a one-off objective is a function passed as `RouteRequest(by=...)`.

>>> from landsea.network import corridor_network, GraphOptions
>>> graph = corridor_network().graph(GraphOptions())
>>> name, weights = objective_function("time")
>>> bool((weights(graph, "electronics") == graph.time_h).all())
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from landsea.errors import DataError
from landsea.network.graph import MultimodalGraph
from landsea.vocabulary import Objective

WeightFunction = Callable[[MultimodalGraph, str], npt.NDArray[np.float64]]
"""Edge weights for a graph and a commodity: one non-negative float per edge, `inf` to bar one."""


def _time(graph: MultimodalGraph, _commodity: str) -> npt.NDArray[np.float64]:
    return graph.time_h


def _cost(graph: MultimodalGraph, _commodity: str) -> npt.NDArray[np.float64]:
    return graph.cost_usd


def _co2(graph: MultimodalGraph, _commodity: str) -> npt.NDArray[np.float64]:
    return graph.co2_kg


def _generalized(graph: MultimodalGraph, commodity: str) -> npt.NDArray[np.float64]:
    return graph.generalized_cost_usd(commodity)


def _distance(graph: MultimodalGraph, _commodity: str) -> npt.NDArray[np.float64]:
    return graph.length_km


OBJECTIVE_WEIGHTS: Mapping[str, WeightFunction] = MappingProxyType(
    {
        Objective.TIME: _time,  # hours
        Objective.COST: _cost,  # USD per TEU
        Objective.CO2: _co2,  # kg CO2 per TEU
        Objective.GENERALIZED: _generalized,  # USD + value of time x h + carbon price x t CO2
        Objective.DISTANCE: _distance,  # km
    }
)
"""The named objectives, in the order help texts list them."""


def objective_function(objective: str | WeightFunction) -> tuple[str, WeightFunction]:
    """The objective's name and its weight function, whichever way it was given.

    A callable is named by its `__name__` and checked each time it answers (see
    `edge_weights`); a name must be one of `OBJECTIVE_WEIGHTS`.

    Raises:
        DataError: an objective name that is not one of `OBJECTIVE_WEIGHTS`.
    """
    if callable(objective):
        return _name(objective), _checked(objective)
    if objective in OBJECTIVE_WEIGHTS:
        return str(objective), OBJECTIVE_WEIGHTS[objective]
    known = ", ".join(OBJECTIVE_WEIGHTS)
    raise DataError(f"unknown objective {objective!r}; choose one of {known}")


def edge_weights(
    graph: MultimodalGraph, objective: str | WeightFunction, commodity: str = "electronics"
) -> npt.NDArray[np.float64]:
    """Edge weights of `graph` under one objective, for one commodity's value of time.

    Raises:
        DataError: an unknown objective name, or a function that does not return one
            non-negative number per edge.
    """
    return objective_function(objective)[1](graph, commodity)


def _checked(weights: WeightFunction) -> WeightFunction:
    """A user's weight function, its answer checked before any kernel trusts it."""

    def checked(graph: MultimodalGraph, commodity: str) -> npt.NDArray[np.float64]:
        values = np.asarray(weights(graph, commodity), dtype=np.float64)
        if values.shape != (graph.n_edges,):
            raise DataError(
                f"objective {_name(weights)} returned shape {values.shape}; "
                f"the graph has {graph.n_edges} edges"
            )
        if np.isnan(values).any() or (values < 0).any():
            raise DataError(f"objective {_name(weights)} returned a negative or NaN weight")
        return values

    checked.__name__ = _name(weights)
    return checked


def _name(function: object) -> str:
    return str(getattr(function, "__name__", "custom"))
