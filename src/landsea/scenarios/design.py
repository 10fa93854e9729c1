"""Monte Carlo designs: points in the unit cube, and the values they give a scenario's inputs.

A design is a Latin hypercube or a scrambled Sobol sequence in [0, 1)^d (scipy.stats.qmc), one
dimension per uncertain input of the scenario (`sampling.uncertain_inputs`, in file order). Each
point becomes values through each distribution's inverse CDF (`samples(u)`), so the strata of
the hypercube become strata of every input's distribution.

>>> from landsea.scenarios.files import load_scenario
>>> from landsea.scenarios.sampling import uncertain_inputs
>>> values = design_values(uncertain_inputs(load_scenario("baseline_2025")), 4, seed=3)
>>> list(values.columns)
['demand.growth.0.rate_factor']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.stats import qmc

from landsea.errors import ScenarioError

Method = Literal["lhs", "sobol"]
METHODS: tuple[str, ...] = ("lhs", "sobol")
MAX_SAMPLES = 1_000_000


def unit_design(dimensions: int, samples: int, seed: int, method: Method = "lhs") -> np.ndarray:
    """`samples` points in [0, 1)^dimensions: a Latin hypercube, or scrambled Sobol (the
    number of samples must then be a power of two, where the sequence keeps its balance)."""
    if not 1 <= samples <= MAX_SAMPLES:
        raise ScenarioError(f"--samples must be between 1 and {MAX_SAMPLES:,}, got {samples}")
    if seed < 0:
        raise ScenarioError(f"--seed must be a non-negative integer, got {seed}")
    if dimensions == 0:
        return np.zeros((samples, 0))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0xD5,)))
    if method == "lhs":
        return np.asarray(qmc.LatinHypercube(d=dimensions, rng=rng).random(samples))
    if method == "sobol":
        if samples & (samples - 1):
            raise ScenarioError(
                f"--method sobol needs a power of two samples (e.g. {_next_power(samples)}), "
                f"got {samples}"
            )
        sobol = qmc.Sobol(d=dimensions, scramble=True, rng=rng)
        return np.asarray(sobol.random_base2(int(np.log2(samples))))
    raise ScenarioError(f"unknown --method {method!r}; choose one of {', '.join(METHODS)}")


def _next_power(n: int) -> int:
    return 1 << (n - 1).bit_length()


def design_values(
    inputs: Mapping[str, Any], samples: int, seed: int, method: Method = "lhs"
) -> pd.DataFrame:
    """One row per sample, one column per input (path -> distribution): the sampled values."""
    unit = unit_design(len(inputs), samples, seed, method)
    columns = {
        path: distribution.samples(unit[:, j])
        for j, (path, distribution) in enumerate(inputs.items())
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(samples, name="sample"))
