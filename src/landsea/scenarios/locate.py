"""Where to put logistics bases: a p-median facility-location MIP on the model's generalized costs.

The paper asks for collection and distribution centres and overseas warehouses in Hanoi, Ho Chi
Minh City, Vientiane, Phnom Penh, Sihanoukville, Bangkok and Yangon. `locate` chooses N bases
among candidate places so that the baseline demand (TEU a year by origin, destination and
commodity) is carried at least total logistics cost, and says what that saves.

The model (a single-allocation hub-location problem in the p-median family):
- a flow goes direct, at the generalized cost of its best route (money + value of time x hours
  + carbon price x CO2, as `landsea route --objective generalized`), or
- through one open base j: the trunk origin -> j is consolidated (full trains, trucks, ships),
  so its generalized cost is multiplied by `trunk_factor`; the base handles the box (a cost and
  a dwell valued at the commodity's value of time); then j -> destination at its full cost.
- exactly N bases open; with `capacity`, a base handles at most that many TEU a year; with
  `through_bases`, every flow must pass a base (the classic p-median: no direct shipping).

It is solved to proven optimality with HiGHS (highspy). "Cost saved" is against no bases (every
flow direct) and against the paper's seven cities as the bases.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from landsea.errors import DataError, Location, NoRouteError, UnknownPlaceError
from landsea.network.graph import GraphOptions
from landsea.network.model import Network
from landsea.network.names import resolve_place
from landsea.routing.kernels import shortest_trees
from landsea.scenarios._location_mip import BaseCosts, LocationProblem, LocationSolution, solve_mip

PAPER_SITES = ("VNHAN", "VNSGN", "LAVTE", "KHPNH", "KHKOS", "THBKK", "MMRGN")
PAPER_SOURCE = "source: paper (logistics bases abroad: Hanoi, Ho Chi Minh City, Vientiane, "
PAPER_SOURCE += "Phnom Penh, Sihanoukville, Bangkok, Yangon)"


def read_candidates(path: str | Path, network: Network) -> list[str]:
    """Candidate places from a file, one name, alias or id a line (`#` starts a comment).

    Raises:
        DataError: a missing file, an empty list, or a line that names no place (with the
            closest names), located as file:row:place.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise DataError(f"cannot read candidates: {err.strerror}", Location(str(path))) from err
    found: list[str] = []
    for row, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        try:
            place = resolve_place(network, text)
        except UnknownPlaceError as err:
            raise DataError(str(err), Location(str(path), row, "place")) from err
        if place not in found:
            found.append(place)
    if not found:
        raise DataError("no candidate places in the file", Location(str(path)))
    return found


def default_candidates(network: Network) -> list[str]:
    """The paper's seven cities, then the corridor's dry ports (places.csv kind = dry_port)."""
    dry = network.places.index[network.places["kind"] == "dry_port"].astype(str).tolist()
    return [*PAPER_SITES, *(p for p in dry if p not in PAPER_SITES)]


def location_problem(
    network: Network,
    demand: pd.DataFrame,
    candidates: Sequence[str],
    *,
    capacity_teu: float | None = None,
    through_bases: bool = False,
    costs: BaseCosts | None = None,
    options: GraphOptions | None = None,
) -> LocationProblem:
    """The cost of each flow direct and through each candidate, from shortest-path trees.

    Raises:
        DataError: a capacity that is not positive.
    """
    if capacity_teu is not None and not capacity_teu > 0:
        raise DataError(f"--capacity: must be a positive TEU a year, got {capacity_teu}")
    costs = costs or BaseCosts()
    graph = network.graph(options or GraphOptions())
    flows = demand.groupby(["origin", "destination", "commodity"], as_index=False, sort=True)[
        "teu_per_year"
    ].sum()
    flows = flows[flows["teu_per_year"] > 0].reset_index(drop=True)
    sources = sorted(set(flows["origin"]) | set(candidates))
    sinks = sorted(set(flows["destination"]) | set(candidates))
    row = {p: i for i, p in enumerate(sources)}
    col = {p: i for i, p in enumerate(sinks)}
    src_nodes = np.array([graph.origin_node(p) for p in sources])
    dst_nodes = np.array([graph.destination_node(p) for p in sinks])
    direct = np.empty(len(flows))
    via = np.empty((len(flows), len(candidates)))
    cand_rows = np.array([row[j] for j in candidates])
    cand_cols = np.array([col[j] for j in candidates])
    for commodity, group in flows.groupby("commodity"):
        weights = graph.generalized_cost_usd(str(commodity))
        dist, _ = shortest_trees(graph.indptr, graph.head, weights, src_nodes)
        per_teu = dist[:, dst_nodes]  # [sources, sinks] USD per TEU
        vot = graph.value_of_time[str(commodity)]
        handling = costs.handling_usd_per_teu + vot * costs.dwell_h
        o = np.array([row[p] for p in group["origin"]])
        d = np.array([col[p] for p in group["destination"]])
        teu = group["teu_per_year"].to_numpy()
        idx = group.index.to_numpy()
        direct[idx] = teu * per_teu[o, d]
        trunk = per_teu[o[:, None], cand_cols[None, :]]
        last = per_teu[cand_rows[None, :], d[:, None]]
        via[idx] = teu[:, None] * (costs.trunk_factor * trunk + handling + last)
    routed = np.isfinite(direct)
    return LocationProblem(
        candidates=list(candidates),
        flows=flows[routed].reset_index(drop=True),
        direct_usd=direct[routed],
        via_usd=via[routed],
        capacity_teu=capacity_teu,
        through_bases=through_bases,
        costs=costs,
        unrouted_teu=float(flows.loc[~routed, "teu_per_year"].sum()),
    )


def check_sites(problem: LocationProblem, n_sites: int) -> None:
    """Raise DataError (exit 2) naming `--sites` when N is not 1..len(candidates), and say why
    a capacitated problem with every flow through a base cannot be feasible."""
    if n_sites < 1:
        raise DataError(f"--sites: must be at least 1, got {n_sites}")
    if n_sites > len(problem.candidates):
        raise DataError(
            f"--sites: {n_sites} sites but only {len(problem.candidates)} candidates "
            f"({', '.join(problem.candidates)})"
        )
    if not problem.through_bases:
        return
    stuck = ~np.isfinite(problem.via_usd).any(axis=1)
    if stuck.any():
        first = problem.flows.loc[np.flatnonzero(stuck)[0]]
        raise NoRouteError(
            f"infeasible: {int(stuck.sum())} flows reach no candidate base, e.g. "
            f"{first['origin']} -> {first['destination']} ({first['commodity']})"
        )
    total = float(problem.flows["teu_per_year"].sum())
    if problem.capacity_teu is not None and n_sites * problem.capacity_teu < total:
        raise DataError(
            f"infeasible: {n_sites} bases of {problem.capacity_teu:,.0f} TEU a year hold "
            f"{n_sites * problem.capacity_teu:,.0f} TEU, but all {total:,.0f} TEU a year must "
            "pass a base (--through-bases); raise --sites or --capacity"
        )


def no_base_cost(problem: LocationProblem) -> float:
    """Total cost a year with every flow direct (inf if some flow has no route)."""
    return float(problem.direct_usd.sum())


def solve(
    problem: LocationProblem, n_sites: int, *, fixed: Sequence[str] | None = None
) -> LocationSolution:
    """Open exactly `n_sites` bases at least total cost (or exactly the `fixed` ones).

    Raises:
        DataError: bad N, or a problem HiGHS proves infeasible (with the reason known).
    """
    check_sites(problem, n_sites)
    return solve_mip(problem, n_sites, fixed)


def evaluate(problem: LocationProblem, sites: Sequence[str]) -> float:
    """Total cost a year with exactly these bases open and no capacity limit: each flow takes
    its cheapest way (the independent check the MIP is tested against)."""
    cols = [problem.candidates.index(s) for s in sites]
    via = problem.via_usd[:, cols].min(axis=1)
    if problem.through_bases:
        return float(via.sum())
    return float(np.minimum(problem.direct_usd, via).sum())


@dataclass(frozen=True)
class LocationReport:
    """One `landsea locate` answer: the solution, the references and the sensitivity to N."""

    solution: LocationSolution
    no_base_usd: float
    paper: LocationSolution | None
    sensitivity: list[tuple[int, float, list[str]]]
    costs: BaseCosts = field(default_factory=BaseCosts)


def locate(problem: LocationProblem, n_sites: int, sensitivity_to: int = 8) -> LocationReport:
    """Solve for N, for the paper's list (when all seven are candidates) and for N = 1..max."""
    solution = solve(problem, n_sites)
    paper = None
    if all(site in problem.candidates for site in PAPER_SITES):
        paper = solve(problem, len(PAPER_SITES), fixed=PAPER_SITES)
    top = min(len(problem.candidates), max(sensitivity_to, n_sites))
    sensitivity = []
    for n in range(1, top + 1):
        found = solution if n == n_sites else solve(problem, n)
        sensitivity.append((n, found.cost_usd, found.sites))
    return LocationReport(solution, no_base_cost(problem), paper, sensitivity, problem.costs)


BASE_CAPEX_MUSD = (15.0, 30.0, 57.0)  # a base: low, mode, high (as backhaul_balance.toml)
BASE_CAPEX_SOURCE = (
    "estimate: USD 30 M a collection and distribution centre (warehouse, yard, handling "
    "equipment), as in backhaul_balance; low -50 %, high +90 %"
)


def bases_scenario(
    report: LocationReport,
    names: dict[str, str],
    extends: str,
    countries: dict[str, str] | None = None,
) -> str:
    """The chosen bases as a scenario file (TOML) extending `extends`, runnable and appraisable.

    The engine has no consolidation through a base; the bases act through its return-cargo
    lever (`backhaul_incentive`: a base finds return cargo for the pairs touching its
    country, 20-80 % of each imbalance), and a `[project]` table prices them, so
    `landsea appraise` can weigh them. The locate figures are in the description.
    """
    solution = report.solution
    lines = [f"{names[s]} ({s}): {solution.served_teu[s]:,.0f} TEU a year" for s in solution.sites]
    saved = report.no_base_usd - solution.cost_usd
    description = (
        f"Logistics bases chosen by landsea locate (p-median, HiGHS {solution.status}): "
        + "; ".join(lines)
        + f". Saves USD {saved:,.0f} a year against no bases."
    )
    slug = "bases_" + "_".join(s.lower() for s in solution.sites)
    title = "Logistics bases at " + ", ".join(names[s] for s in solution.sites)
    head = (
        f"name = {json.dumps(slug)}\ntitle = {json.dumps(title)}\n"
        f"description = {json.dumps(description)}\nextends = {json.dumps(extends)}\n"
    )
    if countries is None:
        return head
    partners = sorted({countries[s] for s in solution.sites})
    n = len(solution.sites)
    low, mode, high = (n * x for x in BASE_CAPEX_MUSD)
    return head + (
        "\n# The bases find return cargo for the pairs touching their countries.\n"
        f'[[levers]]\nlever = "backhaul_incentive"\npartners = {json.dumps(partners)}\n'
        'share = { dist = "triangular", low = 0.2, mode = 0.5, high = 0.8 }\n\n'
        "[project]\nstart_year = 2026\nconstruction_years = 3\nhorizon_years = 23\n"
        "ramp_up_years = 3\nlife_years = 30\n\n"
        f'[project.capex]\nmusd = {{ dist = "triangular", low = {low:g}, mode = {mode:g}, '
        f"high = {high:g} }}\nsource = {json.dumps(BASE_CAPEX_SOURCE)}\n\n"
        f"[project.opex]\nmusd_per_year = {0.05 * mode:g}\n"
        'source = "estimate: running the bases, about 5 % of their capital cost a year"\n'
    )
