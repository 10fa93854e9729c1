"""Names in scenario files: crossings, places, links, services, terminals, with close matches.

Crossings and places go through the network room's resolvers (one meaning for a name
everywhere); links and services are ids, matched without regard to case.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from landsea.errors import ScenarioError
from landsea.network.model import Network
from landsea.network.names import resolve_crossings, resolve_place


def crossing_ids(network: Network, queries: Iterable[str]) -> list[str]:
    """Crossing ids for names ("*" means every crossing), in table order, each once."""
    found: set[str] = set()
    for query in queries:
        if query.strip() == "*":
            found.update(str(c) for c in network.crossings.index)
        else:
            found.update(resolve_crossings(network, query))
    return [str(c) for c in network.crossings.index if str(c) in found]


def place_id(network: Network, query: str) -> str:
    return resolve_place(network, query)


def table_id(ids: Iterable[object], query: str, what: str) -> str:
    """An id of a table (links, services) by exact id, any case; closest ids in the error."""
    known = {str(i).casefold(): str(i) for i in ids}
    if query.casefold() in known:
        return known[query.casefold()]
    close = difflib.get_close_matches(query.casefold(), list(known), n=4, cutoff=0.5)
    hint = f"; closest: {', '.join(known[c] for c in close)}" if close else ""
    raise ScenarioError(f"unknown {what} {query!r}{hint}")
