"""Find the one crossing to simulate by what a user types, as `landsea.network.names` finds
crossings everywhere; where a place has a road and a rail gate, the road gate is simulated."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from landsea.errors import UnknownCrossingError
from landsea.network.names import crossing_index
from landsea.simulation.spec import CrossingSpec

__all__ = ["UnknownCrossingError", "resolve_crossing"]


def resolve_crossing(
    specs: Mapping[str, CrossingSpec],
    query: str,
    places: pd.DataFrame | None = None,
    mode: str | None = None,
) -> str:
    """The crossing_id `query` names; a road gate wins when a place has road and rail gates.

    Raises:
        UnknownCrossingError: no crossing (of `mode`, when given), or several, with names.
    """
    rows = [(cid, spec.name, (spec.place_a, spec.place_b)) for cid, spec in specs.items()]
    index = crossing_index(rows, places)
    found = [cid for cid in index.find(query) if mode is None or specs[cid].mode == mode]
    if len(found) == 1:
        return found[0]
    roads = [cid for cid in found if specs[cid].mode == "road"]
    if len(roads) == 1:
        return roads[0]
    if found:
        raise UnknownCrossingError(query, [index.labels[cid] for cid in found], several=True)
    raise UnknownCrossingError(query, index.closest(query))
