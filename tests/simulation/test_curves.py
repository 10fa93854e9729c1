"""Delay curves for the assignment: every crossing, every regime, rising with flow."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from landsea.data.delay_curves import COLUMNS, read_delay_curves, write_delay_curves
from landsea.errors import DataError
from landsea.simulation.curves import delay_curves
from landsea.simulation.dataset_crossings import corridor_crossings

RunCli = Callable[..., int]
LOADS = (0.2, 0.9, 1.2)


@cache
def _all_curves() -> pd.DataFrame:
    """Every crossing of the bundled dataset, every regime, a short run per point."""
    return delay_curves(corridor_crossings().specs, loads=LOADS, days=21, seed=7)


def test_every_crossing_in_the_dataset_gets_a_rising_curve_per_regime() -> None:
    curves = _all_curves()
    crossings = set(corridor_crossings().specs)
    assert set(curves["crossing_id"]) == crossings
    for (crossing_id, regime), curve in curves.groupby(["crossing_id", "regime"]):
        delays = curve["mean_delay_h"].to_numpy()
        assert len(curve) == len(LOADS), (crossing_id, regime)
        assert (delays[1:] >= delays[:-1]).all(), (crossing_id, regime)
        assert delays[-1] > delays[0], (crossing_id, regime)  # past capacity it must cost more
        assert (curve["p90_delay_h"] >= curve["mean_delay_h"] * 0.5).all()


def test_at_normal_traffic_the_curve_passes_the_datasets_dwell() -> None:
    curve = delay_curves(
        {"PX": corridor_crossings().specs["YOUYIGUAN_HUUNGHI_ROAD"]},
        regimes=("standard",),
        loads=(1200 / 1506,),
        days=28,
        seed=20_240_615,
    )
    # 1,200 a day, both directions: the calibration's normal traffic (bottleneck 753 each way)
    assert curve["flow_per_day"].iloc[0] == pytest.approx(600, rel=0.01)
    assert curve["mean_delay_h"].iloc[0] == pytest.approx(curve["dataset_dwell_h"].iloc[0], rel=0.1)


def test_past_capacity_the_queue_dominates_at_pingxiang() -> None:
    curves = _all_curves()
    standard = curves[
        (curves["crossing_id"] == "YOUYIGUAN_HUUNGHI_ROAD") & (curves["regime"] == "standard")
    ]
    light, heavy = standard["mean_delay_h"].iloc[0], standard["mean_delay_h"].iloc[-1]
    assert heavy > 3 * light


def test_written_curves_read_back_equal(tmp_path: Path) -> None:
    curves = _all_curves()
    path = write_delay_curves(curves, tmp_path / "curves.csv")
    back = read_delay_curves(path)
    assert list(back.columns) == list(COLUMNS)
    pd.testing.assert_frame_equal(
        back[["crossing_id", "regime"]], curves[["crossing_id", "regime"]]
    )
    assert back["mean_delay_h"].to_numpy() == pytest.approx(curves["mean_delay_h"], rel=1e-5)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("regime", "fast_lane", "unknown regime"),
        ("mean_delay_h", "-1", "finite number >= 0"),
        ("flow_per_day", "lots", "not a number"),
        ("crossing_id", "", "must not be blank"),
    ],
)
def test_a_bad_row_is_named_by_file_row_and_field(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    path = tmp_path / "curves.csv"
    write_delay_curves(_all_curves().head(3), path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[1, column] = value
    table.to_csv(path, index=False)
    with pytest.raises(DataError, match=message) as caught:
        read_delay_curves(path)
    assert str(caught.value).startswith(f"{path}:2:{column}")


def test_a_falling_curve_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    curve = _all_curves().head(3).copy()
    curve.loc[2, "mean_delay_h"] = 0.0
    target = tmp_path / "curves.csv"
    with pytest.raises(DataError, match="must not fall"):
        write_delay_curves(curve, target)
    assert list(tmp_path.iterdir()) == []


def test_curves_command_writes_the_csv_and_a_picture(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out, picture = tmp_path / "curves.csv", tmp_path / "curves.png"
    code = run_cli(
        "simulate",
        "curves",
        "--out",
        str(out),
        "--crossing",
        "Hekou",
        "--crossing",
        "Boten",
        "--regime",
        "standard",
        "--regime",
        "tir",
        "--days",
        "14",
        "--loads",
        "0.3,1.1",
        "--plot",
        str(picture),
    )
    assert code == 0
    table = read_delay_curves(out)
    assert set(table["regime"]) == {"standard", "tir"}
    assert set(table["crossing_id"]) == {"HEKOU_KIMTHANH_ROAD", "MOHAN_BOTEN_ROAD"}
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "written to" in capsys.readouterr().out


def test_curves_command_refuses_bad_loads(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = run_cli("simulate", "curves", "--out", str(tmp_path / "c.csv"), "--loads", "x")
    assert code == 2
    assert "comma-separated" in capsys.readouterr().err
    assert not (tmp_path / "c.csv").exists()
