"""Room 2: the multimodal network model and its compiled graph."""

from landsea.network.graph import GraphOptions, MultimodalGraph, build_graph
from landsea.network.model import Network, corridor_network, network_from_tables
from landsea.network.names import resolve_place

__all__ = [
    "GraphOptions",
    "MultimodalGraph",
    "Network",
    "build_graph",
    "corridor_network",
    "network_from_tables",
    "resolve_place",
]
