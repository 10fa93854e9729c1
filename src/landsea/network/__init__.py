"""(2) The multimodal network model and its compiled graph, and one resolver for the names of
places, crossings and terminals.

The package is the API: the names in `__all__` are public, the modules behind them are not a
promise.

>>> from landsea.network import GraphOptions, corridor_network, resolve_place
>>> network = corridor_network()
>>> resolve_place(network, "chongqing")
'CNCKG'
>>> network.graph(GraphOptions()).has_place("CNCKG")
True
"""

from landsea.network.graph import GraphOptions, MultimodalGraph, build_graph, expand_modes
from landsea.network.model import Network, corridor_network, network_from_tables
from landsea.network.names import (
    NameIndex,
    crossing_index,
    place_index,
    resolve_crossings,
    resolve_passage,
    resolve_place,
    resolve_terminal,
)

__all__ = [
    "GraphOptions",
    "MultimodalGraph",
    "NameIndex",
    "Network",
    "build_graph",
    "corridor_network",
    "crossing_index",
    "expand_modes",
    "network_from_tables",
    "place_index",
    "resolve_crossings",
    "resolve_passage",
    "resolve_place",
    "resolve_terminal",
]
