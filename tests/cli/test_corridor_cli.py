"""The corridor commands as a user meets them: exit codes, messages and stable JSON."""

import json
import sys
from pathlib import Path

import pytest

from landsea.cli.app import main


def run(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `landsea ARGS` in-process; return (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["landsea", *args])
    monkeypatch.setenv("COLUMNS", "200")
    code = 0
    try:
        main()
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_route_json_is_explained_and_stable(capsys, monkeypatch) -> None:
    code, out, _ = run(["route", "chongqing", "BANGKOK", "--k", "2", "--json"], capsys, monkeypatch)
    assert code == 0
    payload = json.loads(out)
    assert list(payload) == ["request", "routes"]
    first = payload["routes"][0]
    assert (first["origin"], first["destination"]) == ("CNCKG", "THBKK")
    assert list(first)[:5] == ["origin", "destination", "objective", "commodity", "modes"]
    legs = first["legs"]
    assert legs[0]["kind"] == "load" and legs[-1]["kind"] == "unload"
    assert sum(leg["time_h"] for leg in legs) == pytest.approx(first["time_h"], abs=0.01)
    assert len(payload["routes"]) == 2


def test_route_geojson_has_a_line_per_route(capsys, monkeypatch, tmp_path: Path) -> None:
    target = tmp_path / "routes.geojson"
    code, _, _ = run(
        ["route", "CNCKG", "SGSIN", "--pareto", "--geojson", str(target)], capsys, monkeypatch
    )
    assert code == 0
    features = json.loads(target.read_text())["features"]
    lines = [f for f in features if f["geometry"]["type"] == "LineString"]
    assert len(lines) >= 2
    assert lines[0]["geometry"]["coordinates"][0] == pytest.approx([106.5516, 29.563], abs=0.01)


def test_unknown_place_exits_2_with_the_closest_names(capsys, monkeypatch) -> None:
    code, out, err = run(["route", "Chongqing", "Bangkock"], capsys, monkeypatch)
    assert code == 2
    assert "unknown place 'Bangkock'" in err and "Bangkok (THBKK)" in err
    assert "Traceback" not in out + err


def test_no_route_exits_3_naming_the_constraint(capsys, monkeypatch) -> None:
    args = ["route", "Kunming", "Vientiane", "--avoid-country", "CN", "--json"]
    code, _, err = run(args, capsys, monkeypatch)
    assert code == 3
    assert "avoid-country CN" in err
    args = ["route", "Kunming", "Vientiane", "--avoid-crossing", "Mohan", "--avoid-mode", "water"]
    code, _, err = run(args, capsys, monkeypatch)
    assert code == 3
    assert "--avoid-crossing Mohan or --avoid-mode water cut the last one" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["route", "CNCKG", "THBKK", "--by", "speed"], "unknown objective 'speed'"),
        (["route", "CNCKG", "THBKK", "--regime", "fast"], "unknown regime 'fast'"),
        (["route", "CNCKG", "THBKK", "--avoid-mode", "air"], "unknown mode 'air'"),
        (["route", "CNCKG", "THBKK", "--commodity", "gold"], "unknown commodity 'gold'"),
        (["route", "CNCKG", "THBKK", "--avoid-country", "XX"], "unknown country 'XX'"),
    ],
)
def test_bad_options_exit_2(capsys, monkeypatch, args: list[str], message: str) -> None:
    code, _, err = run(args, capsys, monkeypatch)
    assert code == 2
    assert message in err


def test_lines_json_lists_the_paper_lines(capsys, monkeypatch) -> None:
    code, out, _ = run(["lines", "--json"], capsys, monkeypatch)
    assert code == 0
    lines = {line["line_id"]: line for line in json.loads(out)["lines"]}
    assert lines["fn7-3"]["paper_km"] == 2800
    assert abs(lines["fn7-3"]["difference_pct"]) <= 10


def test_tcd_writes_a_chart_and_a_table(capsys, monkeypatch, tmp_path: Path) -> None:
    chart = tmp_path / "tcd.svg"
    code, out, _ = run(
        ["tcd", "Chongqing", "Hanoi", "--plot", str(chart), "--json"], capsys, monkeypatch
    )
    assert code == 0
    assert chart.read_text().lstrip().startswith("<?xml")
    payload = json.loads(out)
    assert len(payload["routes"]) >= 3
    assert {row["kind"] for row in payload["tcd"]} >= {"start", "move", "crossing", "unload"}


def test_report_writes_markdown_json_and_charts(capsys, monkeypatch, tmp_path: Path) -> None:
    code, out, _ = run(["report", "--out", str(tmp_path)], capsys, monkeypatch)
    assert code == 0
    assert "report.md" in out
    text = (tmp_path / "report.md").read_text()
    assert "Middle Line" in text and "Phnom Penh" in text
    assert len(list(tmp_path.glob("tcd-CNCKG-*.png"))) == 6
    assert set(json.loads((tmp_path / "report.json").read_text())) == {"lines", "options"}


def test_a_regime_at_one_crossing_changes_only_that_crossing(capsys, monkeypatch) -> None:
    base = ["route", "Chongqing", "Hanoi", "--avoid-mode", "rail", "--avoid-mode", "water"]
    base += ["--avoid-crossing", "Longbang", "--json"]
    code, out, _ = run(base, capsys, monkeypatch)
    assert code == 0
    standard = json.loads(out)["routes"][0]
    code, out, _ = run(
        [*base, "--regime-at", "YOUYIGUAN_HUUNGHI_ROAD=joint_inspection"], capsys, monkeypatch
    )
    assert code == 0
    joint = json.loads(out)["routes"][0]
    regimes = {leg["crossing_id"]: leg["regime"] for leg in joint["legs"] if leg["crossing_id"]}
    assert regimes == {"YOUYIGUAN_HUUNGHI_ROAD": "joint_inspection"}
    assert joint["time_h"] < standard["time_h"]
    code, _, err = run([*base, "--regime-at", "Pingxiang"], capsys, monkeypatch)
    assert code == 2 and "CROSSING=REGIME" in err
