"""A terminal study: a gauge-change yard or sea-rail port, its resources changed, simulated.

`landsea simulate terminal` is this study with its options as fields; the CLI parses them,
calls `run_terminal_study` and prints the result. Resources left as None keep the dataset's
(yard_specs.py); arrivals default to 80% of what the terminal can pass on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from landsea.data.bundled import load_corridor
from landsea.simulation.plots import check_picture_path, plot_yard
from landsea.simulation.report import yard_report
from landsea.simulation.yard_model import YardRun, simulate_yard
from landsea.simulation.yard_specs import CorridorYard, corridor_yards, resolve_yard
from landsea.vocabulary import Mode

__all__ = ["TerminalStudy", "TerminalStudyResult", "run_terminal_study"]


@dataclass(frozen=True)
class TerminalStudy:
    """What to simulate at one terminal: the options of the CLI command."""

    place: str  # id or name of a gauge-change yard or sea-rail port
    days: int = 60
    arrivals_per_day: float | None = None  # trains or ships; None: 80% of capacity
    from_mode: str = Mode.RAIL_1435  # arrivals by this mode
    outbound_per_day: float | None = None  # departures on the far side
    tracks: int | None = None  # tracks or berths
    cranes: int | None = None  # cranes per train or ship
    seed: int = 0
    plot: Path | None = None  # PNG/SVG/PDF of the yard's stock and dwell


@dataclass(frozen=True)
class TerminalStudyResult:
    """The terminal as found in the dataset, the run, and the picture written."""

    terminal: CorridorYard
    run: YardRun
    plot: Path | None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON of `landsea simulate terminal --json` (docs/simulation.md)."""
        chosen = self.terminal
        payload = yard_report(
            chosen.place_id,
            chosen.inbound_mode,
            chosen.outbound_mode,
            chosen.normal_time_h,
            self.run,
        )
        if self.plot is not None:
            payload["plot"] = str(self.plot)
        return payload


def run_terminal_study(study: TerminalStudy) -> TerminalStudyResult:
    """Find the terminal, apply the resource levers, simulate it and draw it if asked.

    Raises:
        DataError: a plot path matplotlib cannot write (checked before any work).
        UnknownCrossingError: `place` names no terminal of `from_mode` arrivals.
        SimulationError: resources or a run out of range (days, rates, tracks, cranes).
    """
    if study.plot is not None:
        check_picture_path(study.plot)
    tables = load_corridor()
    yards = corridor_yards(tables, study.from_mode)
    chosen = yards[resolve_yard(yards, study.place, tables.places)]
    spec = replace(
        chosen.spec,
        outbound_per_day=study.outbound_per_day or chosen.spec.outbound_per_day,
        tracks=study.tracks if study.tracks is not None else chosen.spec.tracks,
        cranes=study.cranes if study.cranes is not None else chosen.spec.cranes,
    )
    rate = study.arrivals_per_day
    rate = rate if rate is not None else chosen.typical_trains_per_day
    run = simulate_yard(spec, rate, study.days, study.seed)
    plot = plot_yard(run, study.plot) if study.plot is not None else None
    return TerminalStudyResult(replace(chosen, spec=spec), run, plot)
