"""Room 5: scenarios. The paper's proposals as scenario files, run side by side.

A scenario (TOML, `spec.Scenario`) sets a year, grows demand, edits the network and pulls the
paper's levers (`levers.LEVERS`); `run_scenario` applies it to a copy of the corridor and runs
the simulation-assignment loop to agreement; results are stored by content (`ResultStore`).
Numbers may carry distributions: `uncertain_inputs` lists them, `sample` fixes them from
uniform draws (for Monte Carlo). docs/scenarios.md explains the files and the loop.
"""

from landsea.scenarios.distributions import DISTRIBUTIONS
from landsea.scenarios.files import library_names, load_scenario
from landsea.scenarios.levers import LEVERS, Lever
from landsea.scenarios.runner import ScenarioResult, run_scenario, sample_kpis
from landsea.scenarios.sampling import resolve, sample, uncertain_inputs
from landsea.scenarios.spec import Scenario
from landsea.scenarios.store import ResultStore

__all__ = [
    "DISTRIBUTIONS",
    "LEVERS",
    "Lever",
    "ResultStore",
    "Scenario",
    "ScenarioResult",
    "library_names",
    "load_scenario",
    "resolve",
    "run_scenario",
    "sample",
    "sample_kpis",
    "uncertain_inputs",
]
