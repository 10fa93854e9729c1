"""A crossing through a day: the simulated queue by hour of day and the dwell per regime.

The run is `landsea simulate crossing NAME --compare` (`run_crossing_study`): every regime on
the same arrivals. The page shows the queue averaged by hour of day over the kept days, the gate
hours to shade behind it, and each regime's dwell as a histogram with its percentiles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from landsea.network import Network
    from landsea.simulation.crossing import CrossingRun

DWELL_BINS = 24  # histogram bars per regime, over 0 .. the highest P99 of the regimes
MAX_DAYS = 120  # longer studies belong to the CLI (seconds on the page, minutes past this)


def crossing_list(network: Network) -> list[dict[str, Any]]:
    """Every crossing the simulation knows: id, name, mode, countries, gate hours."""
    from landsea.simulation.dataset_crossings import corridor_crossings

    specs = corridor_crossings().specs
    crossings = network.crossings
    return [
        {
            "crossing_id": cid,
            "name": str(crossings.at[cid, "name"]) if cid in crossings.index else cid,
            "mode": str(crossings.at[cid, "mode"]) if cid in crossings.index else "",
        }
        for cid in sorted(specs)
    ]


def crossing_day(crossing: str, regime: str, days: int, seed: int) -> dict[str, Any]:
    """Queue by hour of day (chosen regime) and dwell histograms of every regime.

    Raises:
        UnknownCrossingError: `crossing` names no crossing, or several.
        SimulationError: an unknown regime or days out of range.
    """
    from landsea.errors import SimulationError
    from landsea.scenarios.crossing_study import CrossingStudy, run_crossing_study

    if not 7 <= days <= MAX_DAYS:
        raise SimulationError(f"days {days}: the dashboard simulates 7 to {MAX_DAYS} days")
    result = run_crossing_study(
        CrossingStudy(crossing, days=days, regime=regime, seed=seed, compare=True)
    )
    report = result.to_dict()
    runs = result.compared or {regime: result.run}
    return {
        "crossing_id": report["crossing_id"],
        "name": report["name"],
        "mode": report["mode"],
        "capacity_unit": report["capacity_unit"],
        "hours": report["hours"],
        "gate_hours": _gate_hours(report["hours"]),
        "regime": report["regime"],
        "days": report["days"],
        "warmup_days": report["warmup_days"],
        "seed": report["seed"],
        "queue_by_hour": queue_by_hour(result.run),
        "dwell": dwell_histograms(runs),
        "summary": {name: _summary(run) for name, run in runs.items()},
    }


def queue_by_hour(run: CrossingRun) -> list[dict[str, float]]:
    """Mean vehicles waiting and in the system at each hour of day, warm-up left out."""
    hourly = run.hourly[run.hourly["time_h"] >= run.warmup_days * 24.0]
    hour = (hourly["time_h"] // 1 % 24).astype(int)
    means = hourly.groupby(hour)[["waiting", "in_system"]].mean().reindex(range(24), fill_value=0.0)
    return [
        {"hour": h, "waiting": round(float(w), 1), "in_system": round(float(n), 1)}
        for h, w, n in zip(range(24), means["waiting"], means["in_system"], strict=True)
    ]


def dwell_histograms(runs: dict[str, CrossingRun]) -> dict[str, Any]:
    """Each regime's dwell as shares of vehicles in common bins (hours)."""
    top = max(
        float(np.percentile(run.dwell_h(), 99)) for run in runs.values() if run.dwell_h().size
    )
    edges = np.linspace(0.0, max(top, 1.0), DWELL_BINS + 1)
    shares = {}
    for name, run in runs.items():
        counts, _ = np.histogram(np.minimum(run.dwell_h(), edges[-1]), bins=edges)
        shares[name] = [round(float(c) / max(1, counts.sum()), 4) for c in counts]
    return {"edges_h": [round(float(e), 2) for e in edges], "shares": shares}


def _summary(run: CrossingRun) -> dict[str, float]:
    s = run.summary
    return {
        "vehicles": int(run.dwell_h().size),
        "dwell_mean_h": round(float(s.dwell_mean_h), 2),
        "dwell_p50_h": round(float(s.dwell_p50_h), 2),
        "dwell_p90_h": round(float(s.dwell_p90_h), 2),
        "dwell_p99_h": round(float(s.dwell_p99_h), 2),
    }


def _gate_hours(hours: dict[str, Any] | None) -> list[list[float]]:
    """Open intervals within a day as [from_h, to_h] pairs (a night opening gives two)."""
    if not hours or not hours.get("opens") or not hours.get("closes"):
        return [[0.0, 24.0]]
    opens, closes = _hour(hours["opens"]), _hour(hours["closes"])
    if opens == closes:
        return [[0.0, 24.0]]
    return [[opens, closes]] if opens < closes else [[0.0, closes], [opens, 24.0]]


def _hour(text: str) -> float:
    h, _, m = str(text).partition(":")
    return int(h) + int(m or 0) / 60.0
