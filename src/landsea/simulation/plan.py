"""From a crossing spec and a regime to the stages the kernel runs: servers and service scales."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from landsea import regimes
from landsea.errors import DataError, SimulationError
from landsea.regimes import CHANNEL_WEIGHTS, STANDARD_NAME, StageRow, regime_record
from landsea.simulation.hours import OpeningHours
from landsea.simulation.spec import CrossingSpec, ProcessTime
from landsea.simulation.stage_table import (
    HEADROOM,
    PATH_PASS_H,
    mean_channel_weight,
    stages_for,
)


@dataclass(frozen=True)
class StagePlan:
    """One stage as run: a truck's service is `scale` x a draw of the regime's process time
    (x its channel's weight over the mean weight at an inspection stage)."""

    name: str
    kind: str
    servers: int
    scale: float
    mean_h: float  # expected service per truck, green channel (zero) included
    hold_h: float | None = None  # a fixed time each customer holds its server (a border path)

    @property
    def channelled(self) -> bool:
        """True at an inspection stage, where trucks draw a green, yellow or red channel."""
        return self.kind == "inspection"

    @property
    def mean_hold_h(self) -> float:
        """How long a truck holds a server on average (a path's headway, else its service)."""
        return self.mean_h if self.hold_h is None else self.hold_h


@dataclass(frozen=True)
class CrossingPlan:
    """A crossing under one regime as the kernel runs it: gate hours and the stages in order."""

    spec: CrossingSpec
    regime: str
    hours: OpeningHours
    process: ProcessTime
    stages: tuple[StagePlan, ...]
    late_closes_h: float | None = None  # the extended closing, when the gate may work late
    late_at_queue: float = float("inf")  # trucks waiting at closing that keep the gate open

    @property
    def capacity_per_direction(self) -> float:
        """What one direction clears a day at its bottleneck stage (whole servers, so at small
        crossings this can exceed the dataset's figure: one server is the least there is)."""
        return min(
            stage.servers * _working_span_h(self.hours, stage.mean_hold_h) / stage.mean_hold_h
            for stage in self.stages
            if stage.mean_hold_h > 0
        )


def check_regime(regime: str) -> str:
    """`regime` when it is registered (landsea.regimes).

    Raises:
        SimulationError: no regime of that name is registered (the message lists those that are).
    """
    try:
        return regimes.check_regime(regime)
    except DataError as err:
        raise SimulationError(str(err)) from None


def _scales(rows: tuple[StageRow, ...], process: ProcessTime) -> dict[str, float]:
    """Shares rescaled so the stage means add up to the regime's mean process time."""
    total = sum(row.share for row in rows)
    return {row.name: row.share / total for row in rows} if total > 0 else {}


def work_scale(spec: CrossingSpec) -> float:
    """The share of the dataset's process time that is work (1 until calibrated)."""
    return 1.0 if spec.service_scale is None else spec.service_scale


def _standard_servers(spec: CrossingSpec, hours: OpeningHours) -> dict[str, int]:
    """Servers per standard stage: each clears HEADROOM x one direction's capacity in its hours."""
    rows = stages_for(STANDARD_NAME, spec.mode)
    process = spec.process[STANDARD_NAME]
    servers: dict[str, int] = {}
    for row in rows:
        if row.kind == "path":
            continue
        mean_service = _scales(rows, process)[row.name] * process.mean_h * work_scale(spec)
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
    if row.kind == "path":
        return 1
    if row.name in standard:
        return standard[row.name]
    # a joint stop pools the exit and entry sides' servers of the same kind
    return standard[f"{row.kind}_exit"] + standard[f"{row.kind}_entry"]


def plan_crossing(
    spec: CrossingSpec,
    regime: str,
    extended_hours: bool = False,
    extend_at_queue: float | None = None,
) -> CrossingPlan:
    """The stages of `spec` under `regime`, servers sized on the standard regime.

    Where the dataset gives a later closing (`closes_extended`), the gate works late on days
    when `extend_at_queue` trucks (default: 10% of a direction's daily capacity) are still
    waiting at the normal closing; `extended_hours=True` works late every day. Servers are
    sized in `spec.sizing_hours`: a scenario with other gate hours keeps the same staff.

    Raises:
        SimulationError: an unknown regime, one the crossing has no data for, a later
            closing asked of a crossing without one, or a negative `extend_at_queue`.
    """
    check_regime(regime)
    if regime not in spec.process:
        raise SimulationError(f"crossing {spec.crossing_id} has no data for regime {regime!r}")
    standard = _standard_servers(spec, spec.sizing_hours)  # other hours keep the same staff
    rows = stages_for(regime, spec.mode)
    process = spec.process[regime]
    scales = {name: share * work_scale(spec) for name, share in _scales(rows, process).items()}
    stages = tuple(_stage_plan(row, spec, standard, scales[row.name], process) for row in rows)
    late_closes, late_at = _late_rule(spec, extended_hours, extend_at_queue)
    return CrossingPlan(spec, regime, spec.hours, process, stages, late_closes, late_at)


def _stage_plan(
    row: StageRow, spec: CrossingSpec, standard: dict[str, int], scale: float, process: ProcessTime
) -> StagePlan:
    servers = _servers_for(row, standard)
    if row.kind == "path":
        # a path's headway is the track's: it passes as many a day in the hours it was sized on
        headway = spec.sizing_hours.open_hours_per_day / spec.capacity_per_direction
        return StagePlan(row.name, row.kind, servers, 0.0, PATH_PASS_H, hold_h=headway)
    return StagePlan(row.name, row.kind, servers, scale, scale * process.mean_h)


# A gate that may close late does so when this share of a direction's daily capacity is still
# waiting at the normal closing (estimate: Lao Cai extends "when congested" [B3]).
EXTEND_AT_SHARE_OF_DAILY_CAPACITY = 0.1


def _late_rule(
    spec: CrossingSpec, always: bool, at_queue: float | None
) -> tuple[float | None, float]:
    """(extended closing, queue that triggers it): every day when `always`, never without data."""
    if spec.extended_hours is None:
        if always or at_queue is not None:
            raise SimulationError(
                f"{spec.crossing_id} has no later closing in the dataset (closes_extended); "
                "set the hours instead"
            )
        return None, float("inf")
    if always:
        return spec.extended_hours.closes_h, 0.0
    if at_queue is not None:
        if at_queue < 0:
            raise SimulationError(
                f"the queue that keeps the gate open must be >= 0, got {at_queue}"
            )
        return spec.extended_hours.closes_h, at_queue
    share = EXTEND_AT_SHARE_OF_DAILY_CAPACITY
    return spec.extended_hours.closes_h, share * spec.capacity_per_direction


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
    green, yellow, _ = regime_record(plan.regime).channels
    shift = np.zeros(customers) if extra_red is None else np.minimum(extra_red, green)
    relative = np.asarray(CHANNEL_WEIGHTS) / mean_channel_weight(plan.regime)
    for k, stage in enumerate(plan.stages):
        if stage.kind == "path":
            service[k] = stage.mean_h
            continue
        draw = rngs[f"service/{stage.name}"].triangular(
            process.min_h, process.mode_h, process.max_h, customers
        )
        service[k] = stage.scale * draw
        if stage.channelled:
            u = rngs[f"channel/{stage.name}"].random(customers)
            channel = (u >= green - shift).astype(np.int64) + (u >= green - shift + yellow)
            service[k] *= relative[channel]  # 0 green, 1 yellow, 2 red
    return service


def hold_matrix(plan: CrossingPlan, service: np.ndarray) -> np.ndarray | None:
    """How long each customer holds its server, where a stage holds longer than it serves
    (a border path: one headway); None when every stage holds exactly its service."""
    fixed = [(k, stage.hold_h) for k, stage in enumerate(plan.stages) if stage.hold_h is not None]
    if not fixed:
        return None
    hold = service.copy()
    for k, hold_h in fixed:
        hold[k] = hold_h
    return hold
