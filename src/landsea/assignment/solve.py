"""`assign`: one entry point for every static equilibrium algorithm."""

from __future__ import annotations

from landsea.assignment.gradient_projection import solve_gradient_projection
from landsea.assignment.linear import LINEAR_METHODS, solve_linear
from landsea.assignment.problem import Problem
from landsea.assignment.result import AssignmentResult
from landsea.assignment.run import Run
from landsea.assignment.stochastic import solve_stochastic
from landsea.errors import DataError

#: Accepted names; aliases map to the canonical one.
ALGORITHMS: dict[str, str] = {
    "msa": "msa",
    "fw": "frank-wolfe",
    "frank-wolfe": "frank-wolfe",
    "cfw": "cfw",
    "bfw": "bfw",
    "gp": "gradient-projection",
    "gradient-projection": "gradient-projection",
    "sue": "sue-msa",
    "sue-msa": "sue-msa",
}
DEFAULT_MAX_ITERATIONS = {"gradient-projection": 2_000, "sue-msa": 1_000}


def canonical_algorithm(name: str) -> str:
    key = name.strip().lower()
    if key not in ALGORITHMS:
        raise DataError(
            f"unknown algorithm {name!r}; choose one of {', '.join(sorted(set(ALGORITHMS)))}"
        )
    return ALGORITHMS[key]


def assign(
    problem: Problem,
    algorithm: str = "gradient-projection",
    gap: float = 1e-5,
    max_iterations: int | None = None,
    allow_unconverged: bool = False,
    theta: float = 1.0,
) -> AssignmentResult:
    """Static user equilibrium of `problem` to relative gap `gap`.

    Raises ConvergenceError when `max_iterations` pass without reaching `gap`, unless
    `allow_unconverged` (then the result says `converged=False`). For "sue-msa" (logit
    stochastic equilibrium, dispersion `theta` per unit of cost) `gap` bounds the relative flow
    change between iterations instead; `relative_gap` still reports the standard UE gap.

        >>> result = assign(problem, "bfw", gap=1e-4)          # doctest: +SKIP
        >>> result.relative_gap <= 1e-4, result.converged      # doctest: +SKIP
        (True, True)
    """
    name = canonical_algorithm(algorithm)
    if not gap > 0.0:
        raise DataError(f"the target gap must be positive, got {gap}")
    limit = (
        max_iterations if max_iterations is not None else DEFAULT_MAX_ITERATIONS.get(name, 10_000)
    )
    if limit < 1:
        raise DataError(f"max_iterations must be at least 1, got {limit}")
    run = Run(problem)
    if name == "sue-msa":
        if not theta > 0.0:
            raise DataError(f"theta must be positive, got {theta}")
        flow, measure, iterations, change = solve_stochastic(run, theta, gap, limit)
        stop = ("flow change", change)
        return run.finish(name, flow, measure, iterations, gap, allow_unconverged, stop)
    if name in LINEAR_METHODS:
        flow, measure, iterations = solve_linear(run, name, gap, limit)
    else:
        flow, measure, iterations = solve_gradient_projection(run, gap, limit)
    return run.finish(name, flow, measure, iterations, gap, allow_unconverged)
