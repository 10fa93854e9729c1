"""(4a) Assignment: link performance, static and stochastic user equilibrium, results.

>>> from landsea.assignment import assign
>>> from landsea.assignment.tntp import load_tntp_case
>>> case = load_tntp_case("tests/fixtures/assignment/tiny")
>>> result = assign(case.problem, "gradient-projection", gap=1e-8)
>>> round(result.objective, 6), result.converged
(5300.0, True)
"""

from landsea.assignment.evaluate import FlowEvaluation, evaluate_flows
from landsea.assignment.performance import BprLinks
from landsea.assignment.problem import Problem
from landsea.assignment.result import AssignmentResult
from landsea.assignment.solve import ALGORITHMS, assign

__all__ = [
    "ALGORITHMS",
    "AssignmentResult",
    "BprLinks",
    "FlowEvaluation",
    "Problem",
    "assign",
    "evaluate_flows",
]
