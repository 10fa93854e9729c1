"""The protocol every equilibrium algorithm works through, and what all of them share.

Two kinds of problem reach an equilibrium here: the single-class network of `Problem` (TNTP
networks; its state is `run.Run`) and the multiclass corridor of `MulticlassProblem` (its state
is `multiclass.MulticlassRun`). A link-based algorithm (MSA, Frank-Wolfe and its conjugate
variants) sees either through `Equilibrium`, so one loop (`linear.solve_linear`) serves both.
Whatever the algorithm, three things are done one way only:

- the stopping rule: `settle` raises `ConvergenceError` on a missed target, or flags
  ``converged=False`` when the caller allows it;
- the pairs with demand but no path: `unreachable_pairs` lists them with their demand (they are
  never loaded and never dropped silently);
- the exact line search (`linesearch.exact_step`) and the walk back up a shortest-path tree
  (`landsea.routing.kernels.path_edges`; the compiled loaders walk the same chain inline).

The algorithms themselves are records in `algorithms.ALGORITHMS`; that module's docstring says
how to add one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from landsea.errors import ConvergenceError

FloatArray = NDArray[np.float64]

#: The hint every convergence error ends with: the two ways out, in the CLI's words.
CONVERGENCE_HINT = "raise --max-iterations or allow an unconverged result"


class GapMeasure(Protocol):
    """What an algorithm reads of a measured flow: its relative gap (TSTT - SPTT) / TSTT."""

    @property
    def gap(self) -> float:
        """The relative gap of the measured flow."""
        ...


MeasureT = TypeVar("MeasureT", bound=GapMeasure)


class Equilibrium(ABC, Generic[MeasureT]):
    """A problem on its way to user equilibrium, as a link-based algorithm sees it.

    Flows are arrays of link (edge) flows, one vector for a single class or a stack
    (classes x links) for several classes sharing the link times. To make a new kind of problem
    solvable by every link-based algorithm in `algorithms.ALGORITHMS`, subclass this and provide:

    - `initial_flow()`: the flow to start from (all-or-nothing at free-flow costs);
    - `measure(flow)`: the costs at `flow` and their relative gap (any object with `.gap`; it
      may keep the shortest-path trees for the next call);
    - `all_or_nothing(measure)`: the demand loaded on the shortest paths of that measure;
    - `hessian(flow)`: the derivative of each link's cost by its flow (conjugate directions);
    - `line_search(flow, direction)`: the step in [0, 1] minimising the convex objective along
      `direction` (use `linesearch.exact_step` on the objective's slope).

    Algorithms that need more than this (paths, Dial's loading, route sets) take the concrete
    state instead, and their record in the registry says which problem kind they solve.
    """

    @abstractmethod
    def initial_flow(self) -> FloatArray:
        """The starting flow: all-or-nothing at free-flow costs."""

    @abstractmethod
    def measure(self, flow: FloatArray) -> MeasureT:
        """Costs, shortest paths and the relative gap at `flow`."""

    @abstractmethod
    def all_or_nothing(self, measure: MeasureT) -> FloatArray:
        """The demand on the shortest paths at the measured costs."""

    @abstractmethod
    def hessian(self, flow: FloatArray) -> FloatArray:
        """d cost / d flow per link at `flow` (the diagonal of the objective's Hessian)."""

    @abstractmethod
    def line_search(self, flow: FloatArray, direction: FloatArray) -> float:
        """The step in [0, 1] that minimises the objective on flow + step * direction."""


@dataclass(frozen=True)
class Settings:
    """What the caller asks of any algorithm.

    `gap` is the target of the algorithm's stopping criterion (the relative gap, or the relative
    flow change for the stochastic ones); `theta` is the logit dispersion per unit of cost of
    the network's stochastic equilibrium ("sue-msa").
    """

    gap: float
    max_iterations: int
    allow_unconverged: bool = False
    theta: float = 1.0


@dataclass(frozen=True)
class Outcome(Generic[MeasureT]):
    """Where an algorithm stopped: final flow, its measure, iterations, and the criterion it used.

    `reached` is the criterion's last value; None means the measure's relative gap.
    """

    flow: FloatArray
    measure: MeasureT
    iterations: int
    criterion: str = "relative gap"
    reached: float | None = None

    @property
    def stop_value(self) -> float:
        """The last value of the stopping criterion."""
        return self.measure.gap if self.reached is None else self.reached


def settle(
    subject: str,
    criterion: str,
    reached: float,
    target: float,
    iterations: int,
    allow_unconverged: bool,
) -> bool:
    """Whether `reached` meets `target`; the one convergence check of every algorithm.

    Raises:
        ConvergenceError: the target is missed and `allow_unconverged` is false; the message
            names `subject` ("bfw on SiouxFalls"), the criterion, its value and the target.
    """
    done = reached <= target
    if not done and not allow_unconverged:
        raise ConvergenceError(
            f"{subject}: {criterion} {reached:.3g} after {iterations} iterations, "
            f"target {target:.3g}; {CONVERGENCE_HINT}"
        )
    return done


def unreachable_pairs(distance: FloatArray, demand: FloatArray) -> pd.DataFrame:
    """The cells with demand but no path (infinite distance), one row each, with their demand.

    `distance` and `demand` have one shape: origins x destinations, or classes x origins x
    destinations. Columns: ``class`` (with a class axis), ``origin``, ``destination`` (indices
    along the axes) and ``demand``; rows in index order. Callers name the indices (zones,
    places, commodities) for their reports.
    """
    cut = ~np.isfinite(distance) & (demand > 0)
    cells = np.nonzero(cut)
    axes = ["origin", "destination"] if demand.ndim == 2 else ["class", "origin", "destination"]
    table = {axis: index.astype(np.int64) for axis, index in zip(axes, cells, strict=True)}
    return pd.DataFrame({**table, "demand": demand[cells].astype(np.float64)})
