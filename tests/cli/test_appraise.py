"""`landsea appraise` through the installed command: figures, chart, ranking, bad input.

The runs share one store folder (LANDSEA_OUT_DIR), so the central runs are made once; the
Monte Carlo here draws costs and growth around them (`--model-runs 0`), the response surface
over sampled runs is tested in tests/scenarios/test_appraisal_runs.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

INSTALLED = Path(sys.executable).parent / ("landsea.exe" if os.name == "nt" else "landsea")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("appraise-store")


def landsea(*args: str, out: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANDSEA_OUT_DIR": str(out), "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [str(INSTALLED), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def appraisal(store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("appraise-chart")
    chart = folder / "benefits.png"
    done = landsea(
        "appraise",
        "joint_inspection_pingxiang",
        "--baseline",
        "baseline_2025",
        "--model-runs",
        "0",
        "--samples",
        "400",
        "--chart",
        str(chart),
        "--json",
        out=store,
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), chart


def test_figures_agree_with_the_cash_flows_by_year(appraisal: tuple[dict[str, Any], Path]) -> None:
    payload, _ = appraisal
    rate = payload["parameters"]["discount_rate"]
    years = payload["years"]
    first = years[0]["year"]
    npv = sum(y["net_usd"] / (1 + rate) ** (y["year"] - first) for y in years)
    figures = payload["figures"]
    assert figures["npv_usd"]["central"] == pytest.approx(npv, rel=1e-9)
    assert rate == 0.09  # ADB's EOCC, the documented default
    for key in ("npv_usd", "bcr", "eirr"):
        assert figures[key]["p10"] <= figures[key]["p50"] <= figures[key]["p90"]
    # the EIRR discounts the net flows to zero
    eirr = figures["eirr"]["central"]
    assert sum(y["net_usd"] / (1 + eirr) ** (y["year"] - first) for y in years) == pytest.approx(
        0, abs=1e-3 * abs(years[0]["net_usd"])
    )
    assert 0.0 <= payload["p_npv_positive"] <= 1.0
    project = payload["project"]
    assert project["opening_year"] == project["start_year"] + project["construction_years"]
    assert project["capex_source"].startswith(("source:", "estimate:"))
    assert payload["monte_carlo"]["samples"] == 400


def test_switching_value_of_capital_brings_npv_to_zero(
    appraisal: tuple[dict[str, Any], Path],
) -> None:
    payload, _ = appraisal
    capex = next(row for row in payload["switching"] if row["item"] == "capex")
    npv = payload["figures"]["npv_usd"]["central"]
    assert npv - capex["switching_change"] * capex["pv_usd"] == pytest.approx(0, abs=1e-3)


def test_the_chart_is_a_png(appraisal: tuple[dict[str, Any], Path]) -> None:
    _, chart = appraisal
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(chart.parent.glob(".chart-*"))  # no partial file left


def test_rank_orders_by_npv_per_dollar_and_runs_the_pair(store: Path, tmp_path: Path) -> None:
    done = landsea(
        "appraise",
        "rank",
        "joint_inspection_pingxiang",
        "tir_border_ports",
        "--model-runs",
        "0",
        "--samples",
        "200",
        "--top",
        "2",
        "--json",
        out=store,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    ratios = [p["npv_per_dollar"] for p in payload["projects"]]
    assert ratios == sorted(ratios, reverse=True)
    assert set(payload["order"]) == {"joint_inspection_pingxiang", "tir_border_ports"}
    (pair,) = payload["interactions"]
    assert pair["difference_usd_per_year"] == pytest.approx(
        pair["together_usd_per_year"] - pair["alone_usd_per_year"]
    )
    assert "NPV per dollar" in payload["note"]


BAD_PROJECT = """name = "bad_project"
extends = "baseline_2025"

[project]
start_year = 2026
construction_years = 3
horizon_years = 20

[project.capex]
musd = -40
source = "estimate: a test"

[project.opex]
musd_per_year = 1
source = "estimate: a test"
"""


@pytest.mark.parametrize(
    ("text", "args", "words"),
    [
        (BAD_PROJECT, (), ["bad_project.toml:10: project.capex.musd", "cannot be negative"]),
        (
            BAD_PROJECT.replace("-40", "40").replace("horizon_years = 20", "horizon_years = 2"),
            (),
            ["horizon_years (2)", "construction_years (3)"],
        ),
        (
            BAD_PROJECT.replace("-40", "40").split("[project.opex]")[0],
            (),
            ["project.opex", "Field required"],
        ),
        (BAD_PROJECT.replace("-40", "40"), ("--discount-rate", "9"), ["--discount-rate"]),
        (BAD_PROJECT.split("[project]")[0], (), ["no [project] table"]),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    tmp_path: Path, text: str, args: tuple[str, ...], words: list[str]
) -> None:
    path = tmp_path / "bad_project.toml"
    path.write_text(text, encoding="utf-8")
    done = landsea("appraise", str(path), *args, out=tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert not (tmp_path / "out").exists()  # refused before any model run
