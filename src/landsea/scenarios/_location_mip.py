"""The facility-location MIP of `locate` and its records (problem, costs, solution).

Built as sparse columns and rows and solved by HiGHS.

Variables: x_j (base j open, binary), y_kj (share of flow k through base j, in [0, 1]; only
where the base is cheaper than direct, or every finite pair with `through_bases`), z_k (share of
flow k direct, absent with `through_bases`). Rows: z_k + sum_j y_kj = 1; y_kj <= x_j (the strong
linking, so the LP bound is tight); sum_j x_j = N; with a capacity, sum_k teu_k y_kj <= cap x_j.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd

from landsea.errors import DataError

_INF = highspy.kHighsInf


@dataclass(frozen=True)
class BaseCosts:
    """What passing a base costs and saves, each figure with its source."""

    trunk_factor: float = 0.8
    trunk_source: str = (
        "estimate: consolidation into full loads cuts the trunk's generalized cost by 20% "
        "(hub-location models, O'Kelly 1987, use inter-hub discounts of 0.2-0.9)"
    )
    handling_usd_per_teu: float = 60.0
    dwell_h: float = 12.0
    handling_source: str = (
        "estimate: a base handles a box as a rail-road terminal does (transfers.csv: 12 h and "
        "USD 60 per TEU, fact sheet §4)"
    )


@dataclass(frozen=True)
class LocationProblem:
    """Flows, candidate sites and the generalized costs (USD a year) of each way to carry them."""

    candidates: list[str]
    flows: pd.DataFrame  # origin, destination, commodity, teu_per_year
    direct_usd: np.ndarray  # [K] a year, every flow direct
    via_usd: np.ndarray  # [K, J] a year through candidate j (inf where unreachable)
    capacity_teu: float | None = None
    through_bases: bool = False
    costs: BaseCosts = field(default_factory=BaseCosts)
    unrouted_teu: float = 0.0  # demand with no route at all, left out (said in the report)


@dataclass(frozen=True)
class LocationSolution:
    """The chosen bases, what each serves, the total cost and how the solver ended."""

    sites: list[str]
    served_teu: dict[str, float]
    cost_usd: float
    status: str
    mip_gap: float
    seconds: float


class _Model:
    """Columns and rows as they are added, in HiGHS's sparse (start, index, value) form."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[float, float, list[int], list[float]]] = []

    def column(self, cost: float, lower: float = 0.0, upper: float = 1.0) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, index: list[int], value: list[float]) -> None:
        self.rows.append((lower, upper, index, value))


def _pairs(problem: LocationProblem) -> list[tuple[int, int]]:
    via, direct = problem.via_usd, problem.direct_usd
    useful = np.isfinite(via)
    if not problem.through_bases:
        useful &= via < direct[:, None]
    return [(int(k), int(j)) for k, j in zip(*np.nonzero(useful), strict=True)]


def _build(
    problem: LocationProblem, n_sites: int, fixed: Sequence[str] | None
) -> tuple[_Model, list[int], dict[tuple[int, int], int]]:
    model = _Model()
    open_cols = []
    for site in problem.candidates:
        chosen = fixed is None or site in fixed
        open_cols.append(model.column(0.0, 0.0, 1.0 if chosen else 0.0))
    if fixed is not None:
        for site, col in zip(problem.candidates, open_cols, strict=True):
            model.lower[col] = 1.0 if site in fixed else 0.0
    via_cols = {(k, j): model.column(float(problem.via_usd[k, j])) for k, j in _pairs(problem)}
    by_flow: dict[int, list[int]] = {}
    by_site: dict[int, list[tuple[int, int]]] = {}
    for (k, j), col in via_cols.items():
        by_flow.setdefault(k, []).append(col)
        by_site.setdefault(j, []).append((k, col))
        model.row(-_INF, 0.0, [col, open_cols[j]], [1.0, -1.0])
    for k in range(len(problem.flows)):
        cols = by_flow.get(k, [])
        if not problem.through_bases:
            cols = [*cols, model.column(float(problem.direct_usd[k]))]
        model.row(1.0, 1.0, cols, [1.0] * len(cols))
    model.row(n_sites, n_sites, open_cols, [1.0] * len(open_cols))
    if problem.capacity_teu is not None:
        teu = problem.flows["teu_per_year"].to_numpy()
        for j, members in by_site.items():
            index = [col for _, col in members] + [open_cols[j]]
            value = [float(teu[k]) for k, _ in members] + [-problem.capacity_teu]
            model.row(-_INF, 0.0, index, value)
    return model, open_cols, via_cols


def _quiet_highs() -> highspy.Highs:
    """A Highs instance without its start-up banner, which the C++ constructor writes straight
    to file descriptor 1 (before any option can say otherwise) and would break `--json`."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _highs(model: _Model, integer: list[int]) -> highspy.Highs:
    h = _quiet_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    n = len(model.cost)
    h.addVars(n, np.array(model.lower), np.array(model.upper))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(model.cost))
    for lower, upper, index, value in model.rows:
        h.addRow(lower, upper, len(index), np.array(index, dtype=np.int32), np.array(value))
    kinds = np.full(len(integer), highspy.HighsVarType.kInteger)
    h.changeColsIntegrality(len(integer), np.array(integer, dtype=np.int32), kinds)
    return h


def solve_mip(
    problem: LocationProblem, n_sites: int, fixed: Sequence[str] | None
) -> LocationSolution:
    """Solve to proven optimality (relative gap 0); raise DataError when HiGHS proves it
    infeasible or stops without an optimum."""
    model, open_cols, via_cols = _build(problem, n_sites, fixed)
    h = _highs(model, open_cols)
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        raise DataError(
            f"infeasible: no choice of {n_sites} bases carries every flow within the "
            f"capacity of {problem.capacity_teu} TEU a year per base"
        )
    if status != highspy.HighsModelStatus.kOptimal:
        raise DataError(
            f"the location MIP stopped without an optimum: {h.modelStatusToString(status)}"
        )
    values = np.asarray(h.getSolution().col_value)
    info = h.getInfo()
    sites = [s for s, col in zip(problem.candidates, open_cols, strict=True) if values[col] > 0.5]
    teu = problem.flows["teu_per_year"].to_numpy()
    served = dict.fromkeys(sites, 0.0)
    for (k, j), col in via_cols.items():
        if values[col] > 1e-9:
            served[problem.candidates[j]] += float(teu[k] * values[col])
    return LocationSolution(
        sites=sites,
        served_teu=served,
        cost_usd=float(info.objective_function_value),
        status="optimal",
        mip_gap=float(info.mip_gap),
        seconds=seconds,
    )
