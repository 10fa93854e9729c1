"""What the surrogate changes: per KPI, the P50 over the same samples with each fidelity.

`p50_differences(surrogate_samples, simulate_samples)` takes two sweeps' sample tables (the
same inputs and seeds) and gives each KPI's P50 with either fidelity, their relative
difference and the simulated P10 and P90 (the spread the simulation's own noise and the
inputs give); `worst_by_kind` keeps the largest difference of each kind of KPI (totals, mode
shares, a pair's time, a crossing's dwell P50, ...). `make bench SUITES=sweep` prints these,
and tests/scenarios/test_surrogate.py holds them to its tolerances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

META = ("scenario", "sample", "seed", "error")


def p50_differences(surrogate: pd.DataFrame, simulate: pd.DataFrame) -> pd.DataFrame:
    """kpi, kind, surrogate, simulate (P50s), relative, p10, p90 (simulated), over the samples
    that ran with both."""
    ok = surrogate["error"].isna().to_numpy() & simulate["error"].isna().to_numpy()
    kpis = [c for c in simulate.columns if c not in META and not c.startswith("input:")]
    a, b = surrogate.loc[ok, kpis], simulate.loc[ok, kpis]
    table = pd.DataFrame(
        {
            "kpi": kpis,
            "kind": [kind(k) for k in kpis],
            "surrogate": a.median().to_numpy(),
            "simulate": b.median().to_numpy(),
            "p10": b.quantile(0.1).to_numpy(),
            "p90": b.quantile(0.9).to_numpy(),
        }
    )
    scale = table["simulate"].abs().replace(0.0, np.nan)
    table["relative"] = (table["surrogate"] - table["simulate"]) / scale
    return table.dropna(subset=["relative"]).reset_index(drop=True)


def kind(kpi: str) -> str:
    """total, mode share, od.<figure> or crossing.<figure>."""
    head, last = kpi.split(".", 1)[0], kpi.rsplit(".", 1)[-1]
    if head == "total":
        return "total"
    if head == "mode":
        return f"mode.{last}"
    return f"{head}.{last}"


def worst_by_kind(table: pd.DataFrame) -> pd.DataFrame:
    order = table["relative"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].drop_duplicates("kind").sort_values("kind").reset_index(drop=True)
