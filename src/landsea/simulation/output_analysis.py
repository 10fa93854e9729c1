"""Output analysis: batch-means confidence intervals, Erlang C (warm-up is cut by the callers)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as scipy_stats

from landsea.errors import SimulationError

DEFAULT_BATCHES = 20


@dataclass(frozen=True)
class Estimate:
    """A mean with its confidence interval from batch means."""

    mean: float
    ci_low: float
    ci_high: float
    batches: int
    confidence: float

    def contains(self, value: float) -> bool:
        """True when `value` lies inside the interval (bounds included)."""
        return self.ci_low <= value <= self.ci_high


def batch_means(
    values: np.ndarray, batches: int = DEFAULT_BATCHES, confidence: float = 0.95
) -> Estimate:
    """Mean of a correlated series with a Student-t interval over `batches` contiguous batches.

    Waits in a queue are strongly autocorrelated, so the naive standard error is far too small;
    means of long contiguous batches are nearly independent (Law, Simulation Modeling, ch. 9).
    Observations that do not fill the last batch are left out of the interval, not the mean.

    Raises:
        SimulationError: fewer than 2 batches, or fewer observations than batches.
    """
    n = values.shape[0]
    if batches < 2:
        raise SimulationError("batch means need at least 2 batches")
    if n < batches:
        raise SimulationError(f"{n} observations cannot fill {batches} batches")
    size = n // batches
    means = values[: size * batches].reshape(batches, size).mean(axis=1)
    centre = float(values.mean())
    spread = float(means.std(ddof=1)) / math.sqrt(batches)
    t = _t_quantile(0.5 + confidence / 2.0, batches - 1)
    return Estimate(centre, centre - t * spread, centre + t * spread, batches, confidence)


@functools.lru_cache(maxsize=64)
def _t_quantile(q: float, degrees_of_freedom: int) -> float:
    """Student's t quantile, kept: a sweep sample asks for the same one ~200 times."""
    return float(scipy_stats.t.ppf(q, degrees_of_freedom))


def erlang_c(servers: int, arrival_rate: float, service_rate: float) -> tuple[float, float]:
    """M/M/c in steady state: (probability of waiting, mean wait in queue).

    Erlang B by its stable recursion, then C = B / (1 - rho (1 - B)); Wq = C / (c mu - lambda).

    Raises:
        SimulationError: utilisation >= 1 (no steady state).
    """
    offered = arrival_rate / service_rate
    rho = offered / servers
    if rho >= 1.0:
        raise SimulationError(f"utilisation {rho:.3f} >= 1: no steady state")
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered * blocking / (k + offered * blocking)
    p_wait = blocking / (1.0 - rho * (1.0 - blocking))
    return p_wait, p_wait / (servers * service_rate - arrival_rate)
