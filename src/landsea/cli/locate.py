"""`landsea locate`: where to put logistics bases (p-median MIP on generalized costs, HiGHS).

`--json` prints: sites (ids), served_teu_per_year (id -> TEU), cost_usd_per_year,
no_base_usd_per_year, saved_vs_no_bases_usd, paper (sites, cost, saved_vs_paper_usd or null),
sensitivity (n_sites, cost_usd_per_year, sites), solver (status, mip_gap, seconds), parameters.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from landsea.network.model import Network
    from landsea.scenarios.locate import LocationProblem, LocationReport


def register(parent: typer.Typer) -> None:
    """Add the `locate` command to the top-level app."""
    parent.command("locate")(locate_command)


def locate_command(
    sites: Annotated[int, typer.Option("--sites", help="How many bases to open (N).")],
    candidates: Annotated[
        Path | None, typer.Option(help="File of candidate places, one a line (default: paper).")
    ] = None,
    capacity: Annotated[
        float | None, typer.Option(help="TEU a year one base can handle (default: no limit).")
    ] = None,
    through_bases: Annotated[
        bool, typer.Option("--through-bases", help="Every flow must pass a base (no direct).")
    ] = False,
    write_scenario: Annotated[
        Path | None, typer.Option(help="Write the chosen bases as a scenario TOML here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Choose N collection/distribution centres and overseas warehouses at least total cost."""
    from landsea.scenarios.locate import locate

    network, problem = _problem(sites, candidates, capacity, through_bases)
    report = locate(problem, sites)
    if write_scenario is not None:
        _write(report, network, write_scenario)
    if as_json:
        from landsea.cli.output import print_json

        print_json(_payload(report, problem))
    else:
        _print(report, problem, network)


def _problem(
    sites: int, candidates: Path | None, capacity: float | None, through_bases: bool
) -> tuple[Network, LocationProblem]:
    from landsea.data.demand import baseline_demand
    from landsea.errors import DataError
    from landsea.network.model import corridor_network
    from landsea.scenarios.locate import (
        check_sites,
        default_candidates,
        location_problem,
        read_candidates,
    )

    if sites < 1:  # before any routing: the cheap check first
        raise DataError(f"--sites: must be at least 1, got {sites}")
    network = corridor_network()
    chosen = read_candidates(candidates, network) if candidates else default_candidates(network)
    problem = location_problem(
        network,
        baseline_demand(network.places),
        chosen,
        capacity_teu=capacity,
        through_bases=through_bases,
    )
    check_sites(problem, sites)
    return network, problem


def _write(report: LocationReport, network: Network, path: Path) -> None:
    from landsea.scenarios.locate import bases_scenario

    names = {s: network.place_name(s) for s in report.solution.sites}
    path.parent.mkdir(parents=True, exist_ok=True)
    countries = {s: str(network.places.at[s, "country"]) for s in report.solution.sites}
    text = bases_scenario(report, names, "baseline_2025", countries)
    path.write_text(text, encoding="utf-8")


def _payload(report: LocationReport, problem: LocationProblem) -> dict[str, Any]:
    solution, paper = report.solution, report.paper
    return {
        "sites": solution.sites,
        "served_teu_per_year": solution.served_teu,
        "cost_usd_per_year": solution.cost_usd,
        "no_base_usd_per_year": report.no_base_usd,
        "saved_vs_no_bases_usd": report.no_base_usd - solution.cost_usd,
        "paper": None
        if paper is None
        else {
            "sites": paper.sites,
            "cost_usd_per_year": paper.cost_usd,
            "saved_vs_paper_usd": paper.cost_usd - solution.cost_usd,
        },
        "sensitivity": [
            {"n_sites": n, "cost_usd_per_year": c, "sites": s} for n, c, s in report.sensitivity
        ],
        "solver": {
            "status": solution.status,
            "mip_gap": solution.mip_gap,
            "seconds": solution.seconds,
        },
        "parameters": {
            "candidates": problem.candidates,
            "capacity_teu": problem.capacity_teu,
            "through_bases": problem.through_bases,
            "trunk_factor": report.costs.trunk_factor,
            "handling_usd_per_teu": report.costs.handling_usd_per_teu,
            "dwell_h": report.costs.dwell_h,
            "unrouted_teu_per_year": problem.unrouted_teu,
        },
    }


def _print(report: LocationReport, problem: LocationProblem, network: Network) -> None:
    from rich.table import Table

    from landsea.cli.output import console

    out, solution = console(), report.solution
    name = network.place_name
    table = Table(
        title=f"{len(solution.sites)} bases (HiGHS: {solution.status}, "
        f"gap {solution.mip_gap:.2g}, {solution.seconds:.2f} s)"
    )
    table.add_column("base")
    table.add_column("TEU a year served", justify="right")
    for site in solution.sites:
        table.add_row(name(site), f"{solution.served_teu[site]:,.0f}")
    out.print(table)
    saved = report.no_base_usd - solution.cost_usd
    out.print(
        f"total logistics cost: USD {solution.cost_usd / 1e6:,.1f} M a year; "
        f"saved against no bases: USD {saved / 1e6:,.1f} M "
        f"({saved / report.no_base_usd:.1%})"
    )
    if report.paper is not None:
        paper_m = report.paper.cost_usd / 1e6
        diff_m = paper_m - solution.cost_usd / 1e6
        out.print(
            f"the paper's seven bases: USD {paper_m:,.1f} M a year; "
            f"these {len(solution.sites)} save USD {diff_m:,.1f} M against them"
        )
    out.print("sensitivity to N:")
    for n, cost, sites in report.sensitivity:
        out.print(f"  N={n}: USD {cost / 1e6:,.1f} M  " + ", ".join(name(s) for s in sites))
    if problem.unrouted_teu > 0:
        out.print(f"left out: {problem.unrouted_teu:,.0f} TEU a year with no route")
    out.print(f"[dim]{report.costs.trunk_source}; {report.costs.handling_source}[/]")
