"""Digests of table content: equal digests, equal tables (index, columns, dtypes, every cell).

What a sweep uses to share work between samples whose edited tables are the same: the
compiled graph (`runner`), the crossings' simulation specs (`edits`). A sample's edits copy
only the tables they change (`edits._Tables`), so the others are the bundled network's own
frames, whose digests are made once (`part_digests`) and not hashed again for every sample.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Mapping
from dataclasses import fields

import pandas as pd

from landsea.data.tables import CorridorTables


def frame_digest(frame: pd.DataFrame, name: str = "") -> str:
    """A digest of a frame's content, exactly (what JSON does not write exactly is pickled)."""
    digest = hashlib.blake2b(digest_size=20)
    _update(digest, name, frame)
    return digest.hexdigest()


def part_digests(tables: CorridorTables) -> dict[str, str]:
    """Each table's digest and the parameters', by field name."""
    return {
        part.name: _part_digest(part.name, getattr(tables, part.name)) for part in fields(tables)
    }


def tables_digest(
    tables: CorridorTables, reference: tuple[CorridorTables, Mapping[str, str]] | None = None
) -> str:
    """A digest of every table's content and of the parameters.

    `reference`: other tables and their `part_digests`; a part of `tables` that is the very
    object the reference has takes the reference's digest instead of being hashed again
    (tables are not changed in place: a network's never are)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in fields(tables):
        value = getattr(tables, part.name)
        if reference is not None and value is getattr(reference[0], part.name):
            digest.update(reference[1][part.name].encode())
        else:
            digest.update(_part_digest(part.name, value).encode())
    return digest.hexdigest()


def _part_digest(name: str, value: object) -> str:
    if isinstance(value, pd.DataFrame):
        return frame_digest(value, name)
    return hashlib.blake2b(pickle.dumps((name, value)), digest_size=20).hexdigest()


def _update(digest: hashlib.blake2b, name: str, frame: pd.DataFrame) -> None:
    content = [
        name,
        frame.index.tolist(),
        list(frame.index.names),
        [str(c) for c in frame.columns],
        [str(t) for t in frame.dtypes],
        [frame[c].tolist() for c in frame.columns],
    ]
    digest.update(json.dumps(content, default=_exactly).encode())


def _exactly(value: object) -> str:
    return pickle.dumps(value).hex()
