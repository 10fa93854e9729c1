"""(4a) Assignment: link performance, static and stochastic user equilibrium, results.

The package is the API: the names in `__all__` are public, the modules behind them are not a
promise. Names load on first use (PEP 562), so importing the package, or the algorithm
registry for the CLI's help, does not start the compiled kernels.

>>> from landsea.assignment import assign, load_tntp_case
>>> case = load_tntp_case("tests/fixtures/assignment/tiny")
>>> result = assign(case.problem, "gradient-projection", gap=1e-8)
>>> round(result.objective, 6), result.converged
(5300.0, True)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsea.assignment.algorithms import (
        ALGORITHMS,
        REGISTRY,
        Algorithm,
        algorithm_names,
        find_algorithm,
    )
    from landsea.assignment.choice import ChoiceParameters, CorridorEquilibrium
    from landsea.assignment.delay import CapacityGroup, DelayCurve, curves_from_table
    from landsea.assignment.equilibrium import Equilibrium, Outcome, Settings
    from landsea.assignment.evaluate import FlowEvaluation, evaluate_flows
    from landsea.assignment.freight import CorridorAssignment, assign_corridor
    from landsea.assignment.multiclass import MulticlassProblem, MulticlassResult, solve_multiclass
    from landsea.assignment.multimodal_problem import CapacitySettings
    from landsea.assignment.performance import BprLinks
    from landsea.assignment.problem import Problem
    from landsea.assignment.result import AssignmentResult
    from landsea.assignment.solve import assign
    from landsea.assignment.tntp import TntpCase, load_tntp_case

#: Where each public name lives.
_HOMES: dict[str, str] = {
    "ALGORITHMS": "algorithms",
    "REGISTRY": "algorithms",
    "Algorithm": "algorithms",
    "algorithm_names": "algorithms",
    "find_algorithm": "algorithms",
    "ChoiceParameters": "choice",
    "CorridorEquilibrium": "choice",
    "CapacityGroup": "delay",
    "DelayCurve": "delay",
    "curves_from_table": "delay",
    "Equilibrium": "equilibrium",
    "Outcome": "equilibrium",
    "Settings": "equilibrium",
    "FlowEvaluation": "evaluate",
    "evaluate_flows": "evaluate",
    "CorridorAssignment": "freight",
    "assign_corridor": "freight",
    "MulticlassProblem": "multiclass",
    "MulticlassResult": "multiclass",
    "solve_multiclass": "multiclass",
    "CapacitySettings": "multimodal_problem",
    "BprLinks": "performance",
    "Problem": "problem",
    "AssignmentResult": "result",
    "assign": "solve",
    "TntpCase": "tntp",
    "load_tntp_case": "tntp",
}

__all__ = [
    "ALGORITHMS",
    "REGISTRY",
    "Algorithm",
    "AssignmentResult",
    "BprLinks",
    "CapacityGroup",
    "CapacitySettings",
    "ChoiceParameters",
    "CorridorAssignment",
    "CorridorEquilibrium",
    "DelayCurve",
    "Equilibrium",
    "FlowEvaluation",
    "MulticlassProblem",
    "MulticlassResult",
    "Outcome",
    "Problem",
    "Settings",
    "TntpCase",
    "algorithm_names",
    "assign",
    "assign_corridor",
    "curves_from_table",
    "evaluate_flows",
    "find_algorithm",
    "load_tntp_case",
    "solve_multiclass",
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use.

    Raises:
        AttributeError: `name` is not public here.
    """
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
