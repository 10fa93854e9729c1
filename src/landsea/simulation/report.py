"""Results as plain dictionaries: the stable JSON of `landsea simulate crossing | yard --json`.

Field names carry their units; docs/simulation.md lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landsea.simulation.arrivals import SeasonalPeak
from landsea.simulation.crossing import CrossingRun
from landsea.simulation.yard import YardRun

YARD_RESOURCES: tuple[str, ...] = (
    "tracks",
    "cranes",
    "lift_h",
    "setup_h",
    "inbound_teu",
    "outbound_per_day",
    "outbound_teu",
    "first_departure_h",
    "source",
)


def clock(hours: float) -> str:
    """19.5 -> "19:30"."""
    whole = int(hours)
    return f"{whole:02d}:{round((hours - whole) * 60):02d}"


def _peak(peak: SeasonalPeak | None, directions: tuple[str, ...]) -> dict[str, Any] | None:
    if peak is None:
        return None
    return {
        "day": peak.day,
        "half_width_days": peak.half_width_days,
        "factor": peak.factor,
        "extra_red_share": peak.extra_red_share,
        "directions": list(directions),
    }


def _late_rule(run: CrossingRun) -> dict[str, Any] | None:
    if run.plan.late_closes_h is None:
        return None
    return {
        "closes": clock(run.plan.late_closes_h),
        "at_queue": run.plan.late_at_queue,
        "days_open_late": int(run.daily["open_late"].sum()),
    }


def crossing_report(
    run: CrossingRun, regimes: Mapping[str, CrossingRun] | None = None
) -> dict[str, Any]:
    """One run in full, and the summaries of other regimes run on the same arrivals."""
    spec, hours = run.plan.spec, run.plan.hours
    report: dict[str, Any] = {
        "crossing_id": spec.crossing_id,
        "name": spec.name,
        "mode": spec.mode,
        "capacity_unit": spec.capacity_unit,
        "capacity_per_day": spec.capacity_per_day,
        "capacity_basis": spec.capacity_basis,
        "designed_per_day": spec.designed_per_day,
        "bottleneck_capacity_per_day": 2.0 * run.plan.capacity_per_direction,
        "hours": {"opens": clock(hours.opens_h), "closes": clock(hours.closes_h)},
        "late_rule": _late_rule(run),
        "regime": run.plan.regime,
        "days": run.days,
        "warmup_days": run.warmup_days,
        "seed": run.seed,
        "arrivals_per_day": run.scenario.arrivals_per_day,
        "share_a_to_b": run.scenario.share_a_to_b,
        "peak": _peak(run.scenario.peak, run.scenario.peak_directions),
        "summary": run.summary.to_dict(),
        "directions": {name: one.to_dict() for name, one in run.by_direction().items()},
        "stages": run.stages.to_dict(orient="records"),
        "daily": run.daily.to_dict(orient="records"),
    }
    if regimes:
        report["regimes"] = {name: other.summary.to_dict() for name, other in regimes.items()}
    return report


def yard_report(
    place_id: str, inbound_mode: str, outbound_mode: str, normal_time_h: float, run: YardRun
) -> dict[str, Any]:
    spec = run.spec
    return {
        "place_id": place_id,
        "name": spec.name,
        "inbound_mode": inbound_mode,
        "outbound_mode": outbound_mode,
        "dataset_transfer_time_h": normal_time_h,
        "arrivals_per_day": run.trains_per_day,
        "days": run.days,
        "warmup_days": run.warmup_days,
        "seed": run.seed,
        "resources": {name: getattr(spec, name) for name in YARD_RESOURCES},
        "summary": run.summary,
        "daily": run.daily.to_dict(orient="records"),
    }
