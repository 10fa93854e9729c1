"""`landsea network validate` and `landsea network export`, run through the real entry point.

Exit 0 when valid, 2 naming file:row:field when not, and never a traceback.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from landsea.cli.app import main
from landsea.data.bundled import load_corridor
from landsea.data.io import write_tables


def run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["landsea", *argv])
    try:
        main()
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_accepts_the_bundled_corridor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tables(load_corridor(), tmp_path / "corridor")
    code, out, _ = run(["network", "validate", str(folder)], monkeypatch, capsys)
    assert code == 0
    assert "valid" in out
    assert "crossing_regimes" in out


def test_validate_names_file_row_and_field_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tables(load_corridor(), tmp_path / "corridor")
    links = folder / "links.csv"
    with links.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[1]["mode"] = "hovercraft"
    rows[2]["crossing_id"] = "NO_SUCH_GATE"
    with links.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    code, _, err = run(["network", "validate", str(folder)], monkeypatch, capsys)
    assert code == 2
    assert f"{links}:2:mode" in err
    assert f"{links}:3:crossing_id" in err
    assert "Traceback" not in err


def test_validate_of_a_path_that_is_not_a_network_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["network", "validate", str(tmp_path / "nowhere")], monkeypatch, capsys)
    assert code == 2
    assert "no such file or folder" in err


def test_export_gmns_then_validate_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out_folder = tmp_path / "gmns"
    code, out, _ = run(
        ["network", "export", "--format", "gmns", str(out_folder)], monkeypatch, capsys
    )
    assert code == 0
    assert (out_folder / "node.csv").exists() and (out_folder / "link.csv").exists()
    code, out, _ = run(["network", "validate", str(out_folder)], monkeypatch, capsys)
    assert code == 0
    assert "gmns" in out


def test_export_geojson_from_an_edited_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tables(load_corridor(), tmp_path / "corridor")
    target = tmp_path / "corridor.geojson"
    argv = ["network", "export", "--format", "geojson", str(target), "--from", str(folder)]
    code, out, _ = run(argv, monkeypatch, capsys)
    assert code == 0
    assert str(target) in out
    code, _, _ = run(["network", "validate", str(target)], monkeypatch, capsys)
    assert code == 0


def test_export_from_a_broken_network_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tables(load_corridor(), tmp_path / "corridor")
    (folder / "places.csv").write_text("place_id,name\nCNCKG,Chongqing\n", encoding="utf-8")
    target = tmp_path / "out.geojson"
    argv = ["network", "export", "-f", "geojson", str(target), "--from", str(folder)]
    code, _, err = run(argv, monkeypatch, capsys)
    assert code == 2
    assert f"{folder / 'places.csv'}:country: missing column" in err.replace("\n", "")
    assert not target.exists()


def test_validate_json_lists_errors_with_file_row_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tables(load_corridor(), tmp_path / "corridor")
    crossings = folder / "crossings.csv"
    text = crossings.read_text(encoding="utf-8")
    crossings.write_text(text.replace(",07:00,19:00,", ",7am,19:00,", 1), encoding="utf-8")
    code, out, _ = run(["network", "validate", str(folder), "--json"], monkeypatch, capsys)
    assert code == 2
    document = json.loads(out)
    assert document["valid"] is False
    assert document["format"] == "tables"
    assert document["errors"][0] | {"message": ""} == {
        "file": str(crossings),
        "row": 1,
        "field": "opens",
        "message": "",
    }


def test_validate_json_of_a_valid_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "corridor.geojson"
    run(["network", "export", "--format", "geojson", str(target)], monkeypatch, capsys)
    code, out, _ = run(["network", "validate", str(target), "--json"], monkeypatch, capsys)
    document = json.loads(out)
    assert code == 0
    assert document["valid"] is True
    assert document["rows"]["crossing_regimes"] == 4 * document["rows"]["crossings"]
    assert document["km_by_mode"]["road"] > 0


def test_export_tables_gives_an_editable_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mine"
    code, _, _ = run(["network", "export", "--format", "tables", str(folder)], monkeypatch, capsys)
    assert code == 0
    assert (folder / "places.csv").exists() and (folder / "parameters.toml").exists()


def test_validate_a_gmns_network_from_another_tool_with_mode_and_country(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
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
    code, _, err = run(["network", "validate", str(folder)], monkeypatch, capsys)
    assert code == 2
    assert "country" in err
    argv = ["network", "validate", str(folder), "--mode", "road", "--country", "LA"]
    code, out, _ = run(argv, monkeypatch, capsys)
    assert code == 0
    assert "valid gmns network" in out


def test_validate_shows_the_first_fifty_errors_then_a_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tables(load_corridor(), tmp_path / "corridor")
    links = folder / "links.csv"
    with links.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[:60]:
        row["status"] = "dreamt"
    with links.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    code, _, err = run(["network", "validate", str(folder)], monkeypatch, capsys)
    assert code == 2
    assert err.count("unknown status") == 50
    assert "and 10 more" in err


def test_a_network_in_parts_exports_with_a_warning_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tables(load_corridor(), tmp_path / "corridor")
    links = folder / "links.csv"
    with links.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kept = [row for row in rows if "DEDUI" not in (row["from_id"], row["to_id"])]
    with links.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    services = folder / "services.csv"
    text = services.read_text(encoding="utf-8").splitlines()
    services.write_text("\n".join(t for t in text if "DEDUI" not in t) + "\n", encoding="utf-8")
    target = tmp_path / "out.geojson"
    argv = ["network", "export", "-f", "geojson", str(target), "--from", str(folder)]
    code, _, err = run(argv, monkeypatch, capsys)
    assert code == 0
    assert "warning: network in parts: DEDUI" in err
    assert target.exists()


def test_export_into_a_path_that_cannot_be_written_says_so_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    argv = ["network", "export", "--format", "gmns", str(blocker / "inside")]
    code, _, err = run(argv, monkeypatch, capsys)
    assert code == 2
    assert "Traceback" not in err
    assert f"{blocker}: cannot create folder" in err.replace("\n", "")
