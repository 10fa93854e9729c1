"""`landsea locate`: the HiGHS p-median answer equals brute force over every set of N sites,
capacity binds, and bad input exits 2 naming the field."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from landsea.cli.app import main
from landsea.data.demand import baseline_demand
from landsea.errors import DataError
from landsea.network.model import corridor_network
from landsea.scenarios.files import load_scenario
from landsea.scenarios.locate import (
    PAPER_SITES,
    LocationProblem,
    evaluate,
    locate,
    location_problem,
    no_base_cost,
    solve,
)

SMALL = ["VNHAN", "LAVTE", "THBKK", "KHPNH", "MMRGN", "CNNPB"]


@pytest.fixture(scope="module")
def small() -> LocationProblem:
    network = corridor_network()
    return location_problem(network, baseline_demand(network.places), SMALL)


@pytest.mark.parametrize("n_sites", [1, 2, 3])
def test_mip_matches_brute_force(small: LocationProblem, n_sites: int) -> None:
    best = min((evaluate(small, combo), combo) for combo in itertools.combinations(SMALL, n_sites))
    solution = solve(small, n_sites)
    assert solution.status == "optimal"
    assert solution.cost_usd == pytest.approx(best[0], rel=1e-9)
    assert evaluate(small, solution.sites) == pytest.approx(best[0], rel=1e-9)
    assert solution.mip_gap <= 1e-9


def test_bases_save_and_more_bases_never_cost_more(small: LocationProblem) -> None:
    costs = [solve(small, n).cost_usd for n in range(1, len(SMALL) + 1)]
    assert costs[0] < no_base_cost(small)
    assert all(b <= a + 1e-6 for a, b in itertools.pairwise(costs))


def test_served_demand_is_what_goes_through_the_bases(small: LocationProblem) -> None:
    solution = solve(small, 2)
    cols = [SMALL.index(s) for s in solution.sites]
    via = small.via_usd[:, cols]
    through = via.min(axis=1) < small.direct_usd
    teu = small.flows["teu_per_year"].to_numpy()
    assert sum(solution.served_teu.values()) == pytest.approx(teu[through].sum(), rel=1e-6)


def test_capacity_binds_and_costs_more(small: LocationProblem) -> None:
    free = solve(small, 2)
    cap = 0.5 * max(free.served_teu.values())
    tight = LocationProblem(**{**small.__dict__, "capacity_teu": cap})
    limited = solve(tight, 2)
    assert max(limited.served_teu.values()) <= cap * (1 + 1e-6)
    assert limited.cost_usd > free.cost_usd


def test_through_bases_capacity_too_small_is_infeasible(small: LocationProblem) -> None:
    total = float(small.flows["teu_per_year"].sum())
    tight = LocationProblem(**{**small.__dict__, "through_bases": True, "capacity_teu": total / 3})
    with pytest.raises(DataError, match="infeasible: 2 bases"):
        solve(tight, 2)


def test_paper_list_is_reported_against(small: LocationProblem) -> None:
    network = corridor_network()
    problem = location_problem(network, baseline_demand(network.places), list(PAPER_SITES))
    report = locate(problem, 2, sensitivity_to=3)
    assert report.paper is not None
    assert sorted(report.paper.sites) == sorted(PAPER_SITES)
    assert report.paper.cost_usd <= report.solution.cost_usd + 1e-6  # all 7 open >= any 2
    assert [n for n, _, _ in report.sensitivity] == [1, 2, 3]
    assert np.isfinite(report.no_base_usd)


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


def test_cli_json_and_scenario_file(tmp_path: Path, capsys, monkeypatch) -> None:
    out = tmp_path / "bases.toml"
    args = ["locate", "--sites", "2", "--json", "--write-scenario", str(out)]
    code, stdout, err = run(args, capsys, monkeypatch)
    assert code == 0, err
    payload = json.loads(stdout)
    assert len(payload["sites"]) == 2
    assert payload["saved_vs_no_bases_usd"] > 0
    assert payload["solver"]["status"] == "optimal"
    scenario = load_scenario(str(out))
    assert scenario.year == 2025  # from baseline_2025, which it extends
    assert "landsea locate" in scenario.description
    assert all(site.lower() in scenario.name for site in payload["sites"])
    assert [u.lever for u in scenario.levers] == ["backhaul_incentive"]  # the bases act
    assert scenario.project is not None and scenario.project.capex.source.startswith("estimate")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--sites", "0"], "--sites"),
        (["--sites", "10"], "--sites: 10 sites but only 9 candidates"),
        (["--sites", "1", "--capacity", "-5"], "--capacity"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    args: list[str], field: str, capsys, monkeypatch
) -> None:
    code, _, err = run(["locate", *args], capsys, monkeypatch)
    assert code == 2
    assert field in err


def test_unknown_candidate_names_file_row_and_closest(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "cands.txt"
    path.write_text("# candidates\nHanoi\nBangkokk\n", encoding="utf-8")
    code, _, err = run(["locate", "--sites", "1", "--candidates", str(path)], capsys, monkeypatch)
    assert code == 2
    message = " ".join(err.split())
    assert f"{path}:3:place" in message
    assert "Bangkok (THBKK)" in message
