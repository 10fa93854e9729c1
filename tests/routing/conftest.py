"""Shared fixtures: the tiny hand-checked network shipped under tests/fixtures/tiny_network."""

from pathlib import Path

import pytest

from landsea.data.io import read_tables
from landsea.network import Network, network_from_tables

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_network"


@pytest.fixture
def tiny() -> Network:
    return network_from_tables(read_tables(TINY))
