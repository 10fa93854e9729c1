"""Results as plain dictionaries: the stable JSON of `landsea simulate crossing | yard --json`.

Field names carry their units; docs/simulation.md lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from landsea.errors import DataError, Location
from landsea.simulation.arrivals import SeasonalPeak
from landsea.simulation.crossing import CrossingRun
from landsea.simulation.yard_model import YardRun

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
        "service_scale": spec.service_scale,
        "hours": {"opens": clock(hours.opens_h), "closes": clock(hours.closes_h)},
        "late_rule": _late_rule(run),
        "regime": run.plan.regime,
        "days": run.days,
        "warmup_days": run.warmup_days,
        "seed": run.seed,
        "arrivals_per_day": run.scenario.arrivals_per_day,
        "share_a_to_b": run.scenario.share_a_to_b,
        "hourly_weights": list(run.scenario.hourly_weights),
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
    """One terminal run in full: the stable JSON of `landsea simulate terminal --json`."""
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


def trucks_table(run: CrossingRun) -> pd.DataFrame:
    """One row per truck: direction, arrival, departure, dwell and the wait at each stage."""
    frames = []
    names = [stage.name for stage in run.plan.stages]
    for direction in run.directions:
        reach = np.vstack([direction.arrival_h[np.newaxis, :], direction.depart_h[:-1]])
        waits = direction.start_h - reach
        frame = pd.DataFrame(
            {
                "direction": direction.direction,
                "arrival_h": direction.arrival_h,
                "departure_h": direction.exit_h,
                "dwell_h": direction.exit_h - direction.arrival_h,
            }
        )
        for k, name in enumerate(names):
            frame[f"wait_{name}_h"] = waits[k]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True).sort_values("arrival_h", kind="stable")


def write_run_tables(run: CrossingRun, folder: Path) -> list[Path]:
    """trucks.csv, daily.csv, hourly.csv and stages.csv of a run into `folder`.

    Raises:
        DataError: the folder or a table cannot be written (nothing is left half-written
            silently: the message names the folder).
    """
    tables = {
        "trucks.csv": trucks_table(run),
        "daily.csv": run.daily,
        "hourly.csv": run.hourly,
        "stages.csv": run.stages,
    }
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            table.to_csv(folder / name, index=False, float_format="%.6g")
            written.append(folder / name)
    except OSError as failed:
        raise DataError(
            f"cannot write the tables: {failed.strerror}", Location(str(folder))
        ) from None
    return written
