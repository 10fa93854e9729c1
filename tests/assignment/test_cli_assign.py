"""`landsea assign` and `landsea demand show`: JSON, files, and a clear error on bad demand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from landsea.cli import assign as assign_cli
from landsea.errors import DataError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "assignment"


def _app() -> typer.Typer:
    app = typer.Typer()
    assign_cli.register(app)
    return app


def _invoke(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(_app(), list(args))
    return result.exit_code, result.output, result.exception


def test_assign_a_small_demand_file_prints_shares_and_crossings(tmp_path: Path) -> None:
    geojson = tmp_path / "flows.geojson"
    code, output, _ = _invoke(
        "assign",
        "--demand",
        str(FIXTURES / "demand_small.csv"),
        "--year",
        "2022",
        "--json",
        "--geojson",
        str(geojson),
    )
    assert code == 0, output
    report = json.loads(output)
    assert report["converged"] is True
    assert sum(row["teu_per_year"] for row in report["mode_shares"]) == pytest.approx(47450.0)
    assert {row["crossing_id"] for row in report["crossings"]} >= {"YOUYIGUAN_HUUNGHI_ROAD"}
    features = json.loads(geojson.read_text())["features"]
    assert features
    assert all(f["geometry"]["type"] == "LineString" for f in features)


def test_demand_show_derives_trucks_a_day_and_writes_omx(tmp_path: Path) -> None:
    out = tmp_path / "d.omx"
    args = ("demand", "show", "--demand", str(FIXTURES / "demand_small.csv"))
    code, output, _ = _invoke(*args, "--json", "--out", str(out))
    assert code == 0, output
    rows = json.loads(output)
    assert rows[0]["trucks_per_day"] == pytest.approx(36500 / 365 / 2)
    assert out.is_file()


def test_a_bad_demand_file_is_a_data_error_naming_the_cell() -> None:
    _, _, error = _invoke("assign", "--demand", str(FIXTURES / "demand_bad_place.csv"))
    assert isinstance(error, DataError)
    assert "demand_bad_place.csv:2:destination: unknown place 'Atlantis'" in str(error)
    assert error.exit_code == 2


def test_assign_with_the_simulated_delay_curves() -> None:
    code, output, _ = _invoke(
        "assign",
        "--demand",
        str(FIXTURES / "demand_small.csv"),
        "--year",
        "2022",
        "--delay-curves",
        str(FIXTURES / "delay_curves.csv"),
        "--json",
    )
    assert code == 0, output
    assert json.loads(output)["converged"] is True


def test_bad_delay_curves_are_a_data_error_naming_the_row(tmp_path: Path) -> None:
    bad = tmp_path / "curves.csv"
    text = (FIXTURES / "delay_curves.csv").read_text().replace(",8,10,6,", ",-8,10,6,")
    bad.write_text(text)
    _, _, error = _invoke(
        "assign", "--demand", str(FIXTURES / "demand_small.csv"), "--delay-curves", str(bad)
    )
    assert isinstance(error, DataError)
    assert "curves.csv:1:mean_delay_h" in str(error)


def test_a_faster_border_regime_can_only_draw_more_freight_over_land() -> None:
    def road_and_rail_share(regime: str) -> float:
        code, output, _ = _invoke(
            "assign",
            "--demand",
            str(FIXTURES / "demand_small.csv"),
            "--year",
            "2022",
            "--regime",
            regime,
            "--json",
        )
        assert code == 0, output
        shares = {row["mode"]: row["share_teu"] for row in json.loads(output)["mode_shares"]}
        return 1.0 - shares.get("sea", 0.0)

    assert road_and_rail_share("single_window") >= road_and_rail_share("standard")


def test_an_omx_demand_written_by_demand_show_assigns_like_its_csv(tmp_path: Path) -> None:
    omx_file = tmp_path / "demand.omx"
    csv_file = str(FIXTURES / "demand_small.csv")
    _invoke("demand", "show", "--demand", csv_file, "--out", str(omx_file))
    shares = []
    for source in (csv_file, str(omx_file)):
        code, output, _ = _invoke("assign", "--demand", source, "--year", "2022", "--json")
        assert code == 0, output
        shares.append(json.loads(output)["mode_shares"])
    assert shares[0] == shares[1]


def test_compare_years_prints_mode_shares_without_and_with_the_clr() -> None:
    code, output, _ = _invoke(
        "assign",
        "--demand",
        str(FIXTURES / "demand_small.csv"),
        "--compare-year",
        "2020",
        "--compare-year",
        "2022",
        "--json",
    )
    assert code == 0, output
    rows = json.loads(output)
    assert {(row["year"], row["clr"]) for row in rows} == {(2020, False), (2022, True)}
    for year in (2020, 2022):
        total = sum(row["share_teu"] for row in rows if row["year"] == year)
        assert total == pytest.approx(1.0)


def test_the_algorithm_help_lists_the_corridor_algorithms_of_the_registry() -> None:
    from landsea.assignment.algorithms import algorithms_for

    code, output, _ = _invoke("assign", "--help")
    assert code == 0
    text = " ".join(output.replace("│", " ").split())
    for record in algorithms_for("corridor"):
        assert record.name in text
    assert "gradient-projection" not in text


def test_assign_for_a_year_assigns_that_years_grown_demand() -> None:
    from landsea.data.demand import demand_for_year

    code, output, _ = _invoke("assign", "--year", "2030", "--json")
    assert code == 0, output
    report = json.loads(output)
    assigned = sum(row["teu_per_year"] for row in report["mode_shares"])
    assert assigned == pytest.approx(demand_for_year(2030)["teu_per_year"].sum(), rel=1e-6)
    assert assigned > 2.0 * demand_for_year(None)["teu_per_year"].sum()


def test_a_year_beyond_the_growth_table_is_a_data_error() -> None:
    _, _, error = _invoke("demand", "show", "--year", "2040")
    assert isinstance(error, DataError)
    assert "no growth rate for 2036" in str(error)
    assert error.exit_code == 2


def test_a_logit_assignment_says_its_gap_to_user_equilibrium_is_by_design() -> None:
    code, output, _ = _invoke("assign", "--demand", str(FIXTURES / "demand_small.csv"))
    assert code == 0, output
    first = " ".join(output.split())  # the console wraps long lines
    assert "converged after" in first and "flow change" in first
    assert "relative gap to a user equilibrium" in first and "above zero by design" in first
    assert "UE relative gap" not in first
