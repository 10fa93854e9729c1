"""Key figures of a run, each with its unit in its name.

- `od`: per origin-destination pair with demand: TEU a year, door-to-door time (flow-weighted
  mean over the routes used, h) and its P90 (the 90th percentile of the mixture of the routes'
  normal time distributions, h), money cost (USD/TEU, carbon charge excluded) and CO2 (kg/TEU).
- `flows`: the same per commodity and pair, with the commodity's value of time (USD/TEU-h):
  what an appraisal values time, reliability and charges with (`appraisal.py`).
- `modes`: TEU and TEU-km a year and their shares by main mode.
- `crossings`: loads against designed and observed capacity, the regime in force, and from the
  simulation: dwell mean, P50, P90, P99 (h) and the backlog left waiting at gate closing
  (units: vehicles, trains or vessels).
- `totals`: TEU, TEU-km, CO2 (t), and the total logistics cost a year (USD): charges (transport,
  handling, crossing fees) + carbon charge + the goods' time (value of time x hours) + empty
  repositioning; the empty-backhaul share (empty TEU over loaded TEU).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, special

from landsea.assignment.choice import route_sums
from landsea.assignment.freight import CorridorAssignment
from landsea.scenarios.edits import Setup
from landsea.simulation.crossing import CrossingRun
from landsea.units import DAYS_PER_YEAR

OD_COLUMNS = [
    "origin",
    "origin_name",
    "destination",
    "destination_name",
    "teu_per_year",
    "time_h",
    "time_p90_h",
    "cost_usd_per_teu",
    "co2_kg_per_teu",
]


def _mixture_quantile(means: np.ndarray, sds: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The q-quantile of a weighted mixture of normals (routes of one pair)."""
    sds = np.maximum(sds, 1e-6)
    weights = weights / weights.sum()
    low, high = float(np.min(means - 6 * sds)), float(np.max(means + 6 * sds))

    def gap(x: float) -> float:
        # special.ndtr is what stats.norm.cdf computes for a standard normal, the same
        # numbers without its argument checks (most of a sweep sample's KPI time)
        return float(np.sum(weights * special.ndtr((x - means) / sds))) - q

    return float(optimize.brentq(gap, low, high, xtol=1e-4))


def _routes(assignment: CorridorAssignment) -> pd.DataFrame:
    """One row per route with flow: class, pair, TEU/day, time, variance, money, CO2, charges."""
    detail = assignment.detail
    assert detail is not None, "the corridor assignment keeps its detail for scenario KPIs"
    graph, problem = detail.graph, detail.problem
    money = problem.money_usd  # charges plus carbon charge, per TEU
    columns = [
        "commodity",
        "origin",
        "destination",
        "teu_per_day",
        "time_h",
        "var_h2",
        "cost_usd",
        "money_usd",
        "co2_kg",
        "vot_usd_per_h",
    ]
    keys: list[tuple[int, int, int]] = []
    used: list[np.ndarray] = []
    teu: list[float] = []
    for (c, o, d), routes in detail.route_sets.routes.items():
        for route, teu_day in zip(routes, detail.route_sets.flows[(c, o, d)], strict=True):
            if teu_day <= 1e-9:
                continue
            keys.append((c, o, d))
            used.append(route)
            teu.append(float(teu_day))
    if not keys:
        return pd.DataFrame([], columns=columns)
    # each route's five sums over its edges in one kernel call (a sweep sample has hundreds of
    # routes: issue 9 performance), the same floats as numpy's sum of each
    figures = np.stack([detail.edge_time_h, graph.time_var_h2, graph.cost_usd, money, graph.co2_kg])
    sums = route_sums(figures, used).T.tolist()

    def summed(index: int) -> list[float]:
        return sums[index]

    classes = [c for c, _, _ in keys]
    return pd.DataFrame(
        {
            "commodity": [problem.classes[c] for c in classes],
            "origin": [detail.origins[o] for _, o, _ in keys],
            "destination": [detail.destinations[d] for _, _, d in keys],
            "teu_per_day": teu,
            "time_h": summed(0),
            "var_h2": summed(1),
            "cost_usd": summed(2),
            "money_usd": summed(3),
            "co2_kg": summed(4),
            "vot_usd_per_h": [float(problem.value_of_time[c]) for c in classes],
        },
        columns=columns,
    )


def od_table(routes: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    records = []
    names = places["name"].astype(str).to_dict()
    weight = routes["teu_per_day"].to_numpy()
    time_h = routes["time_h"].to_numpy()
    sd_h = np.sqrt(routes["var_h2"].to_numpy())
    cost, co2 = routes["cost_usd"].to_numpy(), routes["co2_kg"].to_numpy()
    # the pairs in sorted order, each pair's routes in table order: what groupby(sort=True)
    # gives, with arrays instead of a DataFrame a pair (issue 9 performance; same numbers)
    for (o, d), rows in _pairs(routes):
        w = weight[rows]
        mean = time_h[rows]
        records.append(
            {
                "origin": o,
                "origin_name": names[o],
                "destination": d,
                "destination_name": names[d],
                "teu_per_year": float(w.sum()) * DAYS_PER_YEAR,
                "time_h": float(np.average(mean, weights=w)),
                "time_p90_h": _mixture_quantile(mean, sd_h[rows], w, 0.9),
                "cost_usd_per_teu": float(np.average(cost[rows], weights=w)),
                "co2_kg_per_teu": float(np.average(co2[rows], weights=w)),
            }
        )
    return pd.DataFrame(records, columns=OD_COLUMNS)


def _pairs(routes: pd.DataFrame) -> list[tuple[tuple[str, str], np.ndarray]]:
    """(origin, destination) in sorted order with the positions of its rows, in table order."""
    origin = routes["origin"].to_numpy(dtype=object)
    destination = routes["destination"].to_numpy(dtype=object)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(origin, destination, strict=True)):
        groups.setdefault(key, []).append(i)
    return [(key, np.asarray(groups[key], dtype=np.int64)) for key in sorted(groups)]


FLOW_COLUMNS = [
    "commodity",
    "origin",
    "destination",
    "teu_per_year",
    "time_h",
    "time_p90_h",
    "cost_usd_per_teu",
    "co2_kg_per_teu",
    "vot_usd_per_h",
]


def flow_table(routes: pd.DataFrame) -> pd.DataFrame:
    """Per commodity and pair: TEU a year, mean and P90 time, charges, CO2, value of time."""
    records = []
    for (c, o, d), group in routes.groupby(["commodity", "origin", "destination"], sort=True):
        w = group["teu_per_day"].to_numpy()
        mean = group["time_h"].to_numpy()
        sd = np.sqrt(group["var_h2"].to_numpy())
        records.append(
            (
                c,
                o,
                d,
                float(w.sum()) * DAYS_PER_YEAR,
                float(np.average(mean, weights=w)),
                _mixture_quantile(mean, sd, w, 0.9),
                float(np.average(group["cost_usd"], weights=w)),
                float(np.average(group["co2_kg"], weights=w)),
                float(group["vot_usd_per_h"].iloc[0]),
            )
        )
    return pd.DataFrame(records, columns=FLOW_COLUMNS)


def crossing_table(
    setup: Setup,
    assignment: CorridorAssignment,
    runs: dict[str, CrossingRun],
    excess: dict[str, float],
    dwell: dict[str, dict[str, float]] | None = None,
) -> pd.DataFrame:
    """Per crossing: loads, capacities, regime, delay; dwell from its run, or from `dwell`
    for a crossing without one (the sweep's surrogate)."""
    dwell = dwell or {}
    loads = assignment.crossings.set_index("crossing_id")
    records = []
    for cid, row in loads.iterrows():
        spec = setup.specs.get(str(cid))
        run = runs.get(str(cid))
        record = {
            "crossing_id": str(cid),
            "name": str(setup.network.crossings.at[cid, "name"]),
            "mode": row["mode"],
            "unit": row["unit"],
            "regime": setup.options.regime_at(str(cid)),
            "closed": str(cid) in setup.options.avoid_crossings,
            "teu_per_day_a_to_b": row["teu_per_day_a_to_b"],
            "teu_per_day_b_to_a": row["teu_per_day_b_to_a"],
            "trips_per_day": row["trips_per_day"],
            "designed_per_day": row["designed_per_day"],
            "observed_per_day": row["observed_per_day_high"],
            "simulated_capacity_per_day": spec.capacity_per_day if spec else np.nan,
            "utilisation_designed": row["utilisation_designed"],
            "utilisation_observed": row["utilisation_observed"],
            "normal_dwell_h": spec.process[setup.options.regime_at(str(cid))].mean_h
            if spec
            else np.nan,
            "delay_h": excess.get(str(cid), 0.0),
        }
        known = dwell.get(str(cid))
        record.update(known if known is not None and run is None else dwell_figures(run))
        records.append(record)
    return pd.DataFrame(records)


DWELL_KEYS = (
    "dwell_mean_h",
    "dwell_p50_h",
    "dwell_p90_h",
    "dwell_p99_h",
    "backlog_mean",
    "backlog_max",
)


def dwell_figures(run: CrossingRun | None) -> dict[str, float]:
    """A crossing run's dwell figures (DWELL_KEYS; backlog in units); nan without a run."""
    if run is None:
        return dict.fromkeys(DWELL_KEYS, np.nan)
    summary = run.summary
    waiting = run.daily["left_waiting"].to_numpy()[run.warmup_days :]
    return {
        "dwell_mean_h": summary.dwell_mean_h,
        "dwell_p50_h": summary.dwell_p50_h,
        "dwell_p90_h": summary.dwell_p90_h,
        "dwell_p99_h": summary.dwell_p99_h,
        "backlog_mean": float(waiting.mean()) if waiting.size else 0.0,
        "backlog_max": float(waiting.max()) if waiting.size else 0.0,
    }


def totals(routes: pd.DataFrame, assignment: CorridorAssignment) -> dict[str, float]:
    year = routes["teu_per_day"] * DAYS_PER_YEAR
    charges = float((year * routes["cost_usd"]).sum())
    carbon = float((year * (routes["money_usd"] - routes["cost_usd"])).sum())
    time_cost = float((year * routes["time_h"] * routes["vot_usd_per_h"]).sum())
    empties = float(assignment.backhaul["empty_cost_usd_per_year"].fillna(0).sum())
    loaded = float(year.sum())
    empty_teu = float(assignment.backhaul["empty_teu_per_year"].sum())
    shares = assignment.shares_total
    return {
        "teu_per_year": loaded,
        "teu_km_per_year": float(shares["teu_km_per_year"].sum()),
        "co2_t_per_year": float((year * routes["co2_kg"]).sum()) / 1000.0,
        "charges_usd_per_year": charges,
        "carbon_charge_usd_per_year": carbon,
        "time_cost_usd_per_year": time_cost,
        "empty_repositioning_usd_per_year": empties,
        "total_logistics_cost_usd_per_year": charges + carbon + time_cost + empties,
        "empty_backhaul_share": empty_teu / loaded if loaded > 0 else 0.0,
        "unreachable_teu_per_year": float(assignment.unreachable["teu_per_year"].sum()),
    }


def mode_table(assignment: CorridorAssignment) -> pd.DataFrame:
    columns = ["mode", "teu_per_year", "teu_km_per_year", "share_teu", "share_teu_km"]
    return assignment.shares_total[columns].reset_index(drop=True)
