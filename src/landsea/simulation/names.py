"""Find a crossing by what a user types: its id, its name, a word of it, or a place beside it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from landsea.errors import UnknownCrossingError
from landsea.simulation.spec import CrossingSpec

__all__ = ["UnknownCrossingError", "closest", "resolve_crossing"]


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").split())


def _place_names(places: pd.DataFrame | None, place_id: str) -> list[str]:
    if places is None or place_id not in places.index:
        return [place_id]
    row = places.loc[place_id]
    aliases = row.get("aliases", ())
    aliases = aliases if isinstance(aliases, (tuple, list)) else str(aliases or "").split(";")
    return [place_id, str(row.get("name", "")), *(str(a) for a in aliases if a)]


def _names_of(spec: CrossingSpec, places: pd.DataFrame | None) -> list[str]:
    """Everything a user might call this crossing."""
    parts = [piece.strip() for piece in re.split(r"[/(),]", spec.name) if piece.strip()]
    words = [word for word in re.split(r"\W+", spec.name) if len(word) >= 4]
    names = [spec.crossing_id, spec.name, *parts, *words]
    for place_id in (spec.place_a, spec.place_b):
        names.extend(_place_names(places, place_id))
    return [name for name in names if name]


def _matches(query: str, names: Iterable[str]) -> bool:
    wanted = _fold(query)
    pattern = re.compile(rf"(^|\W){re.escape(wanted)}($|\W)")
    return any(_fold(name) == wanted or pattern.search(_fold(name)) for name in names)


def resolve_crossing(
    specs: Mapping[str, CrossingSpec],
    query: str,
    places: pd.DataFrame | None = None,
    mode: str | None = None,
) -> str:
    """The crossing_id `query` names; a road gate wins when a place has road and rail gates."""
    by_id = {crossing_id.casefold(): crossing_id for crossing_id in specs}
    if query.strip().casefold() in by_id:
        return by_id[query.strip().casefold()]
    names = {cid: _names_of(spec, places) for cid, spec in specs.items()}
    found = [cid for cid in specs if _matches(query, names[cid])]
    if mode is not None:
        found = [cid for cid in found if specs[cid].mode == mode]
    if len(found) == 1:
        return found[0]
    roads = [cid for cid in found if specs[cid].mode == "road"]
    if found and len(roads) == 1:
        return roads[0]
    if found:
        raise UnknownCrossingError(f"{query!r} names several crossings", sorted(found))
    raise UnknownCrossingError(f"unknown crossing {query!r}", closest(query, names))


def closest(query: str, names: Mapping[str, list[str]]) -> list[str]:
    """Up to four keys of `names` whose names look most like `query`."""
    owners: dict[str, list[str]] = {}
    for crossing_id, all_names in names.items():
        for name in all_names:
            owners.setdefault(_fold(name), []).append(crossing_id)
    close = difflib.get_close_matches(_fold(query), list(owners), n=6, cutoff=0.6)
    suggestions: list[str] = []
    for name in close:
        suggestions.extend(cid for cid in owners[name] if cid not in suggestions)
    return suggestions[:4]
