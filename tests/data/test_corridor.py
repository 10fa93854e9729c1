"""The bundled corridor dataset loads, is complete, and every figure says where it comes from."""

from __future__ import annotations

from landsea.data.corridor import load_corridor
from landsea.data.tables import COMMODITIES, MODES, REGIMES


def test_the_bundled_dataset_loads_with_places_links_and_crossings() -> None:
    tables = load_corridor()
    assert "CNCKG" in tables.places.index
    assert "CNCQI" in tables.places.loc["CNCKG", "aliases"]
    assert set(tables.links["mode"]) <= set(MODES)
    assert len(tables.crossings) >= 10


def test_every_crossing_has_all_four_regimes() -> None:
    tables = load_corridor()
    regimes = tables.crossing_regimes.groupby("crossing_id")["regime"].apply(set)
    assert all(found == set(REGIMES) for found in regimes)
    assert set(regimes.index) == set(tables.crossings.index)


def test_parameters_cover_every_mode_and_commodity() -> None:
    parameters = load_corridor().parameters
    assert set(parameters.modes) == set(MODES)
    assert set(parameters.commodities) == set(COMMODITIES)
    assert set(parameters.link_time_cv) == set(MODES)
