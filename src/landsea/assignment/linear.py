"""Frank-Wolfe and its conjugate (CFW) and bi-conjugate (BFW) variants, and MSA.

Directions follow Mitradjieva & Lindberg (2013), "The stiff is moving - conjugate direction
Frank-Wolfe methods with applications to traffic assignment", Transportation Science 47(2),
in the form AequilibraE uses: the conjugacy is with respect to the Hessian of the Beckmann
objective, diag(t'(x)). A direction that fails to descend, or a step of 0 or 1, restarts from
a plain Frank-Wolfe step (the conjugate weights break down at those ends).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from landsea.assignment.equilibrium import Equilibrium, Outcome, Settings
from landsea.errors import DataError

FloatArray = NDArray[np.float64]
MAX_CONJUGATE_WEIGHT = 0.99999
LINEAR_METHODS = ("frank-wolfe", "cfw", "bfw", "msa")


@dataclass
class Directions:
    """The previous target points s_{k-1}, s_{k-2} and the last step, for CFW/BFW."""

    target: FloatArray | None = None
    previous: FloatArray | None = None
    step: float = 0.0


def solve_linear(state: Equilibrium[Any], settings: Settings, method: str) -> Outcome[Any]:
    """Iterate `method` ("msa", "frank-wolfe", "cfw" or "bfw") from all-or-nothing until the
    relative gap meets `settings.gap` or `settings.max_iterations` is reached.

    Works on any `Equilibrium` state: the single-class network and the multiclass corridor.
    The caller judges convergence (`equilibrium.settle`).

    Raises:
        DataError: `method` is not one of LINEAR_METHODS.
    """
    if method not in LINEAR_METHODS:
        raise DataError(f"unknown link-based method {method!r}; choose {', '.join(LINEAR_METHODS)}")
    flow = state.initial_flow()
    memory = Directions()
    iteration = 1
    while True:
        measure = state.measure(flow)
        if measure.gap <= settings.gap or iteration >= settings.max_iterations:
            return Outcome(flow, measure, iteration)
        aon = state.all_or_nothing(measure)
        if method == "msa":
            flow = flow + (aon - flow) / (iteration + 1)
        else:
            line_search = partial(state.line_search, flow)
            flow, memory = descend(method, state.hessian(flow), flow, aon, memory, line_search)
        iteration += 1


def descend(
    method: str,
    hessian: FloatArray,
    flow: FloatArray,
    aon: FloatArray,
    memory: Directions,
    line_search: Callable[[FloatArray], float],
) -> tuple[FloatArray, Directions]:
    """One FW, CFW or BFW step: towards the target point by an exact line search, restarting
    from a plain Frank-Wolfe step when the conjugate direction does not descend."""
    target = target_point(method, hessian, flow, aon, memory)
    step = line_search(target - flow)
    if step <= 0.0 and target is not aon:
        target, memory = aon, Directions()
        step = line_search(aon - flow)
    return flow + step * (target - flow), remember(memory, target, step)


def remember(memory: Directions, target: FloatArray, step: float) -> Directions:
    """The memory for the next step: this target and the last, or a restart at the ends."""
    if step <= 0.0 or step >= 1.0 - 1e-12:
        return Directions()  # restart: the weights divide by step and by 1 - step
    return Directions(target=target, previous=memory.target, step=step)


def target_point(
    method: str, hessian: FloatArray, flow: FloatArray, aon: FloatArray, memory: Directions
) -> FloatArray:
    """The point to step towards: y_k (FW), or its conjugate (CFW) or bi-conjugate (BFW) mix.

    Flows may be one vector or a stack of class vectors (classes x links) that share the link
    costs: the Hessian then acts on the class sum, so the products below sum the classes first.
    """
    if method == "frank-wolfe" or memory.target is None:
        return aon
    if method == "cfw" or memory.previous is None:
        return _conjugate(hessian, flow, aon, memory.target)
    return _biconjugate(hessian, flow, aon, memory.target, memory.previous, memory.step)


def _conjugate(
    hessian: FloatArray, flow: FloatArray, aon: FloatArray, last: FloatArray
) -> FloatArray:
    """s_k = a * s_{k-1} + (1 - a) * y_k, with s_k - x_k conjugate to s_{k-1} - x_k."""
    back = last - flow
    numerator = _quad(back, aon - flow, hessian)
    denominator = _quad(back, aon - last, hessian)
    weight = numerator / denominator if denominator != 0.0 else 0.0
    weight = min(max(weight, 0.0), MAX_CONJUGATE_WEIGHT)
    return weight * last + (1.0 - weight) * aon


def _biconjugate(
    hessian: FloatArray,
    flow: FloatArray,
    aon: FloatArray,
    last: FloatArray,
    before: FloatArray,
    step: float,
) -> FloatArray:
    """s_k = b0 * y_k + b1 * s_{k-1} + b2 * s_{k-2}, conjugate to the last two directions."""
    x_dir = step * last + (1.0 - step) * before - flow
    y_dir = aon - flow
    z_dir = last - flow
    w_dir = before - last
    mu_den = _quad(x_dir, w_dir, hessian)
    mu = max(0.0, -_quad(x_dir, y_dir, hessian) / mu_den) if mu_den != 0.0 else 0.0
    nu_den = _quad(z_dir, z_dir, hessian)
    nu = 0.0
    if nu_den != 0.0:
        nu = max(0.0, -_quad(z_dir, y_dir, hessian) / nu_den + mu * step / (1.0 - step))
    b0 = 1.0 / (1.0 + nu + mu)
    return b0 * aon + nu * b0 * last + mu * b0 * before


def _quad(a: FloatArray, b: FloatArray, hessian: FloatArray) -> float:
    """a' H b with H = diag(hessian) acting on link totals (class stacks are summed first)."""
    if a.ndim == 2:
        a, b = a.sum(axis=0), b.sum(axis=0)
    return float(np.sum(a * b * hessian))
