"""`landsea simulate queue`: the M/M/c validation mode from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

RunCli = Callable[..., int]

MM4 = ["simulate", "queue", "--servers", "4", "--arrival-rate", "3.6", "--service-rate", "1"]


def test_json_reports_mean_wait_interval_and_erlang_c(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli(*MM4, "--customers", "200000", "--seed", "3", "--json")
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    low, high = report["mean_wait_ci95"]
    assert low < report["mean_wait"] < high
    assert report["erlang_c_wait"] == pytest.approx(1.9694, abs=1e-4)
    assert report["erlang_c_p_wait"] == pytest.approx(0.7878, abs=1e-4)
    assert 0.7 < report["p_wait"] < 0.85


def test_utilisation_of_one_is_refused_with_an_explanation(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli(
        "simulate", "queue", "--servers", "2", "--arrival-rate", "2", "--service-rate", "1"
    )
    message = " ".join(capsys.readouterr().err.split())
    assert code == 2
    assert "no steady state" in message
    assert "grows without bound" in message


@pytest.mark.parametrize(
    "bad", [["--servers", "0"], ["--arrival-rate", "-1"], ["--service-rate", "0"]]
)
def test_non_positive_servers_or_rates_exit_2(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str], bad: list[str]
) -> None:
    code = run_cli(*MM4, *bad)
    assert code == 2
    assert "must be a positive" in capsys.readouterr().err
