"""Room 4b: border crossings, gauge-change yards and queues, simulated; delay curves.

Entry points: `simulate_crossing` (a crossing under a regime, KPIs and tables), `run_regimes`
(all regimes on the same arrivals), `simulate_yard`, `simulate_mmc` (validation against Erlang
C), `delay_curves` (for the assignment), `corridor_crossings` / `corridor_yards` (the bundled
dataset as specs). The compiled recursion is `kernel.serve_tandem`; `reference.simpy_tandem`
is the SimPy model it is tested against. docs/simulation.md explains the calibration.
"""

from landsea.simulation.arrivals import SeasonalPeak
from landsea.simulation.crossing import CrossingRun, CrossingScenario, simulate_crossing
from landsea.simulation.curves import delay_curves
from landsea.simulation.dataset_crossings import corridor_crossings, run_regimes
from landsea.simulation.queue import simulate_mmc
from landsea.simulation.yard_model import YardSpec, simulate_yard
from landsea.simulation.yard_specs import corridor_yards

__all__ = [
    "CrossingRun",
    "CrossingScenario",
    "SeasonalPeak",
    "YardSpec",
    "corridor_crossings",
    "corridor_yards",
    "delay_curves",
    "run_regimes",
    "simulate_crossing",
    "simulate_mmc",
    "simulate_yard",
]
