"""Time figures the graph is built from: boarding waits, crossing regimes, opening years.

Kept apart from graph assembly so that each rule is short, named and testable on its own.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pandas as pd

from landsea.data.tables import CorridorTables
from landsea.units import frequency_wait_h


def link_is_open(status: str, open_year: object, year: int | None) -> bool:
    """Whether a link carries traffic in `year` (None: the network as the dataset stands today).

    A link with an opening year carries traffic from that year on, whatever its status says
    today; one without a year is open when it is operational.
    """
    if year is None or open_year is None or pd.isna(open_year):  # type: ignore[call-overload]
        return status == "operational"
    return int(open_year) <= year  # type: ignore[call-overload]


def boarding_waits(tables: CorridorTables) -> dict[tuple[str, str], float]:
    """Half the headway of the services of a mode calling at a place, per (place, mode).

    Where no listed service calls, the mode's default frequency applies; a default of 0 means
    the mode runs on demand (road) and boarding costs no wait.
    """
    weekly: dict[tuple[str, str], float] = defaultdict(float)
    services = tables.services
    for stops, mode, per_week in zip(
        services["stops"], services["mode"], services["departures_per_week"], strict=True
    ):
        for stop in stops:
            weekly[(str(stop), str(mode))] += float(per_week)
    waits: dict[tuple[str, str], float] = {}
    for (place, mode), per_week in weekly.items():
        waits[(place, mode)] = frequency_wait_h(per_week)
    for place_id, modes in tables.places["modes"].items():
        for mode in modes:
            key = (str(place_id), str(mode))
            default = tables.parameters.modes[str(mode)].default_departures_per_week
            if key not in waits and default > 0:
                waits[key] = frequency_wait_h(default)
    return waits


def crossing_regime_table(
    tables: CorridorTables,
) -> dict[tuple[str, str], tuple[float, float, float, float]]:
    """(crossing_id, regime) -> (min_h, mode_h, max_h, cost_usd)."""
    columns = ["crossing_id", "regime", "min_h", "mode_h", "max_h", "cost_usd"]
    rows = tables.crossing_regimes[columns].to_numpy().tolist()
    return {
        (str(cid), str(regime)): (float(lo), float(mid), float(hi), float(fee))
        for cid, regime, lo, mid, hi, fee in rows
    }


def triangular_mean(low: float, mode: float, high: float) -> float:
    """Mean of a triangular distribution (crossing times are given as min, mode, max)."""
    return (low + mode + high) / 3.0


def triangular_variance(low: float, mode: float, high: float) -> float:
    """Variance of a triangular distribution."""
    return (low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18.0


def as_float(value: object) -> float:
    """A cell as a float, with blanks (None, NaN, pd.NA) as NaN."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return math.nan
    return float(value)  # type: ignore[arg-type]
