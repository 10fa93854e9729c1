"""Assignment results and the measures computed from final flows (gap, objective)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class AssignmentResult:
    """Final link flows and costs (in the problem's link order) and how they were reached.

    `relative_gap` is (TSTT - SPTT) / TSTT recomputed from `flow`, whatever the algorithm used
    to stop. `unreachable` lists zone pairs with demand but no path (columns origin, destination,
    demand); their demand is not loaded and not part of TSTT or SPTT.
    """

    algorithm: str
    flow: FloatArray
    cost: FloatArray
    relative_gap: float
    tstt: float
    sptt: float
    objective: float
    iterations: int
    seconds: float
    converged: bool
    target_gap: float
    unreachable: pd.DataFrame
    gap_history: tuple[float, ...] = ()

    @property
    def unreachable_demand(self) -> float:
        """The demand of the unreachable pairs (not assigned)."""
        return float(self.unreachable["demand"].sum()) if len(self.unreachable) else 0.0

    def summary(self) -> dict[str, object]:
        """The figures a report or `--json` prints."""
        return {
            "algorithm": self.algorithm,
            "objective": self.objective,
            "tstt": self.tstt,
            "sptt": self.sptt,
            "relative_gap": self.relative_gap,
            "target_gap": self.target_gap,
            "iterations": self.iterations,
            "seconds": self.seconds,
            "converged": self.converged,
            "unreachable_pairs": len(self.unreachable),
            "unreachable_demand": self.unreachable_demand,
        }


def relative_gap(tstt: float, sptt: float) -> float:
    """(TSTT - SPTT) / TSTT; zero when nothing moves at a cost."""
    if tstt <= 0.0:
        return 0.0
    return (tstt - sptt) / tstt
