"""Find a crossing by what a user types: its id, its name, a word of it, or a place beside it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from landsea.errors import UnknownCrossingError
from landsea.network.crossings import closest, crossing_names, matches
from landsea.simulation.spec import CrossingSpec

__all__ = ["UnknownCrossingError", "closest", "resolve_crossing"]


def _names_of(spec: CrossingSpec, places: pd.DataFrame | None) -> list[str]:
    """Everything a user might call this crossing."""
    return crossing_names(spec.crossing_id, spec.name, (spec.place_a, spec.place_b), places)


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
    found = [cid for cid in specs if matches(query, names[cid])]
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
