"""Whatever a user writes into a cell survives every format: exact floats, any Unicode text."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from landsea.data.bundled import load_corridor
from landsea.data.geojson import read_geojson, write_geojson
from landsea.data.gmns import read_gmns, write_gmns
from landsea.data.io import read_tables, write_tables
from landsea.data.tables import CorridorTables

CORRIDOR = load_corridor()
lengths = st.floats(min_value=20.0, max_value=5e4, allow_nan=False, allow_infinity=False)
names = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)


def edited(length_km: float, name: str) -> CorridorTables:
    links = CORRIDOR.links.copy()
    links.iloc[0, links.columns.get_loc("length_km")] = length_km
    places = CORRIDOR.places.copy()
    places.iloc[0, places.columns.get_loc("name")] = name
    return CorridorTables(
        places=places,
        links=links,
        crossings=CORRIDOR.crossings,
        crossing_regimes=CORRIDOR.crossing_regimes,
        transfers=CORRIDOR.transfers,
        services=CORRIDOR.services,
        lines=CORRIDOR.lines,
        parameters=CORRIDOR.parameters,
        origin="edited",
    )


@settings(max_examples=10, deadline=None)
@given(length_km=lengths, name=names)
def test_an_edited_cell_survives_tables_gmns_and_geojson(length_km: float, name: str) -> None:
    tables = edited(length_km, name)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        back = [
            read_tables(write_tables(tables, root / "tables")),
            read_gmns(write_gmns(tables, root / "gmns")),
            read_geojson(write_geojson(tables, root / "net.geojson")),
        ]
    for result in back:
        assert_frame_equal(result.links, tables.links)
        assert_frame_equal(result.places, tables.places)
