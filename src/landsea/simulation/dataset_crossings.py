"""The bundled corridor's crossings as simulation specs, and runs of every regime side by side."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from landsea.data.tables import CorridorTables
from landsea.regimes import regime_names
from landsea.simulation.crossing import CrossingRun, CrossingScenario, simulate_crossing
from landsea.simulation.spec import CrossingSpec, crossing_specs


@dataclass(frozen=True)
class CorridorCrossings:
    """The crossings of a corridor dataset as specs by id, with its places table for names."""

    specs: dict[str, CrossingSpec]
    places: pd.DataFrame | None


def corridor_crossings(tables: CorridorTables | None = None) -> CorridorCrossings:
    """Specs of every crossing in `tables` (the bundled dataset when None).

    Raises:
        DataError: a crossing or regime row the simulation cannot use, naming file, row, field.
    """
    if tables is None:
        from landsea.data.bundled import load_corridor

        tables = load_corridor()
    return CorridorCrossings(
        crossing_specs(tables.crossings, tables.crossing_regimes), tables.places
    )


def run_regimes(
    spec: CrossingSpec,
    days: int,
    scenario: CrossingScenario,
    seed: int = 0,
    warmup_days: int | None = None,
    extended_hours: bool = False,
    regimes: tuple[str, ...] | None = None,
    extend_at_queue: float | None = None,
) -> dict[str, CrossingRun]:
    """The same arrivals (common random numbers) through each regime (default: every one)."""
    return {
        regime: simulate_crossing(
            spec, regime, days, scenario, seed, warmup_days, extended_hours, extend_at_queue
        )
        for regime in (regime_names() if regimes is None else regimes)
    }
