"""`landsea tntp assign` on the shipped fixture: JSON fields, flow file, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from landsea.cli import tntp_assign

TINY = Path(__file__).parents[1] / "fixtures" / "assignment" / "tiny"


def _group() -> typer.Typer:
    """The `tntp` group with just `assign` (a callback keeps it a group of one command)."""
    group = typer.Typer()
    group.callback()(lambda: None)
    tntp_assign.register(group)
    return group


app = _group()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["assign", *args])
    return result.exit_code, result.output


def test_json_reports_objective_gap_and_the_best_known_solution(tmp_path: Path) -> None:
    flows = tmp_path / "flows.csv"
    code, output = _run(str(TINY), "--gap", "1e-8", "--flows-out", str(flows), "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["objective"] == pytest.approx(5300.0)
    assert report["best_known_objective"] == pytest.approx(5300.0)
    assert report["relative_gap"] <= 1e-8
    assert report["converged"] is True
    assert report["unreachable_pairs"] == 1
    assert report["unreachable_demand"] == 5.0
    assert report["unreachable"] == [{"origin": 2, "destination": 1, "demand": 5.0}]
    table = pd.read_csv(flows)
    assert list(table.columns) == ["init_node", "term_node", "flow", "cost"]
    assert table["flow"].round(6).tolist() == [350, 150, 150, 0, 0, 300, 50, 0]


def test_toll_factor_option_changes_the_equilibrium() -> None:
    code, output = _run(str(TINY), "--gap", "1e-10", "--toll-factor", "0.02", "--json")
    report = json.loads(output)
    assert code == 0
    assert report["toll_factor"] == 0.02
    assert report["tstt"] == pytest.approx(300 * 25.5 + 50 * 1.0)


def test_missing_the_target_is_exit_4_unless_allowed() -> None:
    from landsea.errors import ConvergenceError

    args = (str(TINY), "--algorithm", "msa", "--toll-factor", "0.02", "--gap", "1e-15")
    args = (*args, "--max-iterations", "2")
    result = CliRunner().invoke(app, ["assign", *args])
    assert isinstance(result.exception, ConvergenceError)
    assert ConvergenceError.exit_code == 4
    code, output = _run(*args, "--allow-unconverged", "--json")
    assert code == 0
    assert json.loads(output)["converged"] is False


def test_a_folder_without_tntp_files_is_a_data_error(tmp_path: Path) -> None:
    from landsea.errors import DataError

    result = CliRunner().invoke(app, ["assign", str(tmp_path)])
    assert isinstance(result.exception, DataError)
    assert "no *_net.tntp file" in str(result.exception)


def test_the_algorithm_help_lists_the_registry() -> None:
    from landsea.assignment.algorithms import algorithms_for

    code, output = _run("--help")
    assert code == 0
    text = " ".join(output.replace("│", " ").split())
    for record in algorithms_for("network"):
        assert record.name in text
