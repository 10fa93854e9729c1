"""`landsea simulate crossing` from the command line: JSON, plots and bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

RunCli = Callable[..., int]


def test_json_carries_dwell_percentiles_stages_and_daily_backlog(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli(
        "simulate",
        "crossing",
        "Pingxiang",
        "--days",
        "10",
        "--seed",
        "2",
        "--arrivals-per-day",
        "1300",
        "--json",
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["crossing_id"] == "YOUYIGUAN_HUUNGHI_ROAD"
    summary = report["summary"]
    assert summary["dwell_p50_h"] <= summary["dwell_p90_h"] <= summary["dwell_p99_h"]
    assert len(report["daily"]) == 10
    assert {row["stage"] for row in report["stages"]} >= {"documents_exit", "transload"}
    assert report["hours"] == {"opens": "07:00", "closes": "19:00"}
    # the season's fruit goes north (b_to_a): that direction waits longer
    directions = report["directions"]
    assert directions["b_to_a"]["dwell_p90_h"] > directions["a_to_b"]["dwell_p90_h"]


def test_plot_and_comparison_of_regimes(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    picture = tmp_path / "hekou.png"
    code = run_cli(
        "simulate",
        "crossing",
        "hekou",
        "--days",
        "8",
        "--regime",
        "tir",
        "--plot",
        str(picture),
        "--json",
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert picture.stat().st_size > 10_000
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(report["regimes"]) == ["tir", "standard", "single_window", "joint_inspection"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Pingxaing"],
            "did you mean Youyiguan / Huu Nghi (Pingxiang road port) (YOUYIGUAN_HUUNGHI_ROAD)",
        ),
        (["Pingxiang", "--regime", "express"], "unknown regime"),
        (["Pingxiang", "--hours", "7-19"], "not HH:MM"),
        (["Pingxiang", "--days", "0"], "days must be"),
        (["Pingxiang", "--arrivals-per-day", "-5"], "arrivals per day"),
        (["Pingxiang", "--seed", "-1"], "seed must be a non-negative integer"),
        (["Pingxiang", "--share-a-to-b", "1.5"], "direction share"),
        (["Pingxiang", "--peak-red-share", "2"], "extra red-channel share"),
        (["Pingxiang", "--replications", "0"], "replications must be"),
        (["Pingxiang", "--capacity-per-day", "0"], "capacity per day must be positive"),
        (["Pingxiang", "--extended-hours"], "no later closing"),
        (["Pingxiang", "--hourly-profile", "1,2,3"], "needs 24 weights"),
        (["Pingxiang", "--hourly-profile", ",".join(["0"] * 24)], "not all 0"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = run_cli("simulate", "crossing", *args)
    assert code == 2
    assert message in " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize(
    ("picture", "message"),
    [("queue.jpg", "a plot must end in .png, .svg, .pdf"), ("missing/dir/", "a plot must end")],
)
def test_a_plot_that_cannot_be_written_is_refused_before_any_work(
    run_cli: RunCli,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    picture: str,
    message: str,
) -> None:
    code = run_cli(
        "simulate", "crossing", "hekou", "--days", "3", "--plot", str(tmp_path / picture)
    )
    assert code == 2
    assert message in " ".join(capsys.readouterr().err.split())


def test_an_absurd_run_is_refused_rather_than_exhausting_memory(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli("simulate", "crossing", "hekou", "--arrivals-per-day", "1e9")
    assert code == 2
    assert "shorten the run" in " ".join(capsys.readouterr().err.split())


def test_svg_plots_are_written_too(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    picture = tmp_path / "boten.svg"
    assert run_cli("simulate", "crossing", "Boten", "--days", "4", "--plot", str(picture)) == 0
    assert picture.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "plot written to" in capsys.readouterr().out


def test_a_capacity_expansion_is_a_command_line_lever(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    dwell = []
    for capacity in ("1500", "2200"):
        assert (
            run_cli(
                "simulate",
                "crossing",
                "Pingxiang",
                "--days",
                "20",
                "--arrivals-per-day",
                "1500",
                "--capacity-per-day",
                capacity,
                "--json",
            )
            == 0
        )
        report = json.loads(capsys.readouterr().out)
        assert report["capacity_basis"] == "set by the user"
        dwell.append(report["summary"]["dwell_mean_h"])
    assert dwell[1] < dwell[0]


def test_tables_of_a_run_for_analysts(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import pandas as pd

    folder = tmp_path / "run"
    assert (
        run_cli("simulate", "crossing", "Boten", "--days", "6", "--csv", str(folder), "--json") == 0
    )
    report = json.loads(capsys.readouterr().out)
    trucks = pd.read_csv(folder / "trucks.csv")
    waits = trucks.filter(like="wait_").sum(axis=1)
    assert (trucks["dwell_h"] >= waits - 1e-6).all()  # the dwell holds every wait and service
    assert len(pd.read_csv(folder / "hourly.csv")) == 6 * 24
    assert sorted(report["tables"]) == sorted(
        str(folder / n) for n in ("trucks.csv", "daily.csv", "hourly.csv", "stages.csv")
    )
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    assert run_cli("simulate", "crossing", "Boten", "--days", "2", "--csv", str(blocker)) == 2
    assert "cannot write the tables" in " ".join(capsys.readouterr().err.split())


def test_trucks_that_arrive_while_the_gate_is_open_wait_less(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    dwell = {}
    daytime = ",".join(["0"] * 8 + ["1"] * 10 + ["0"] * 6)  # 08:00-18:00 only
    for name, profile in (("daytime", daytime), ("round the clock", ",".join(["1"] * 24))):
        assert (
            run_cli(
                "simulate",
                "crossing",
                "Pingxiang",
                "--days",
                "20",
                "--peak-factor",
                "1",
                "--hourly-profile",
                profile,
                "--json",
            )
            == 0
        )
        report = json.loads(capsys.readouterr().out)
        dwell[name] = report["summary"]["dwell_mean_h"]
    assert dwell["daytime"] < dwell["round the clock"]


def _strict_json(text: str) -> dict[str, object]:
    """JSON as the standard has it: Infinity and NaN are not numbers there."""

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    loaded: dict[str, object] = json.loads(text, parse_constant=refuse)
    return loaded


def test_too_few_trucks_for_an_interval_say_so_instead_of_printing_infinities(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    # about 2 trains a day for 9 days: far fewer than batch means need
    rail = ["simulate", "crossing", "Pingxiang", "--mode", "rail_1435", "--days", "10"]
    assert run_cli(*rail) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "inf" not in text
    assert "no 95% CI" in text
    assert run_cli(*rail, "--replications", "2", "--json") == 0
    report = _strict_json(capsys.readouterr().out)
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert summary["trucks"] < 40
    assert summary["dwell_mean_ci95_h"] is None


def test_round_the_clock_hours_raise_the_capacity_of_a_daytime_gate(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    river = "GUANLEI_CHIANGSAEN_RIVER"
    boten = [("Boten", None), ("Boten", "00:00-24:00"), ("Boten", "08:00-22:00")]
    studies = [*boten, (river, None), (river, "00:00-24:00")]
    capacity = {}
    for crossing, hours in studies:
        extra = ["--hours", hours] if hours else []
        args = ["simulate", "crossing", crossing, "--days", "2", "--peak-factor", "1", *extra]
        assert run_cli(*args, "--json") == 0
        report = json.loads(capsys.readouterr().out)
        capacity[crossing, hours] = report["bottleneck_capacity_per_day"]
    # the same staff working 24 h instead of 12 (08:00-20:00 at Boten, 06:00-18:00 on the
    # Mekong) clears more: well over 1.5 times as much, not less
    assert capacity["Boten", "00:00-24:00"] > 1.5 * capacity["Boten", None]
    assert capacity["Boten", None] < capacity["Boten", "08:00-22:00"]
    assert capacity["Boten", "08:00-22:00"] < capacity["Boten", "00:00-24:00"]
    assert capacity[river, "00:00-24:00"] > 1.5 * capacity[river, None]
