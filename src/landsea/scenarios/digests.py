"""Digests of table content: equal digests, equal tables (index, columns, dtypes, every cell).

What a sweep uses to share work between samples whose edited tables are the same: the
compiled graph (`runner`), the crossings' simulation specs (`edits`).
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import fields

import pandas as pd

from landsea.data.tables import CorridorTables


def frame_digest(frame: pd.DataFrame, name: str = "") -> str:
    """A digest of a frame's content, exactly (what JSON does not write exactly is pickled)."""
    digest = hashlib.blake2b(digest_size=20)
    _update(digest, name, frame)
    return digest.hexdigest()


def tables_digest(tables: CorridorTables) -> str:
    """A digest of every table's content and of the parameters."""
    digest = hashlib.blake2b(digest_size=20)
    for part in fields(tables):
        value = getattr(tables, part.name)
        if isinstance(value, pd.DataFrame):
            _update(digest, part.name, value)
        else:
            digest.update(pickle.dumps((part.name, value)))
    return digest.hexdigest()


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
