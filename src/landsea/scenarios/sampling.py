"""The uncertain inputs of a scenario, and the scenario with numbers put in their place.

Paths are dotted keys of the scenario as written (`demand.growth.0.rate_factor`,
`levers.2.navigable_months`). A sweep draws u in [0, 1) per path (Latin hypercube, Sobol) and
calls `sample(scenario, u)`; a deterministic run calls `resolve(scenario)` (every distribution
at its median).

>>> from landsea.scenarios.files import load_scenario
>>> list(uncertain_inputs(load_scenario("baseline_2025")))
['demand.growth.0.rate_factor']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter

from landsea.errors import ScenarioError
from landsea.scenarios.distributions import DISTRIBUTIONS, Distribution
from landsea.scenarios.spec import Scenario

_DISTRIBUTION: TypeAdapter[Any] = TypeAdapter(Distribution)


def _is_distribution(node: object) -> bool:
    return isinstance(node, dict) and node.get("dist") in DISTRIBUTIONS


def _walk(node: Any, path: tuple[str, ...], found: dict[str, Any]) -> None:
    if _is_distribution(node):
        found[".".join(path)] = _DISTRIBUTION.validate_python(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            _walk(value, (*path, str(key)), found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk(value, (*path, str(index)), found)


def _dump(scenario: Scenario) -> dict[str, Any]:
    # A project's costs (`[project]`) do not change a model run: leaving them out keeps them
    # out of sweeps and out of a result's key (`landsea appraise` samples them itself).
    return scenario.model_dump(by_alias=True, exclude_none=True, exclude={"project"})


def uncertain_inputs(scenario: Scenario) -> dict[str, Any]:
    """Every number given as a distribution: dotted path -> distribution (file order)."""
    found: dict[str, Any] = {}
    _walk(_dump(scenario), (), found)
    return found


def _replace(node: Any, path: tuple[str, ...], values: Mapping[str, float]) -> Any:
    if _is_distribution(node):
        key = ".".join(path)
        dist = _DISTRIBUTION.validate_python(node)
        return float(values[key]) if key in values else dist.median()
    if isinstance(node, dict):
        return {k: _replace(v, (*path, str(k)), values) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace(v, (*path, str(i)), values) for i, v in enumerate(node)]
    return node


def resolve(scenario: Scenario, values: Mapping[str, float] | None = None) -> Scenario:
    """The scenario with plain numbers: `values` by path, other distributions at their median."""
    values = values or {}
    unknown = sorted(set(values) - set(uncertain_inputs(scenario)))
    if unknown:
        raise ScenarioError(f"no distribution at {', '.join(unknown)} in {scenario.name}")
    resolved = Scenario.model_validate(_replace(_dump(scenario), (), values))
    resolved.attach_sources(scenario._sources)
    return resolved


def sample(scenario: Scenario, u: Mapping[str, float]) -> Scenario:
    """The scenario at uniform draws `u` (path -> [0, 1)), through each inverse CDF."""
    inputs = uncertain_inputs(scenario)
    unknown = sorted(set(u) - set(inputs))
    if unknown:
        raise ScenarioError(f"no distribution at {', '.join(unknown)} in {scenario.name}")
    return resolve(scenario, {path: inputs[path].sample(float(x)) for path, x in u.items()})
