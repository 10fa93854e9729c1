"""A crossing study: one border crossing, the scenario levers set on it, the regimes compared.

`landsea simulate crossing` is this study with its options as fields (same names, same
defaults); the CLI parses them, calls `run_crossing_study` and prints the result. The levers
are applied in a fixed order, each to what the one before left:

1. the crossing, resolved from an id, a name or a place beside it (`mode` narrows it);
2. its work per truck, calibrated on the dataset's baseline before any lever below;
3. other gate hours (`hours`, the same staff working them), then another daily capacity;
4. the arrivals: observed traffic unless `arrivals_per_day`, split by `share_a_to_b`, with a
   fruit season (`peak_*`, none when `peak_factor` is 1) and an hourly profile;
5. the regime, and every regime on the same arrivals when compared or plotted;
6. what is written: a plot, CSV tables, independent replications.

>>> result = run_crossing_study(CrossingStudy("Pingxiang", days=20))  # doctest: +SKIP
>>> result.run.summary.dwell_p90_h, result.to_dict()["regime"]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landsea.errors import Location, SimulationError
from landsea.regimes import regime_names
from landsea.simulation.arrivals import SeasonalPeak, parse_hourly_weights
from landsea.simulation.crossing import CrossingRun, CrossingScenario, simulate_crossing
from landsea.simulation.curves import DEFAULT_LOADS, delay_curves
from landsea.simulation.dataset_crossings import corridor_crossings, run_regimes
from landsea.simulation.hours import parse_window
from landsea.simulation.names import resolve_crossing
from landsea.simulation.plan import check_regime
from landsea.simulation.plots import check_picture_path, plot_crossing
from landsea.simulation.replications import Replicated, replicate
from landsea.simulation.report import crossing_report, write_run_tables
from landsea.simulation.service_scale import calibrated
from landsea.simulation.spec import CrossingSpec, with_capacity, with_hours

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CrossingStudy",
    "CrossingStudyResult",
    "arrival_scenario",
    "delay_curve_table",
    "run_crossing_study",
    "scenario_spec",
]


@dataclass(frozen=True)
class CrossingStudy:
    """What to simulate at one crossing and what to write: the options of the CLI command."""

    crossing: str  # crossing id, name or a place beside it
    days: int = 60
    regime: str = "standard"
    arrivals_per_day: float | None = None  # both directions; None: observed traffic
    seed: int = 0
    peak_factor: float = 1.5  # fruit-season arrivals multiplier; 1: no season
    peak_day: float | None = None  # None: mid-run
    peak_width_days: float | None = None  # half-width; None: a sixth of the run, at least 1
    peak_red_share: float = 0.2  # extra red-channel share at the peak (fruit checks)
    share_a_to_b: float = 0.5  # share of arrivals leaving place_a's side
    hourly_profile: str | None = None  # 24 comma-separated arrival weights, 00h to 23h
    warmup_days: int | None = None  # None: 10% of the run
    extended_hours: bool = False  # work to the dataset's later closing every day
    extend_at_queue: float | None = None  # trucks waiting at closing that keep the gate open
    hours: str | None = None  # gate hours HH:MM-HH:MM instead of the dataset's
    capacity_per_day: float | None = None  # both directions, instead of the dataset's
    mode: str | None = None  # road, rail_1435, ...: narrows `crossing`
    compare: bool = False  # run every regime on the same arrivals too
    replications: int = 1  # independent runs for 95% intervals of the KPIs
    plot: Path | None = None  # PNG/SVG/PDF of the regimes side by side
    csv: Path | None = None  # folder for trucks/daily/hourly/stages CSVs

    @property
    def regimes_compared(self) -> bool:
        """A plot shows every regime, so plotting runs them all as a comparison does."""
        return self.compare or self.plot is not None


@dataclass(frozen=True)
class CrossingStudyResult:
    """The run of the chosen regime and everything the study wrote or ran beside it."""

    run: CrossingRun
    compared: dict[str, CrossingRun] | None  # every regime on the same arrivals, chosen first
    plot: Path | None  # the picture written
    tables: list[Path] | None  # the CSV tables written
    replicated: Replicated | None  # KPIs over independent replications

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON of `landsea simulate crossing --json` (docs/simulation.md)."""
        report = crossing_report(self.run, self.compared)
        if self.plot is not None:
            report["plot"] = str(self.plot)
        if self.replicated is not None:
            report["replicated"] = self.replicated.to_dict()
        if self.tables is not None:
            report["tables"] = [str(path) for path in self.tables]
        return report


def run_crossing_study(study: CrossingStudy) -> CrossingStudyResult:
    """Resolve the crossing, apply the levers, run the regimes and write what was asked for.

    Raises:
        SimulationError: an unknown regime, a lever out of range (days, seed, shares,
            capacity, replications, a later closing the crossing does not have), or an
            hourly profile that is not 24 weights.
        UnknownCrossingError: `crossing` names no crossing, or several (with suggestions).
        DataError: `hours` that are not HH:MM-HH:MM, a plot path matplotlib cannot write
            (checked before any work), or a CSV folder that cannot be written.
    """
    check_regime(study.regime)
    if study.plot is not None:
        check_picture_path(study.plot)
    spec = scenario_spec(study)
    scenario = arrival_scenario(study, spec)
    runs = _regime_runs(study, spec, scenario)
    run = runs[study.regime]
    compared = runs if study.regimes_compared else None
    plot = None
    if study.plot is not None and compared is not None:
        plot = plot_crossing(compared, study.regime, study.plot)
    return CrossingStudyResult(
        run=run,
        compared=compared,
        plot=plot,
        tables=write_run_tables(run, study.csv) if study.csv is not None else None,
        replicated=_replicated(study, spec, scenario),
    )


def scenario_spec(study: CrossingStudy) -> CrossingSpec:
    """The crossing as the study runs it: calibrated on the dataset, then hours and capacity.

    Raises:
        UnknownCrossingError: `study.crossing` names no crossing, or several.
        DataError: `study.hours` is not HH:MM-HH:MM.
        SimulationError: `study.capacity_per_day` is not positive.
    """
    crossings = corridor_crossings()
    found = resolve_crossing(crossings.specs, study.crossing, crossings.places, study.mode)
    spec = calibrated(crossings.specs[found])  # on the dataset's baseline, before the levers
    if study.hours is not None:
        spec = with_hours(spec, parse_window(study.hours, Location("--hours")))
    if study.capacity_per_day is not None:
        spec = with_capacity(spec, study.capacity_per_day)
    return spec


def arrival_scenario(study: CrossingStudy, spec: CrossingSpec) -> CrossingScenario:
    """The arrivals: daily rate, direction split, fruit season and hourly profile.

    Raises:
        SimulationError: a season out of range (factor, width, red share), or an hourly
            profile that is not 24 weights >= 0, not all 0.
    """
    peak = None
    if study.peak_factor != 1.0:
        width = study.peak_width_days
        day = study.peak_day if study.peak_day is not None else study.days / 2
        width = width if width is not None else max(1.0, study.days / 6)
        peak = SeasonalPeak(day, width, study.peak_factor, extra_red_share=study.peak_red_share)
    rate = study.arrivals_per_day
    scenario = CrossingScenario(
        rate if rate is not None else spec.typical_arrivals_per_day,
        share_a_to_b=study.share_a_to_b,
        peak=peak,
    )
    if study.hourly_profile is None:
        return scenario
    return replace(scenario, hourly_weights=parse_hourly_weights(study.hourly_profile))


def _regime_runs(
    study: CrossingStudy, spec: CrossingSpec, scenario: CrossingScenario
) -> dict[str, CrossingRun]:
    """The chosen regime; every regime after it, on the same arrivals, when compared."""
    regimes = tuple(dict.fromkeys((study.regime, *regime_names())))
    return run_regimes(
        spec,
        study.days,
        scenario,
        study.seed,
        study.warmup_days,
        study.extended_hours,
        regimes if study.regimes_compared else (study.regime,),
        study.extend_at_queue,
    )


def _replicated(
    study: CrossingStudy, spec: CrossingSpec, scenario: CrossingScenario
) -> Replicated | None:
    """The chosen regime over independent replications (None for one run).

    Raises:
        SimulationError: replications out of range (0 or less is refused here).
    """
    if study.replications == 1:
        return None

    def one(seed: int) -> CrossingRun:
        return simulate_crossing(
            spec,
            study.regime,
            study.days,
            scenario,
            seed,
            study.warmup_days,
            study.extended_hours,
            study.extend_at_queue,
        )

    return replicate(one, study.seed, study.replications)


def delay_curve_table(
    crossings: list[str] | None, regimes: list[str] | None, loads: str | None, days: int, seed: int
) -> pd.DataFrame:
    """Delay curves of the named crossings (all when None) under the named regimes (all).

    `loads` is comma-separated fractions of capacity, e.g. "0.2,0.8,1.1" (None: the defaults).

    Raises:
        SimulationError: an unknown regime, loads that are not numbers or not positive.
        UnknownCrossingError: a name that names no crossing, or several.
    """
    chosen = tuple(check_regime(name) for name in regimes) if regimes else regime_names()
    try:
        points = tuple(float(v) for v in loads.split(",")) if loads else DEFAULT_LOADS
    except ValueError:
        raise SimulationError(
            f"--loads {loads!r} is not a comma-separated list of numbers"
        ) from None
    found = corridor_crossings()
    specs = found.specs
    if crossings:
        names = [resolve_crossing(specs, name, found.places) for name in crossings]
        specs = {cid: found.specs[cid] for cid in names}
    return delay_curves(specs, chosen, points, days, seed)
