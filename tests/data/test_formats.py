"""Round trips through the three formats give equal tables; writers never leave half a network."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from landsea.data import io as tables_io
from landsea.data.bundled import load_corridor
from landsea.data.formats import detect_format, read_network
from landsea.data.geojson import read_geojson, write_geojson
from landsea.data.gmns import read_gmns, write_gmns
from landsea.data.io import read_tables, write_tables
from landsea.data.schema import TABLE_SPECS
from landsea.data.tables import CorridorTables
from landsea.data.validate import DataWarning
from landsea.errors import DataError, Location


def assert_same_network(left: CorridorTables, right: CorridorTables) -> None:
    for spec in TABLE_SPECS:
        assert_frame_equal(getattr(left, spec.name), getattr(right, spec.name), obj=spec.name)
    assert left.parameters == right.parameters


def test_tables_written_and_read_back_are_equal(tmp_path: Path) -> None:
    corridor = load_corridor()
    assert_same_network(corridor, read_tables(write_tables(corridor, tmp_path / "copy")))


def test_gmns_written_and_read_back_is_equal(tmp_path: Path) -> None:
    corridor = load_corridor()
    folder = write_gmns(corridor, tmp_path / "gmns")
    assert (folder / "node.csv").read_text(encoding="utf-8").startswith("node_id,name,x_coord")
    assert_same_network(corridor, read_gmns(folder))


def test_geojson_written_and_read_back_is_equal(tmp_path: Path) -> None:
    corridor = load_corridor()
    path = write_geojson(corridor, tmp_path / "corridor.geojson")
    assert_same_network(corridor, read_geojson(path))


def test_geojson_holds_places_as_points_and_links_as_lines(tmp_path: Path) -> None:
    path = write_geojson(load_corridor(), tmp_path / "corridor.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    kinds = {(f["properties"]["feature_type"], f["geometry"]["type"]) for f in features}
    assert kinds == {("place", "Point"), ("link", "LineString"), ("crossing", "Point")}


def test_moving_a_point_in_a_gis_moves_the_place(tmp_path: Path) -> None:
    path = write_geojson(load_corridor(), tmp_path / "corridor.geojson")
    document = json.loads(path.read_text(encoding="utf-8"))
    nanpeng = next(f for f in document["features"] if f["properties"].get("place_id") == "CNNPB")
    nanpeng["geometry"]["coordinates"] = [106.6, 29.45]
    path.write_text(json.dumps(document), encoding="utf-8")
    moved = read_geojson(path).places.loc["CNNPB"]
    assert (moved["lon"], moved["lat"]) == (106.6, 29.45)


def test_a_geojson_saved_without_our_member_falls_back_to_the_bundled_tables(
    tmp_path: Path,
) -> None:
    path = write_geojson(load_corridor(), tmp_path / "corridor.geojson")
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["landsea"]  # what a GIS that keeps only features writes back
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DataError, match="no 'landsea' member"):
        read_geojson(path)
    with pytest.warns(DataWarning, match="taken from the bundled corridor"):
        tables = read_network(path)
    assert_same_network(load_corridor(), tables)


def test_a_plain_gmns_network_in_miles_reads_with_the_bundled_parameters(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "config.csv").write_text("long_length,speed\nmi,mph\n", encoding="utf-8")
    (folder / "node.csv").write_text(
        "node_id,name,x_coord,y_coord,country\n1,Alpha,100.0,13.0,TH\n2,Beta,101.0,13.5,TH\n",
        encoding="utf-8",
    )
    (folder / "link.csv").write_text(
        "link_id,from_node_id,to_node_id,directed,length,free_speed,allowed_uses\n"
        "10,1,2,false,100,50,road\n",
        encoding="utf-8",
    )
    tables = read_gmns(folder, load_corridor().parameters)
    link = tables.links.loc["10"]
    assert link["length_km"] == pytest.approx(160.9344)
    assert link["speed_kmh"] == pytest.approx(80.4672)
    assert tables.places.loc["1", "modes"] == ("road",)
    assert tables.crossings.empty


def test_a_gmns_network_from_another_tool_reads_with_a_default_mode_and_country(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "osm"
    folder.mkdir()
    (folder / "node.csv").write_text(
        "node_id,x_coord,y_coord\n1,102.60,17.96\n2,102.70,17.90\n", encoding="utf-8"
    )
    (folder / "link.csv").write_text(
        "link_id,from_node_id,to_node_id,directed,length,allowed_uses\n7,1,2,true,13.4,auto\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="default country") as raised:
        read_gmns(folder, load_corridor().parameters)
    assert raised.value.location == Location(str(folder / "node.csv"), None, "country")
    with pytest.raises(DataError, match="names none") as raised:
        read_gmns(folder, load_corridor().parameters, default_country="LA")
    assert raised.value.location == Location(str(folder / "link.csv"), 1, "allowed_uses")
    tables = read_gmns(
        folder, load_corridor().parameters, default_mode="road", default_country="LA"
    )
    assert tables.links.loc["7", "mode"] == "road"
    assert set(tables.places["country"]) == {"LA"}


def test_a_gmns_error_names_the_gmns_field(tmp_path: Path) -> None:
    folder = write_gmns(load_corridor(), tmp_path / "gmns")
    node_file = folder / "node.csv"
    lines = node_file.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[2], "east", 1)
    node_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="not a number") as raised:
        read_gmns(folder)
    assert raised.value.location == Location(str(node_file), 3, "x_coord")


def test_a_broken_geojson_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [,]}', encoding="utf-8")
    with pytest.raises(DataError, match="not JSON") as raised:
        read_geojson(path)
    assert raised.value.location == Location(str(path), 2)


def test_the_format_is_told_from_the_path(tmp_path: Path) -> None:
    corridor = load_corridor()
    paths = {
        "tables": write_tables(corridor, tmp_path / "tables"),
        "gmns": write_gmns(corridor, tmp_path / "gmns"),
        "geojson": write_geojson(corridor, tmp_path / "net.geojson"),
    }
    for kind, path in paths.items():
        assert detect_format(path) == kind
        assert_same_network(corridor, read_network(path))


def test_a_failed_write_leaves_no_folder_and_no_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    real = tables_io.write_csv_table

    def fail_on_third(path: Path, spec: object, frame: pd.DataFrame) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(path, spec, frame)  # type: ignore[arg-type]

    monkeypatch.setattr(tables_io, "write_csv_table", fail_on_third)
    with pytest.raises(OSError, match="No space"):
        write_tables(load_corridor(), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_an_existing_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_tables(load_corridor(), tmp_path / "out")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def refuse(*_: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(tables_io, "write_csv_table", refuse)
    with pytest.raises(OSError):
        write_tables(load_corridor(), folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
