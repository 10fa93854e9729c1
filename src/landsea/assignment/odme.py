"""Matrix estimation from counts (ODME): the prior demand adjusted to observed flows, within bounds.

The standard bounded least-squares form (as AequilibraE's ODME and Visum's TFlowFuzzy): each
demand cell c (origin, destination, commodity) gets a factor x_c on its prior TEU, and

    minimise  sum_k ((M_k(x) - C_k) / sqrt(C_k)) ** 2  +  weight * sum_c (x_c - 1) ** 2
    subject to  1 / max_factor <= x_c <= max_factor,

where C_k is count k (units a day) and M_k(x) = units_per_teu_k * sum_c p_kc * T_c * x_c the
modelled count: p_kc is the share of cell c's TEU that uses count k's edges, read from the
assignment's route sets (link-choice proportions), T_c the prior TEU a day. The first term is
a GEH-like weighted error; the second keeps cells near the prior where the counts say nothing.
The proportions depend on the flows (congestion, route choice), so the estimate is iterated:
assign, read the proportions, solve (scipy.optimize.lsq_linear), assign again. Bounds are
always taken against the prior, so no iteration moves a cell beyond them.

Why each count is weighed in its own unit (vehicles or trains a day), by 1 / sqrt(C_k): the
first term is then the sum of the counts' squared GEH-like errors, the measure the validation
judges a count by (GEH < 5), and a count's weight follows its Poisson-like spread in the unit
counted. It is not neutral across units: a relative shortfall r costs r^2 C_k, so 6 trains a
day weigh little beside 425 trucks, although the trains carry about as many TEU. Weighing in
TEU a day instead (the count's error in the TEU it measures, squared over its TEU; the train
counts' weight 70 times, the trucks' 1-2 times) was tried on the 2023 counts and left out:
it fitted the China-Laos Railway count worse (-25 % against -16 % in units, 4 iterations)
and moved the others by 2 points at most. The weight was not what held that count: weighed
in TEU, the linear step does reach it (6.3 trains north), but the cells that would fill the
trains (Thai fruit to Chongqing, Lao bulk to Kunming) go by road once they grow, since the
Vientiane South gauge-change yard is full, and the proportions cannot see that until the
next assignment.
AequilibraE's ODME ("spiess", "reg_spiess") minimises the plain squared error in each count's
own units, against a squared move from the prior, and leaves the classes' PCE out of it for
now; Visum's TFlowFuzzy gives each count a fluctuation range (its "+/-" attribute), so a count
less trusted has a wider one. The counts' quality grades (A-C) could become such ranges here;
they are not weights yet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import lsq_linear

from landsea.assignment.freight import AssignmentDetail, CorridorAssignment
from landsea.errors import DataError
from landsea.units import DAYS_PER_YEAR

FloatArray = np.ndarray


@dataclass(frozen=True)
class CountTarget:
    """One count as the estimation sees it: the edges it counts and the units per TEU on them."""

    count_id: str
    edges: np.ndarray  # graph edge indices whose TEU a day the count measures
    units_per_teu: float  # vehicles (trains) per TEU on those edges, empties included
    observed_per_day: float


@dataclass(frozen=True)
class OdmeSettings:
    """How far a cell may move and how strongly cells are held to the prior.

    estimate: a factor of 5 either way lets a 2018-19 matrix built from provincial trade
    totals meet counts that differ from it by the factors seen at the borders (Hekou road 2.6,
    Pingxiang rail 1/5), while keeping every cell within an order of magnitude of its derivation;
    a weight of 1 on (x - 1)^2 equals one unit of squared GEH.
    """

    max_factor: float = 5.0
    prior_weight: float = 1.0
    iterations: int = 4

    def __post_init__(self) -> None:
        if not (self.max_factor > 1.0 and self.prior_weight > 0 and self.iterations >= 1):
            raise DataError("ODME needs max_factor > 1, prior_weight > 0 and iterations >= 1")


@dataclass(frozen=True)
class OdmeResult:
    """The estimated demand, how far each cell moved, and the assignment it ends on."""

    demand: pd.DataFrame  # the prior's columns, teu_per_year estimated
    cells: pd.DataFrame  # origin, destination, commodity, prior/estimated TEU a year, factor
    assignment: CorridorAssignment  # the assignment of the estimated demand
    iterations: int

    @property
    def largest_move(self) -> float:
        """The largest factor away from 1 on either side (x or 1/x)."""
        factors = self.cells["factor"].to_numpy()
        return float(np.max(np.maximum(factors, 1.0 / factors))) if factors.size else 1.0


def cell_proportions(
    detail: AssignmentDetail, targets: Sequence[CountTarget], cells: pd.DataFrame
) -> FloatArray:
    """p[k, c]: the share of cell c's TEU on count k's edges, from the route sets' flows."""
    problem = detail.problem
    index = {
        (problem.classes.index(str(r.commodity)), detail.origins.index(str(r.origin)),
         detail.destinations.index(str(r.destination))): i
        for i, r in enumerate(cells.itertuples(index=False))
    }  # fmt: skip
    shares = np.zeros((len(targets), len(cells)))
    for key, routes in detail.route_sets.routes.items():
        column = index.get(key)
        flows = detail.route_sets.flows.get(key)
        if column is None or flows is None or flows.sum() <= 0:
            continue
        total = float(flows.sum())
        for k, target in enumerate(targets):
            crossing = sum(
                float(f) * np.isin(route, target.edges).sum()
                for route, f in zip(routes, flows, strict=True)
            )
            shares[k, column] = crossing / total
    return shares


def solve_factors(
    shares: FloatArray,
    prior_per_day: FloatArray,
    targets: Sequence[CountTarget],
    settings: OdmeSettings,
) -> FloatArray:
    """The factors x minimising the weighted count error plus the pull to the prior, in bounds."""
    observed = np.array([t.observed_per_day for t in targets])
    units = np.array([t.units_per_teu for t in targets])
    scale = 1.0 / np.sqrt(np.maximum(observed, 1.0))
    counts_rows = (scale * units)[:, None] * shares * prior_per_day[None, :]
    prior_rows = np.sqrt(settings.prior_weight) * np.eye(prior_per_day.size)
    matrix = np.vstack([counts_rows, prior_rows])
    target = np.concatenate(
        [scale * observed, np.sqrt(settings.prior_weight) * np.ones(prior_per_day.size)]
    )
    low, high = 1.0 / settings.max_factor, settings.max_factor
    solution = lsq_linear(matrix, target, bounds=(low, high), method="bvls")
    return np.clip(solution.x, low, high)


def estimate_demand(
    prior: pd.DataFrame,
    assign: Callable[[pd.DataFrame], CorridorAssignment],
    targets_of: Callable[[CorridorAssignment], Sequence[CountTarget]],
    settings: OdmeSettings | None = None,
    *,
    first: CorridorAssignment | None = None,
) -> OdmeResult:
    """Adjust `prior` (origin, destination, commodity, teu_per_year) to the counts.

    `assign` assigns a demand table; `targets_of` turns an assignment into the counts to fit
    (the edges of a count may depend on the flows, e.g. the busier direction); `first` is the
    prior's assignment when the caller has it already.

    Raises:
        DataError: no count to estimate on, or settings out of range.
    """
    settings = settings or OdmeSettings()
    cells = prior[prior["teu_per_year"] > 0].reset_index(drop=True)
    prior_per_day = cells["teu_per_year"].to_numpy(np.float64) / DAYS_PER_YEAR
    factors = np.ones(len(cells))
    current = first if first is not None else assign(cells)
    seen: dict[str, list[FloatArray]] = {}
    for _ in range(settings.iterations):
        targets = list(targets_of(current))
        if not targets:
            raise DataError("no count the model produces is left to estimate on")
        if current.detail is None:
            raise DataError("the assignment kept no route sets: ODME needs its proportions")
        shares = cell_proportions(current.detail, targets, cells)
        for k, target in enumerate(targets):
            seen.setdefault(target.count_id, []).append(shares[k])
        # Averaged over the iterations (successive averages): where a full service or a
        # congested gate makes the shares swing with the factors, the estimate settles between.
        averaged = np.array([np.mean(seen[t.count_id], axis=0) for t in targets])
        factors = solve_factors(averaged, prior_per_day, targets, settings)
        current = assign(_scaled(cells, factors))
    return OdmeResult(
        demand=_scaled(cells, factors),
        cells=_moves(cells, factors),
        assignment=current,
        iterations=settings.iterations,
    )


def _scaled(cells: pd.DataFrame, factors: FloatArray) -> pd.DataFrame:
    out = cells.copy()
    out["teu_per_year"] = cells["teu_per_year"].to_numpy(np.float64) * factors
    return out


def _moves(cells: pd.DataFrame, factors: FloatArray) -> pd.DataFrame:
    prior = cells["teu_per_year"].to_numpy(np.float64)
    return pd.DataFrame(
        {
            "origin": cells["origin"].astype(str),
            "destination": cells["destination"].astype(str),
            "commodity": cells["commodity"].astype(str),
            "prior_teu_per_year": prior,
            "estimated_teu_per_year": prior * factors,
            "factor": factors,
        }
    )


def odme_summary(result: OdmeResult) -> dict[str, Any]:
    """How far the matrix moved: cells, how many moved more than 10%, the largest move, totals."""
    cells = result.cells
    moved = (np.abs(cells["factor"] - 1.0) > 0.10).sum()
    return {
        "cells": len(cells),
        "cells_moved_over_10_percent": int(moved),
        "largest_factor_move": result.largest_move,
        "prior_teu_per_year": float(cells["prior_teu_per_year"].sum()),
        "estimated_teu_per_year": float(cells["estimated_teu_per_year"].sum()),
        "iterations": result.iterations,
    }
