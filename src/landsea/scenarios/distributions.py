"""Uncertain numbers in scenario files: a distribution in place of any number.

A scenario number is either a plain number or a TOML inline table naming a distribution:

    time_factor = { dist = "triangular", low = 0.5, mode = 0.6, high = 0.8 }
    rate_per_year = { dist = "normal", mean = 0.05, sd = 0.01 }
    months = { dist = "empirical", values = [9, 10, 11, 11] }

`sample(u)` maps a uniform number u in [0, 1) to a value through the distribution's inverse CDF
(scipy.stats' `ppf`), so a Latin hypercube or Sobol design (scipy.stats.qmc) in the unit cube
becomes a design in the inputs. A deterministic run uses each distribution's median
(`sample(0.5)`), so "the scenario" and "the middle of its sweep" are the same thing.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy import stats


class _Distribution(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def sample(self, u: float) -> float:
        """The value at cumulative probability `u` (a uniform draw in [0, 1))."""
        if not 0.0 <= u < 1.0 or math.isnan(u):
            raise ValueError(f"u must lie in [0, 1), got {u}")
        return float(self.samples(np.array([u]))[0])

    def samples(self, u: np.ndarray) -> np.ndarray:
        """`sample` of a whole column of draws at once: one scipy call, not one a draw (a
        design of 1,000 samples x a few inputs drawn one by one takes seconds)."""
        u = np.asarray(u, dtype=np.float64)
        if u.size and not (u.min() >= 0.0 and u.max() < 1.0):  # NaN fails both
            raise ValueError(f"u must lie in [0, 1), got {u.min()}..{u.max()}")
        return np.asarray(self._ppf(np.maximum(u, 1e-12)), dtype=np.float64)

    def median(self) -> float:
        """The value a deterministic run uses."""
        return self.sample(0.5)

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class Triangular(_Distribution):
    """Triangular on [low, high] with its peak at `mode`."""

    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _check(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"triangular needs low <= mode <= high and low < high, got "
                f"{self.low:g}/{self.mode:g}/{self.high:g}"
            )
        return self

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        width = self.high - self.low
        c = (self.mode - self.low) / width
        return np.asarray(stats.triang(c, loc=self.low, scale=width).ppf(u))


class Uniform(_Distribution):
    """Uniform on [low, high)."""

    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _check(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"uniform needs low < high, got {self.low:g}/{self.high:g}")
        return self

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(stats.uniform(loc=self.low, scale=self.high - self.low).ppf(u))


class Normal(_Distribution):
    """Normal with mean and standard deviation `sd` (> 0)."""

    dist: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(stats.norm(loc=self.mean, scale=self.sd).ppf(u))


class Lognormal(_Distribution):
    """Lognormal given by its median (> 0) and the sd of its logarithm `sigma` (> 0)."""

    dist: Literal["lognormal"]
    median_value: float = Field(gt=0, alias="median")
    sigma: float = Field(gt=0)

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(stats.lognorm(s=self.sigma, scale=self.median_value).ppf(u))


class Empirical(_Distribution):
    """Observed values, each equally likely (the inverse of their empirical CDF)."""

    dist: Literal["empirical"]
    values: list[float] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Empirical:
        if not all(math.isfinite(v) for v in self.values):
            raise ValueError("empirical values must be finite numbers")
        return self

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        ordered = np.sort(np.asarray(self.values, dtype=np.float64))
        return ordered[np.minimum((u * ordered.size).astype(int), ordered.size - 1)]


Distribution = Annotated[
    Triangular | Uniform | Normal | Lognormal | Empirical, Field(discriminator="dist")
]
DISTRIBUTIONS: tuple[str, ...] = ("triangular", "uniform", "normal", "lognormal", "empirical")

# A number in a scenario file: a plain value or a distribution of values.
Number = float | Distribution


def value_of(number: float | _Distribution) -> float:
    """A plain number as it is; a distribution at its median (a deterministic run)."""
    return number.median() if isinstance(number, _Distribution) else float(number)


def is_distribution(value: object) -> bool:
    return isinstance(value, _Distribution)
