"""The queue surrogate of a sweep sample: crossing delay learned from the scenario's own run.

A sweep runs one scenario many times with nearby inputs. Simulating every crossing in every
iteration of every sample's simulation-assignment loop is most of a sample's time (issue 9), so
a sample may instead use a metamodel of the queues, learned once per process from the
scenario's deterministic run (`runner.warm_start`): for each crossing, the points the loop
simulated (probes too) and a grid around where it settled (each point the mean of a few seeds
at a busy crossing): flow -> mean delay, and the dwell figures the KPIs read. A sample then
assigns with those curves as the crossing costs (one logit equilibrium, warm-started from where
the surrogate settles at the scenario's own inputs, on those route sets: no cheapest route is
added, which halves a sample's CPU time; over 16 samples no KPI median of baseline_2025 moved,
synergy's totals 0.04 %, pairs 1 %, dwell P50 4 %) and reads each crossing's dwell by
interpolating the learned points at its flow.

Where a sample's flow at a crossing leaves the learned range by more than `MARGIN`, or the
sample changed the crossing (its spec or regime differ from the learned run's), that crossing
is simulated with the sample's seed and the point added for this sample only, and the
equilibrium is solved again: it stops when an equilibrium needs no new simulation. Nothing a
sample learns is kept, so results do not depend on which samples ran before.

The word and its meaning: `landsea.vocabulary.Fidelity` (surrogate or simulate).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from landsea.assignment.multimodal_problem import CapacitySettings
from landsea.scenarios.edits import Setup
from landsea.scenarios.kpis import DWELL_KEYS, dwell_figures
from landsea.scenarios.loop import (
    MIN_UNITS_PER_DAY,
    PROBE_FROM,
    Iteration,
    LoopNotSettledError,
    LoopResult,
    LoopState,
    _capacity,
    _Crossing,
    _crossing_flows,
    _crossings,
    _excess_h,
    _not_settled,
    _residuals,
    _shape,
    _simulate,
    _Template,
    corridor_report,
)
from landsea.simulation.crossing import CrossingRun
from landsea.simulation.spec import CrossingSpec

GROW_ROUTES = False  # a sample keeps the warm start's route sets (see surrogate_assignment)
MARGIN = 0.05  # share of a flow a sample may pass the learned range by before it is simulated


@dataclass(frozen=True)
class LearnedCrossing:
    """A crossing's simulated points (sorted by the heavier direction's units a day): mean delay
    above the normal dwell (h), and the dwell figures in `DWELL_KEYS` order. Valid for the same
    spec, regime and simulated days."""

    spec: CrossingSpec
    regime: str
    days: int
    units: np.ndarray
    excess_h: np.ndarray
    dwell: np.ndarray  # points x DWELL_KEYS

    def covers(self, units: float) -> bool:
        low, high = float(self.units[0]), float(self.units[-1])
        return low * (1.0 - MARGIN) <= units <= high * (1.0 + MARGIN)


@dataclass(frozen=True)
class Warm:
    """What a scenario's deterministic run leaves for its samples: where its loop settled
    (simulated samples start their equilibria there), the crossings it learned, and where the
    surrogate's own equilibrium settles at the same inputs (surrogate samples start there)."""

    state: LoopState | None
    crossings: dict[str, LearnedCrossing] = field(default_factory=dict)
    surrogate: LoopState | None = None

    def settled(self, setup: Setup, seed: int) -> Warm:
        """This, with the surrogate's equilibrium at the scenario's own inputs (`setup`)."""
        if not self.crossings:
            return self
        outcome = surrogate_assignment(setup, seed, self)
        return replace(self, surrogate=outcome.state)


def learn(setup: Setup, outcome: LoopResult, seed: int) -> dict[str, LearnedCrossing]:
    """Each crossing's points: a grid around where the loop settled (`SPAN`, `STEP`), each
    point the mean of `SEEDS` simulations at a busy crossing (seeds seed, seed + 1, ...), and
    the loop's own points (`outcome.seen`, from `learn=True`) beyond the grid."""
    crossings = _crossings(setup, CapacitySettings())
    learned = {}
    for cid, seen in outcome.seen.items():
        if cid not in crossings or not seen:
            continue
        c = crossings[cid]
        settled = outcome.units.get(cid, (0.0, 0.0))
        heavy = max(settled)
        points = {u: _point(run, c) for u, run in seen.items() if not _in_grid(u, heavy)}
        seeds = SEEDS if heavy >= PROBE_FROM * c.capacity_per_direction else 1
        for factor in _grid(heavy):
            loads = (settled[0] * factor, settled[1] * factor)
            runs = [_simulate(setup, cid, loads, seed + k) for k in range(seeds)]
            points[round(max(loads), 6)] = _mean([_point(run, c) for run in runs])
        order = sorted(points)
        learned[cid] = LearnedCrossing(
            spec=setup.specs[cid],
            regime=c.regime,
            days=setup.scenario.loop.days,
            units=np.array(order, dtype=np.float64),
            excess_h=np.array([points[u][0] for u in order]),
            dwell=np.array([points[u][1] for u in order], dtype=np.float64),
        )
    return learned


# A sample's demand moves a crossing's flow by some per cent (more where traffic shifts between
# parallel crossings); near capacity a queue turns steep within a few per cent (Youyiguan road,
# 2026-12-01 morning: dwell P50 6.0 h at its settled flow, 9.8 h at 105 %, 20.5 h at 107.5 %):
# hence a dense grid, and beyond it the sample's own simulation.
SPAN = 0.12  # the grid reaches this share of the settled flow either way
STEP = 0.04  # a grid point every this share of the settled flow
# simulations averaged at each grid point of a busy crossing (loaded past PROBE_FROM); 2 seeds
# and a 4 % step agree with the simulated samples as 3 seeds and 3 % did (16 samples of
# baseline_2025 and synergy: no KPI kind's largest P50 difference moved by more than 0.5
# points) and take 25 % less of the warm start (5.1-5.7 s of CPU, was 6.9-7.6 s)
SEEDS = 2


GRID_FROM_UNITS = 1.0  # units a day: below, a grid point may see no vehicle after the warm-up


def _grid(settled: float) -> list[float]:
    """The grid's factors of the settled flow (none at a crossing with less than
    GRID_FROM_UNITS a day: its samples simulate it where they leave the loop's points)."""
    if settled < GRID_FROM_UNITS:
        return []
    steps = round(SPAN / STEP)
    return [1.0 + STEP * k for k in range(-steps, steps + 1)]


def _in_grid(units: float, settled: float) -> bool:
    if settled < GRID_FROM_UNITS:
        return False
    return abs(units / settled - 1.0) <= SPAN + STEP / 2


def _mean(points: list[tuple[float, tuple[float, ...]]]) -> tuple[float, tuple[float, ...]]:
    excess = float(np.mean([p[0] for p in points]))
    return excess, tuple(float(v) for v in np.mean([p[1] for p in points], axis=0))


def _point(run: CrossingRun, crossing: _Crossing) -> tuple[float, tuple[float, ...]]:
    figures = dwell_figures(run)
    return _excess_h(run, crossing), tuple(figures[k] for k in DWELL_KEYS)


@dataclass
class _Known:
    """A sample's copy of a crossing's points (the sample's own simulations added)."""

    units: list[float]
    excess_h: list[float]
    dwell: list[tuple[float, ...]]

    def covers(self, units: float) -> bool:
        if not self.units:
            return False
        return min(self.units) * (1.0 - MARGIN) <= units <= max(self.units) * (1.0 + MARGIN)

    def add(self, units: float, excess_h: float, dwell: tuple[float, ...]) -> None:
        self.units.append(units)
        self.excess_h.append(excess_h)
        self.dwell.append(dwell)

    def dwell_at(self, units: float) -> dict[str, float]:
        order = np.argsort(self.units)
        flows = np.asarray(self.units)[order]
        table = np.asarray(self.dwell, dtype=np.float64)[order]
        return {k: float(np.interp(units, flows, table[:, i])) for i, k in enumerate(DWELL_KEYS)}


def _known(setup: Setup, warm: Warm, cid: str, regime: str) -> _Known:
    found = warm.crossings.get(cid)
    usable = (
        found is not None
        and found.regime == regime
        and found.days == setup.scenario.loop.days
        and found.spec == setup.specs[cid]
    )
    if found is None or not usable:
        return _Known([], [], [])
    return _Known(found.units.tolist(), found.excess_h.tolist(), [tuple(r) for r in found.dwell])


def surrogate_assignment(setup: Setup, seed: int, warm: Warm) -> LoopResult:
    """A sample's loads, delays and dwell from the learned crossings (see the module's text).

    Each iteration is one logit equilibrium; it ends at the first one whose crossings' flows
    all lie in their learned ranges. ConvergenceError when that takes more than the
    scenario's loop.max_iterations."""
    loop = setup.scenario.loop
    crossings = _crossings(setup, CapacitySettings())
    known = {cid: _known(setup, warm, cid, c.regime) for cid, c in crossings.items()}
    for cid, c in crossings.items():
        c.points = dict(zip(known[cid].units, known[cid].excess_h, strict=True))
    template: _Template | None = None
    routes = None
    start = warm.surrogate or warm.state
    previous: dict[str, tuple[float, float]] | None = None
    history: list[Iteration] = []
    for iteration in range(1, loop.max_iterations + 1):
        capacity = _capacity(crossings, "curve")
        template = template or _Template.build(setup, capacity)
        detail = template.problem(capacity)
        if iteration == 1 and start is not None and start.fits(detail.problem):
            routes = start.routes
        flows = _crossing_flows(setup, template, detail, crossings, routes, GROW_ROUTES)
        routes = flows.sue.sets if routes is not None else None
        simulated, excess = 0, {}
        for cid, c in crossings.items():
            heavy = max(flows.units[cid])
            if sum(flows.units[cid]) < MIN_UNITS_PER_DAY:
                excess[cid] = 0.0
                continue
            if known[cid].covers(heavy):
                excess[cid] = c.assumed_h(heavy, "curve")
                continue
            run = _simulate(setup, cid, flows.units[cid], seed)
            delay, figures = _point(run, c)
            known[cid].add(heavy, delay, figures)
            c.points[round(heavy, 6)] = excess[cid] = delay
            simulated += 1
        delay_residual, flow_residual, worst_delay, worst_flow = _residuals(
            crossings, flows.units, excess, previous, loop
        )
        if previous is None:
            flow_residual = 0.0 if simulated == 0 else flow_residual
        history.append(
            Iteration(
                iteration,
                delay_residual,
                flow_residual,
                worst_delay,
                worst_flow,
                flows.sue.iterations,
            )
        )
        if simulated == 0:
            assignment = corridor_report(setup, flows, capacity, lines=False)
            interpolated = {
                cid: known[cid].dwell_at(max(flows.units[cid]))
                for cid in crossings
                if known[cid].units and sum(flows.units[cid]) >= MIN_UNITS_PER_DAY
            }
            state = LoopState(flows.sue.sets, _shape(detail.problem))
            return LoopResult(
                assignment, {}, excess, tuple(history), state, True, dwell=interpolated
            )
        previous = flows.units
    raise LoopNotSettledError(_not_settled(setup, history), tuple(history))
