"""Finding a place by what a user types: a UN/LOCODE, an alias or a name, in any case."""

from __future__ import annotations

import difflib
import re

from landsea.errors import UnknownPlaceError
from landsea.network.model import Network

_PAREN = re.compile(r"\s*\(.*?\)\s*")


def _keys(place_id: str, name: str, aliases: tuple[str, ...]) -> list[str]:
    # The bare name without its parenthesised qualifier ("Chongqing (city)" -> "chongqing")
    # is what people type, so it counts as an exact key too.
    bare = _PAREN.sub(" ", name).strip()
    return [k.casefold() for k in (place_id, name, bare, *aliases) if k]


def place_index(network: Network) -> dict[str, str]:
    """Every exact key (id, name, bare name, alias; case-folded) to its place id.

    Ids and aliases win over names when two places would claim the same key. Built once per
    network (it is immutable) and kept on it.
    """
    return network.memo("place_index", lambda: _build_index(network))


def _build_index(network: Network) -> dict[str, str]:
    places = network.places
    rows = list(zip(places.index.astype(str), places["name"].astype(str), places["aliases"],
                    strict=True))  # fmt: skip
    index: dict[str, str] = {}
    for pid, name, aliases in rows:
        for key in _keys(pid, name, tuple(aliases)):
            index.setdefault(key, pid)
    for pid, _, aliases in rows:  # second pass: ids and aliases override names
        for key in (pid, *aliases):
            index[key.casefold()] = pid
    return index


def resolve_place(network: Network, query: str) -> str:
    """The place id for `query`, or UnknownPlaceError with the closest names."""
    index = place_index(network)
    key = query.strip().casefold()
    if key in index:
        return index[key]
    prefix = sorted({pid for k, pid in index.items() if k.startswith(key)}) if key else []
    if len(prefix) == 1:
        return prefix[0]
    raise UnknownPlaceError(query, suggestions(network, query, index))


def suggestions(network: Network, query: str, index: dict[str, str] | None = None) -> list[str]:
    """Up to five "Name (ID)" strings close to the query."""
    index = index if index is not None else place_index(network)
    close = difflib.get_close_matches(query.casefold(), list(index), n=12, cutoff=0.5)
    found: list[str] = []
    for key in close:
        pid = index[key]
        label = f"{network.place_name(pid)} ({pid})"
        if label not in found:
            found.append(label)
    return found[:5]
