"""Seeded, independent random streams, one per named purpose.

Each stream is a numpy Generator on its own SeedSequence child, keyed by the run's seed and a
stable hash of the stream's name (`"arrivals/a_to_b"`, `"service/transload/b_to_a"`). Adding a
stage or a direction therefore never shifts the numbers another stream draws, so a comparison
between regimes changes only what the regime changes (common random numbers).
"""

from __future__ import annotations

import zlib

import numpy as np

from landsea.errors import SimulationError


def stream(seed: int, name: str) -> np.random.Generator:
    """The generator for `name` under `seed`: independent of every other name, reproducible.

    Raises:
        SimulationError: a negative seed.
    """
    if seed < 0:
        raise SimulationError(f"seed must be a non-negative integer, got {seed}")
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))


def streams(seed: int, names: list[str]) -> dict[str, np.random.Generator]:
    """Several named streams at once (see `stream`).

    Raises:
        SimulationError: names that repeat, or a negative seed.
    """
    if len(set(names)) != len(names):
        raise SimulationError("stream names must be distinct")
    return {name: stream(seed, name) for name in names}
