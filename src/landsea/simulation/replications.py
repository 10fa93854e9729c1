"""Independent replications: KPIs with confidence intervals that hold in any regime.

Batch means assume a stationary run; a fruit season or a queue growing past capacity is not
one. Independent replications (each on its own child of the seed's SeedSequence) give a
Student-t interval for any KPI regardless, at the cost of more runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from landsea.errors import SimulationError
from landsea.simulation.crossing import CrossingRun

KPIS: tuple[str, ...] = (
    "dwell_mean_h",
    "dwell_p50_h",
    "dwell_p90_h",
    "dwell_p99_h",
    "throughput_per_day",
    "in_system_at_end",
)
MAX_REPLICATIONS = 1_000


@dataclass(frozen=True)
class Replicated:
    """One row per replication (`runs`) and each KPI's mean with its 95% interval."""

    runs: pd.DataFrame  # replication, seed, and the KPIS
    confidence: float = 0.95

    def interval(self, kpi: str) -> tuple[float, float, float]:
        """(mean, low, high) of a KPI over the replications; one run bounds nothing (-inf, inf).

        Raises:
            KeyError: `kpi` is not one of KPIS.
        """
        values = self.runs[kpi].to_numpy(dtype=float)
        centre = float(values.mean())
        if values.shape[0] < 2:
            return centre, -math.inf, math.inf
        t = float(scipy_stats.t.ppf(0.5 + self.confidence / 2.0, values.shape[0] - 1))
        half = t * float(values.std(ddof=1)) / math.sqrt(values.shape[0])
        return centre, centre - half, centre + half

    def to_dict(self) -> dict[str, object]:
        """The JSON form: the count, and each KPI's mean and 95% interval (null for one run)."""
        summary: dict[str, object] = {"replications": len(self.runs)}
        for kpi in KPIS:
            centre, low, high = self.interval(kpi)
            bounded = math.isfinite(low) and math.isfinite(high)
            summary[kpi] = {"mean": centre, "ci95": [low, high] if bounded else None}
        return summary


def replication_seeds(seed: int, replications: int) -> list[int]:
    """Seeds of independent replications: children of the seed's SeedSequence.

    Raises:
        SimulationError: a negative seed, or replications out of 1..MAX_REPLICATIONS.
    """
    if seed < 0:
        raise SimulationError(f"seed must be a non-negative integer, got {seed}")
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise SimulationError(
            f"replications must be between 1 and {MAX_REPLICATIONS}, got {replications}"
        )
    children = np.random.SeedSequence(seed).spawn(replications)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def replicate(run_one: Callable[[int], CrossingRun], seed: int, replications: int) -> Replicated:
    """Run `run_one(seed_r)` for each replication's seed and collect the KPIs.

    Raises:
        SimulationError: what `replication_seeds` refuses, or what `run_one` raises.
    """
    rows = []
    for number, child_seed in enumerate(replication_seeds(seed, replications)):
        summary = run_one(child_seed).summary.to_dict()
        rows.append({"replication": number, "seed": child_seed, **{k: summary[k] for k in KPIS}})
    return Replicated(pd.DataFrame(rows))
