"""Finding border crossings by what a user types: an id, the name or a word of it, or a place
on either side (by code, name or alias). Shared by routing (avoid a crossing) and simulation
(simulate one), so a name means the same crossing everywhere.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

import pandas as pd


def fold(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").split())


def place_names(places: pd.DataFrame | None, place_id: str) -> list[str]:
    """A place's id, name and aliases (just the id when the place is unknown)."""
    if places is None or place_id not in places.index:
        return [place_id]
    row = places.loc[place_id]
    aliases = row.get("aliases", ())
    aliases = aliases if isinstance(aliases, (tuple, list)) else str(aliases or "").split(";")
    return [place_id, str(row.get("name", "")), *(str(a) for a in aliases if a)]


def crossing_names(
    crossing_id: str, name: str, sides: Iterable[str], places: pd.DataFrame | None
) -> list[str]:
    """Everything a user might call this crossing: id, name, its parts and longer words, and
    the names of the places on either side."""
    parts = [piece.strip() for piece in re.split(r"[/(),]", name) if piece.strip()]
    words = [word for word in re.split(r"\W+", name) if len(word) >= 4]
    names = [crossing_id, name, *parts, *words]
    for place_id in sides:
        names.extend(place_names(places, place_id))
    return [n for n in names if n]


def matches(query: str, names: Iterable[str]) -> bool:
    """`query` equals one of the names, or stands in one as whole words (any case)."""
    wanted = fold(query)
    pattern = re.compile(rf"(^|\W){re.escape(wanted)}($|\W)")
    return any(fold(name) == wanted or pattern.search(fold(name)) for name in names)


def closest(query: str, names: Mapping[str, list[str]]) -> list[str]:
    """Up to four keys of `names` whose names look most like `query`."""
    owners: dict[str, list[str]] = {}
    for key, all_names in names.items():
        for name in all_names:
            owners.setdefault(fold(name), []).append(key)
    close = difflib.get_close_matches(fold(query), list(owners), n=6, cutoff=0.6)
    suggestions: list[str] = []
    for name in close:
        suggestions.extend(key for key in owners[name] if key not in suggestions)
    return suggestions[:4]


def names_by_crossing(crossings: pd.DataFrame, places: pd.DataFrame) -> dict[str, list[str]]:
    """crossing_id -> its names, for a crossings table as the dataset holds it."""
    rows = crossings[["name", "place_a", "place_b"]].to_numpy().tolist()
    return {
        str(cid): crossing_names(str(cid), str(name), (str(a), str(b)), places)
        for cid, (name, a, b) in zip(crossings.index, rows, strict=True)
    }
