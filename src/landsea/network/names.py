"""One resolver for what a user types: places, border crossings and terminals.

Routing, simulation, hub planning and the CLI find each kind of thing the same way. A thing
has an id and names (its name, aliases, the parts and words of its name, the places it joins);
case, spaces and `_` do not count. The first of these tiers that finds anything answers:

1. the query is an id or an alias (names only one thing has);
2. the query is one of the other names, or stands in any name as whole words (`Mohan` in
   `Mohan / Boten road port`, `rail` in `MOHAN_BOTEN_RAIL`; a border town names its road and
   its rail gate);
3. a name starts with the query (`Delt` for Delta, `cnck` for CNCKG);
4. a word of a name starts with the query (`Sout` for Vientiane South).

When nothing matches, the error carries up to five of the closest things, each as
`Name (ID)`. A kind that needs one answer (a place, a terminal) treats several as an error too,
listing those it found.

>>> from landsea.network import corridor_network
>>> network = corridor_network()
>>> resolve_place(network, "saigon"), resolve_crossings(network, "Mohan")
('VNSGN', ('MOHAN_BOTEN_ROAD', 'MOHAN_BOTEN_RAIL'))
>>> resolve_place(network, "Bangkock")
Traceback (most recent call last):
landsea.errors.UnknownPlaceError: unknown place 'Bangkock'; did you mean Bangkok (THBKK)?
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from landsea.data.tables import SEA_PASSAGE
from landsea.errors import (
    UnknownCrossingError,
    UnknownNameError,
    UnknownPassageError,
    UnknownPlaceError,
    UnknownTerminalError,
)
from landsea.network.model import Network

SUGGESTIONS = 5
_PAREN = re.compile(r"\s*\(.*?\)\s*")


def fold(text: str) -> str:
    """`text` as names compare: case-folded, `_` as a space, runs of spaces as one."""
    return " ".join(text.casefold().replace("_", " ").split())


@dataclass(frozen=True, eq=False)
class NameIndex:
    """Every name of every thing of one kind, and how a person reads each thing.

    `own[id]` are the names only that thing has (its id and aliases), `names[id]` all the rest
    (its name, parts of it, neighbouring places), which two things may share.
    """

    own: Mapping[str, tuple[str, ...]]
    names: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str]

    @cached_property
    def _folded(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        return {
            key: (tuple(map(fold, self.own[key])), tuple(map(fold, self.names[key])))
            for key in self.labels
        }

    def find(self, query: str) -> tuple[str, ...]:
        """The ids the query names, from the first tier that finds any (in table order)."""
        wanted = fold(query)
        if not wanted:
            return ()
        word = re.compile(rf"(^|\W){re.escape(wanted)}($|\W)")
        word_start = re.compile(rf"(^|\W){re.escape(wanted)}")
        tiers: tuple[Callable[[tuple[str, ...], tuple[str, ...]], bool], ...] = (
            lambda own, _: wanted in own,
            lambda own, names: wanted in names or any(map(word.search, (*own, *names))),
            lambda own, names: any(name.startswith(wanted) for name in (*own, *names)),
            lambda own, names: any(word_start.search(name) for name in (*own, *names)),
        )
        for tier in tiers:
            found = tuple(key for key, (own, names) in self._folded.items() if tier(own, names))
            if found:
                return found
        return ()

    def closest(self, query: str, limit: int = SUGGESTIONS) -> list[str]:
        """Labels (`Name (ID)`) of up to `limit` things whose names look most like `query`."""
        owners: dict[str, list[str]] = {}
        for key, (own, names) in self._folded.items():
            for name in (*own, *names):
                owners.setdefault(name, []).append(key)
        close = difflib.get_close_matches(fold(query), list(owners), n=3 * limit, cutoff=0.6)
        found: list[str] = []
        for name in close:
            found.extend(key for key in owners[name] if key not in found)
        return [self.labels[key] for key in found[:limit]]

    def one(self, query: str, error: type[UnknownNameError]) -> str:
        """The one id `query` names.

        Raises:
            UnknownNameError: (the `error` given) no thing, or several, with the closest names.
        """
        found = self.find(query)
        if len(found) == 1:
            return found[0]
        if found:
            raise error(query, [self.labels[key] for key in found[:SUGGESTIONS]], several=True)
        raise error(query, self.closest(query))

    def some(self, query: str, error: type[UnknownNameError]) -> tuple[str, ...]:
        """Every id `query` names (a border town names its road and its rail gate).

        Raises:
            UnknownNameError: (the `error` given) no thing, with the closest names.
        """
        found = self.find(query)
        if not found:
            raise error(query, self.closest(query))
        return found


def label(key: str, name: str) -> str:
    """How a person reads a thing in a list: `Name (ID)`, or the id alone when it has no name."""
    return f"{name} ({key})" if name and name != key else key


def place_names(places: pd.DataFrame, place_id: str) -> tuple[list[str], list[str]]:
    """A place's own names (id, aliases) and its others (name, and the bare name people type:
    "Chongqing" for "Chongqing (city)"). An unknown place has its id alone."""
    if place_id not in places.index:
        return [place_id], []
    row = places.loc[place_id]
    name = str(row.get("name", "") or "")
    aliases = [str(alias) for alias in _aliases(row.get("aliases", ())) if alias]
    return [place_id, *aliases], [n for n in (name, _PAREN.sub(" ", name).strip()) if n]


def _aliases(value: object) -> Iterable[object]:
    if isinstance(value, (tuple, list)):
        return value
    return str(value or "").split(";")


def place_index(places: pd.DataFrame, keys: Iterable[str] | None = None) -> NameIndex:
    """The names of the places `keys` (every place when None), in table order."""
    chosen = [str(key) for key in (places.index if keys is None else keys)]
    names = {key: place_names(places, key) for key in chosen}
    return NameIndex(
        own={key: tuple(own) for key, (own, _) in names.items()},
        names={key: tuple(others) for key, (_, others) in names.items()},
        labels={key: label(key, others[0] if others else "") for key, (_, others) in names.items()},
    )


def crossing_names(name: str, sides: Iterable[str], places: pd.DataFrame | None) -> list[str]:
    """Everything but its id a user might call a crossing: its name, the name's parts and
    longer words, and the names of the places on either side."""
    parts = [piece.strip() for piece in re.split(r"[/(),]", name) if piece.strip()]
    words = [word for word in re.split(r"\W+", name) if len(word) >= 4]
    names = [name, *parts, *words]
    for place_id in sides:
        own, others = place_names(places, place_id) if places is not None else ([place_id], [])
        names.extend((*own, *others))
    return [n for n in names if n]


def crossing_index(
    crossings: Iterable[tuple[str, str, tuple[str, str]]], places: pd.DataFrame | None
) -> NameIndex:
    """The names of crossings given as (crossing_id, name, (place_a, place_b))."""
    rows = list(crossings)
    return NameIndex(
        own={cid: (cid,) for cid, _, _ in rows},
        names={cid: tuple(crossing_names(name, sides, places)) for cid, name, sides in rows},
        labels={cid: label(cid, name) for cid, name, _ in rows},
    )


def crossing_rows(crossings: pd.DataFrame) -> list[tuple[str, str, tuple[str, str]]]:
    """(crossing_id, name, (place_a, place_b)) for a crossings table as the dataset holds it."""
    rows = crossings[["name", "place_a", "place_b"]].to_numpy().tolist()
    return [
        (str(cid), str(name), (str(a), str(b)))
        for cid, (name, a, b) in zip(crossings.index, rows, strict=True)
    ]


def resolve_place(network: Network, query: str) -> str:
    """The id of the place `query` names: a UN/LOCODE, an alias or a name, in any case.

    Raises:
        UnknownPlaceError: no place, or several, with the closest names.
    """
    index = network.memo("place_names", lambda: place_index(network.places))
    return index.one(query, UnknownPlaceError)


def resolve_crossings(network: Network, query: str) -> tuple[str, ...]:
    """The ids of every crossing `query` names (a place with a road and a rail gate names both).

    Raises:
        UnknownCrossingError: no crossing, with the closest names.
    """
    rows = lambda: crossing_index(crossing_rows(network.crossings), network.places)  # noqa: E731
    return network.memo("crossing_names", rows).some(query, UnknownCrossingError)


def resolve_passage(network: Network, query: str) -> str:
    """The place id of the sea passage (a strait, a gulf's mouth) `query` names.

    Raises:
        UnknownPassageError: no sea passage, or several, with the closest names.
    """

    def index() -> NameIndex:
        places = network.places
        return place_index(places, places.index[places["kind"] == SEA_PASSAGE])

    return network.memo("passage_names", index).one(query, UnknownPassageError)


def resolve_terminal(places: pd.DataFrame, terminals: Iterable[str], query: str) -> str:
    """The place id of the terminal (a gauge-change yard, a sea-rail port) `query` names.

    `terminals` are the place ids that count as terminals; a place that is no terminal (a
    crossing, a city) is not found.

    Raises:
        UnknownTerminalError: no terminal, or several, with the closest names.
    """
    return place_index(places, terminals).one(query, UnknownTerminalError)
