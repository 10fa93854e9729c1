"""Room 4b: border crossings, gauge-change yards and queues, simulated; delay curves.

Entry points: `simulate_crossing` (a crossing under a regime, KPIs and tables), `run_regimes`
(all regimes on the same arrivals), `replicate` (independent replications), `simulate_yard`,
`simulate_mmc` (validation against Erlang C), `delay_curves` (for the assignment),
`corridor_crossings` / `corridor_yards` (the bundled dataset as specs); `with_hours` and
`with_capacity` are the levers a scenario sets on a `CrossingSpec`. The compiled recursion is
`kernel.serve_tandem`; `reference.simpy_tandem` is the SimPy model it is tested against.
docs/simulation.md explains the calibration.
"""

from landsea.simulation.arrivals import SeasonalPeak
from landsea.simulation.crossing import CrossingRun, CrossingScenario, simulate_crossing
from landsea.simulation.curves import delay_curves
from landsea.simulation.dataset_crossings import corridor_crossings, run_regimes
from landsea.simulation.hours import OpeningHours, parse_window
from landsea.simulation.queue import simulate_mmc
from landsea.simulation.replications import Replicated, replicate
from landsea.simulation.spec import CrossingSpec, with_capacity, with_hours
from landsea.simulation.yard_model import YardSpec, simulate_yard
from landsea.simulation.yard_specs import corridor_yards

__all__ = [
    "CrossingRun",
    "CrossingScenario",
    "CrossingSpec",
    "OpeningHours",
    "Replicated",
    "SeasonalPeak",
    "YardSpec",
    "corridor_crossings",
    "corridor_yards",
    "delay_curves",
    "parse_window",
    "replicate",
    "run_regimes",
    "simulate_crossing",
    "simulate_mmc",
    "simulate_yard",
    "with_capacity",
    "with_hours",
]
