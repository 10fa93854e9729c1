"""What one model run gives an appraisal: its figures, flat, so they travel and are cached.

Kept apart from the economics (`appraisal.py`): this module is part of the model's code
version (`store.code_version`), so a change here recomputes cached runs, while a change to how
they are valued does not.
"""

from __future__ import annotations

import pandas as pd

from landsea.scenarios.runner import ScenarioResult
from landsea.units import DAYS_PER_YEAR

FLOW_KEYS = ("teu_per_year", "time_h", "time_p90_h", "cost_usd_per_teu", "co2_kg_per_teu")


def measures_of(result: ScenarioResult) -> dict[str, float]:
    """A run's figures an appraisal needs, flat (it travels from Dask workers and is cached):
    per flow `f/commodity/origin/destination/<column>`, and the dwell and empties totals."""
    out: dict[str, float] = {}
    for row in result.flows.itertuples(index=False):
        stem = f"f/{row.commodity}/{row.origin}/{row.destination}"
        for column in (*FLOW_KEYS, "vot_usd_per_h"):
            out[f"{stem}/{column}"] = float(getattr(row, column))
    out["dwell_teu_h_per_year"] = dwell_teu_hours(result.crossings)
    out["empties_usd_per_year"] = float(result.totals["empty_repositioning_usd_per_year"])
    return out


def dwell_teu_hours(crossings: pd.DataFrame) -> float:
    """TEU-hours a year spent at border crossings: TEU both ways x mean simulated dwell (the
    normal dwell plus the modelled delay where a crossing was not simulated)."""
    if crossings.empty:
        return 0.0
    teu_day = crossings["teu_per_day_a_to_b"] + crossings["teu_per_day_b_to_a"]
    fallback = crossings["normal_dwell_h"].fillna(0) + crossings["delay_h"].fillna(0)
    dwell = crossings["dwell_mean_h"].fillna(fallback)
    return float((teu_day * dwell).sum() * DAYS_PER_YEAR)
