"""From a crossing spec and a regime to the stages the kernel runs: servers and service scales."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from landsea.errors import SimulationError
from landsea.simulation.calibration import (
    CHANNEL_PROBABILITIES,
    CHANNEL_WEIGHTS,
    COMPOSITION,
    HEADROOM,
    REGIME_NAMES,
    StageRow,
    mean_channel_weight,
    stages_for,
)
from landsea.simulation.hours import OpeningHours
from landsea.simulation.spec import CrossingSpec, ProcessTime


@dataclass(frozen=True)
class StagePlan:
    """One stage as run: a truck's service is `scale` x a draw of the regime's process time
    (x its channel's weight over the mean weight at an inspection stage)."""

    name: str
    kind: str
    servers: int
    scale: float
    mean_h: float  # expected service per truck, green channel (zero) included

    @property
    def channelled(self) -> bool:
        return self.kind == "inspection"


@dataclass(frozen=True)
class CrossingPlan:
    spec: CrossingSpec
    regime: str
    hours: OpeningHours
    process: ProcessTime
    stages: tuple[StagePlan, ...]

    @property
    def capacity_per_direction(self) -> float:
        """What one direction clears a day at its bottleneck stage (whole servers, so at small
        crossings this can exceed the dataset's figure: one server is the least there is)."""
        return min(
            stage.servers * _working_span_h(self.hours, stage.mean_h) / stage.mean_h
            for stage in self.stages
            if stage.mean_h > 0
        )


def check_regime(regime: str) -> str:
    if regime not in REGIME_NAMES:
        raise SimulationError(f"unknown regime {regime!r}; choose one of {', '.join(REGIME_NAMES)}")
    return regime


def _scales(rows: tuple[StageRow, ...], process: ProcessTime) -> dict[str, float]:
    """Shares rescaled so the stage means add up to the regime's mean process time."""
    total = sum(row.share for row in rows)
    return {row.name: row.share / total for row in rows} if total > 0 else {}


def _standard_servers(spec: CrossingSpec, hours: OpeningHours) -> dict[str, int]:
    """Servers per standard stage: each clears HEADROOM x one direction's capacity in its hours."""
    rows = stages_for("standard", spec.mode)
    process = spec.process["standard"]
    servers: dict[str, int] = {}
    for row in rows:
        mean_service = _scales(rows, process)[row.name] * process.mean_h
        work_h = HEADROOM[row.kind] * spec.capacity_per_direction * mean_service
        servers[row.name] = max(1, math.ceil(work_h / _working_span_h(hours, mean_service)))
    return servers


def _working_span_h(hours: OpeningHours, mean_service_h: float) -> float:
    """Hours a server busy all day works: a truck started just before closing is finished,
    so a gate open H hours keeps each server busy about H + one service (24 h if never shut)."""
    if hours.always_open:
        return 24.0
    return hours.open_hours_per_day + mean_service_h


def _servers_for(row: StageRow, standard: dict[str, int]) -> int:
    if row.name in standard:
        return standard[row.name]
    # a joint stop pools the exit and entry sides' servers of the same kind
    return standard[f"{row.kind}_exit"] + standard[f"{row.kind}_entry"]


def plan_crossing(spec: CrossingSpec, regime: str, extended_hours: bool = False) -> CrossingPlan:
    """The stages of `spec` under `regime`, servers sized on the standard regime."""
    check_regime(regime)
    if regime not in COMPOSITION or regime not in spec.process:
        raise SimulationError(f"crossing {spec.crossing_id} has no data for regime {regime!r}")
    hours = spec.extended_hours if extended_hours and spec.extended_hours else spec.hours
    standard = _standard_servers(spec, spec.hours)
    rows = stages_for(regime, spec.mode)
    process = spec.process[regime]
    scales = _scales(rows, process)
    stages = tuple(
        StagePlan(
            name=row.name,
            kind=row.kind,
            servers=_servers_for(row, standard),
            scale=scales[row.name],
            mean_h=scales[row.name] * process.mean_h,
        )
        for row in rows
    )
    return CrossingPlan(spec, regime, hours, process, stages)


def service_matrix(
    plan: CrossingPlan,
    customers: int,
    rngs: dict[str, np.random.Generator],
    extra_red: np.ndarray | None = None,
) -> np.ndarray:
    """Service hours per stage and truck; green-channel trucks get 0 (they bypass inspection).

    `extra_red[i]` moves that share of truck i's green probability to red (the fruit season's
    phytosanitary checks); inspection effort stays normalised to the regime's ordinary mix, so
    a season of red-channel trucks means more work at the same inspection bays.
    """
    process = plan.process
    service = np.empty((len(plan.stages), customers))
    green, yellow, _ = CHANNEL_PROBABILITIES[plan.regime]
    shift = np.zeros(customers) if extra_red is None else np.minimum(extra_red, green)
    relative = np.asarray(CHANNEL_WEIGHTS) / mean_channel_weight(plan.regime)
    for k, stage in enumerate(plan.stages):
        draw = rngs[f"service/{stage.name}"].triangular(
            process.min_h, process.mode_h, process.max_h, customers
        )
        service[k] = stage.scale * draw
        if stage.channelled:
            u = rngs[f"channel/{stage.name}"].random(customers)
            channel = (u >= green - shift).astype(np.int64) + (u >= green - shift + yellow)
            service[k] *= relative[channel]  # 0 green, 1 yellow, 2 red
    return service
