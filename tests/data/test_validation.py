"""Bad input names its file, 1-based row and field; a network in parts warns instead of failing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from landsea.data.io import read_tables
from landsea.data.validate import DataWarning, validate_tables
from landsea.errors import DataError, Location

from .conftest import EditCell, read_rows, write_rows

# (file, row, field, bad value, words the message must contain)
BAD_CELLS = [
    pytest.param("links.csv", 3, "from_id", "XXNOP", "unknown place", id="unknown place"),
    pytest.param("places.csv", 5, "place_id", "CNCKG", "duplicate id", id="duplicate id"),
    pytest.param("links.csv", 4, "length_km", "0", "greater than zero", id="zero length"),
    pytest.param("links.csv", 4, "length_km", "-12", "greater than zero", id="negative length"),
    pytest.param("links.csv", 2, "mode", "hovercraft", "unknown mode", id="unknown mode"),
    pytest.param(
        "links.csv",
        6,
        "crossing_id",
        "NO_SUCH_GATE",
        "unknown crossing",
        id="link names a crossing that does not exist",
    ),
    pytest.param(
        "links.csv",
        7,
        "crossing_id",
        "MOHAN_BOTEN_RAIL",
        "separate crossings",
        id="road link through a rail gate",
    ),
    pytest.param(
        "crossings.csv", 1, "country_b", "LA", "lies in VN", id="crossing country not its place's"
    ),
    pytest.param("places.csv", 1, "country", "XX", "country code", id="invalid country"),
    pytest.param("places.csv", 2, "country", "cn", "country code", id="lower-case country"),
    pytest.param(
        "crossing_regimes.csv", 1, "regime", "express", "unknown regime", id="unknown regime"
    ),
    pytest.param("crossings.csv", 1, "opens", "7am", "HH:MM", id="malformed time"),
    pytest.param("crossings.csv", 1, "closes", "25:00", "HH:MM", id="hour out of range"),
    pytest.param("links.csv", 4, "length_km", "far", "not a number", id="non-numeric cell"),
    pytest.param("links.csv", 1, "length_source", "", "no source", id="figure without source"),
    pytest.param(
        "links.csv",
        1,
        "length_source",
        "Wikipedia",
        "no source",
        id="source without source: or estimate:",
    ),
    pytest.param(
        "transfers.csv", 1, "kind", "teleport", "unknown transfer kind", id="unknown transfer kind"
    ),
    pytest.param(
        "services.csv", 1, "stops", "CNSPB;XXNOP", "unknown place", id="service stop unknown"
    ),
    pytest.param(
        "lines.csv", 1, "waypoints", "CNNPB;XXNOP", "unknown place", id="line waypoint unknown"
    ),
]


@pytest.mark.parametrize(("file", "row", "field", "value", "words"), BAD_CELLS)
def test_a_bad_cell_names_file_row_and_field(
    edit_cell: EditCell, file: str, row: int, field: str, value: str, words: str
) -> None:
    path = edit_cell(file, row, field, value)
    with pytest.raises(DataError, match=words) as raised:
        read_tables(path.parent)
    assert raised.value.location == Location(str(path), row, field)
    assert raised.value.exit_code == 2


def test_a_triangle_with_its_mode_below_its_minimum_is_refused(edit_cell: EditCell) -> None:
    path = edit_cell("crossing_regimes.csv", 1, "min_h", "99")
    with pytest.raises(DataError, match="min_h <= mode_h <= max_h") as raised:
        read_tables(path.parent)
    assert raised.value.location == Location(str(path), 1, "mode_h")


def test_a_missing_column_is_named(corridor_copy: Path) -> None:
    path = corridor_copy / "links.csv"
    header, rows = read_rows(path)
    header.remove("length_km")
    write_rows(path, header, [{k: v for k, v in r.items() if k != "length_km"} for r in rows])
    with pytest.raises(DataError, match="missing column") as raised:
        read_tables(corridor_copy)
    assert raised.value.location == Location(str(path), None, "length_km")


def test_a_row_with_more_cells_than_the_header_is_refused(corridor_copy: Path) -> None:
    path = corridor_copy / "services.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="more cells") as raised:
        read_tables(corridor_copy)
    assert raised.value.location == Location(str(path), 2)


def test_a_crossing_without_all_four_regimes_is_refused(corridor_copy: Path) -> None:
    path = corridor_copy / "crossing_regimes.csv"
    header, rows = read_rows(path)
    gate = rows[0]["crossing_id"]
    kept = [r for r in rows if not (r["crossing_id"] == gate and r["regime"] == "tir")]
    write_rows(path, header, kept)
    with pytest.raises(DataError, match="no 'tir' row") as raised:
        read_tables(corridor_copy)
    assert raised.value.location == Location(str(corridor_copy / "crossings.csv"), 1, "crossing_id")


def test_a_parameter_without_a_source_names_its_dotted_field(corridor_copy: Path) -> None:
    path = corridor_copy / "parameters.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[modes.sea]")
    line_start = text.index("speed_kmh_source", start)
    line_end = text.index("\n", line_start)
    path.write_text(
        text[:line_start] + 'speed_kmh_source = "a guess"' + text[line_end:], encoding="utf-8"
    )
    with pytest.raises(DataError, match="without a source") as raised:
        read_tables(corridor_copy)
    assert raised.value.location == Location(str(path), None, "modes.sea.speed_kmh_source")


def test_a_parameter_that_is_not_a_number_is_named(corridor_copy: Path) -> None:
    path = corridor_copy / "parameters.toml"
    text = path.read_text(encoding="utf-8").replace(
        "price_usd_per_t_co2 = 50.0", 'price_usd_per_t_co2 = "fifty"'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        read_tables(corridor_copy)
    assert raised.value.location == Location(str(path), None, "carbon_price_usd_per_t_co2")


def test_every_problem_is_listed_by_validate_tables(edit_cell: EditCell) -> None:
    edit_cell("links.csv", 2, "mode", "hovercraft")
    path = edit_cell("links.csv", 3, "crossing_id", "NO_SUCH_GATE")
    tables = read_tables(path.parent, validate=False)
    report = validate_tables(tables)
    fields = {(e.location.row, e.location.field) for e in report.errors if e.location}
    assert {(2, "mode"), (3, "crossing_id")} <= fields
    assert not report.valid


def test_an_island_of_places_warns_and_names_them(corridor_copy: Path) -> None:
    places = corridor_copy / "places.csv"
    header, rows = read_rows(places)
    for code, lon in (("ZZISA", 120.0), ("ZZISB", 120.2)):
        island = dict(rows[0], place_id=code, name=f"Island {code}", country="PH", lat="10.0")
        island.update(lon=str(lon), modes="road", is_unlocode="no", aliases="", note="")
        rows.append(island)
    write_rows(places, header, rows)
    links = corridor_copy / "links.csv"
    header, rows = read_rows(links)
    rows.append(dict(rows[0], link_id="L999", from_id="ZZISA", to_id="ZZISB", crossing_id=""))
    write_rows(links, header, rows)
    with pytest.warns(DataWarning, match="ZZISA, ZZISB"):
        tables = read_tables(corridor_copy)
    assert "ZZISA" in tables.places.index


def test_a_link_shorter_than_the_straight_line_is_a_hint(edit_cell: EditCell) -> None:
    # Guiyang-Nanning: 461 km as the crow flies
    path = edit_cell("links.csv", 5, "length_km", "59.9")
    report = validate_tables(read_tables(path.parent))
    assert report.valid
    assert any("links.csv:5:length_km: link L005 is 59.9 km long" in hint for hint in report.hints)


def test_a_gauge_change_dearer_than_trucking_round_the_yard_is_hinted() -> None:
    from landsea.data.bundled import load_corridor

    tables = load_corridor()
    assert not validate_tables(tables).hints
    transfers = tables.transfers.copy()
    yard = (transfers["place_id"] == "LAVTS") & (transfers["kind"] == "gauge_change")
    transfers.loc[yard, "cost_usd_per_teu"] = 500.0
    hints = validate_tables(dataclasses.replace(tables, transfers=transfers)).hints
    assert len(hints) == 1
    assert ":cost_usd_per_teu: the gauge change at LAVTS (500) is dearer" in hints[0]
