"""`assign`: one entry point for every static equilibrium algorithm of the network registry."""

from __future__ import annotations

from landsea.assignment.algorithms import find_algorithm
from landsea.assignment.equilibrium import Settings
from landsea.assignment.problem import Problem
from landsea.assignment.result import AssignmentResult
from landsea.assignment.run import Run
from landsea.errors import DataError


def assign(
    problem: Problem,
    algorithm: str = "gradient-projection",
    gap: float = 1e-5,
    max_iterations: int | None = None,
    allow_unconverged: bool = False,
    theta: float = 1.0,
) -> AssignmentResult:
    """Static user equilibrium of `problem` to relative gap `gap`.

    `algorithm` is a name (or alias) of `algorithms.REGISTRY` that solves networks. For
    "sue-msa" (logit stochastic equilibrium, dispersion `theta` per unit of cost) `gap` bounds
    the relative flow change between iterations instead; `relative_gap` still reports the
    standard UE gap. `max_iterations` defaults to the algorithm's record.

        >>> result = assign(problem, "bfw", gap=1e-4)          # doctest: +SKIP
        >>> result.relative_gap <= 1e-4, result.converged      # doctest: +SKIP
        (True, True)

    Raises:
        DataError: an unknown algorithm, a gap or theta that is not positive, or an iteration
            limit below 1.
        ConvergenceError: `max_iterations` pass without reaching `gap`, unless
            `allow_unconverged` (then the result says ``converged=False``).
    """
    record = find_algorithm(algorithm, "network")
    if not gap > 0.0:
        raise DataError(f"the target gap must be positive, got {gap}")
    limit = max_iterations if max_iterations is not None else record.max_iterations
    if limit < 1:
        raise DataError(f"max_iterations must be at least 1, got {limit}")
    settings = Settings(gap, limit, allow_unconverged, theta)
    run = Run(problem)
    outcome = record.network_solver()(run, settings)
    return run.finish(record.name, outcome, gap, allow_unconverged)
