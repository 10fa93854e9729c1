"""The simulation-assignment loop: assign, simulate the loaded crossings, feed the delay back.

Each iteration assigns the demand with a delay function per crossing, simulates every crossing
that carries traffic with the assigned arrivals (both directions, its regime, its gate hours),
and compares the simulated delay (mean dwell above the dataset's normal dwell, which the
graph already charges) with the delay the assignment assumed at those flows.

Feedback "curve" (default): the assignment sees, per crossing and direction, the BPR shape on
the simulation's capacity scaled by a factor k; after each simulation k is set so the curve
passes through the simulated point (flow, delay) and averaged with the previous k (damping, or
1/iteration: successive averages). Feedback "time": the simulated delay becomes a fixed extra
crossing time with no dependence on flow (it can oscillate; docs/scenarios.md).

It stops when both residuals are within tolerance: the largest gap, over crossings, between
simulated and assumed delay (hours), and the largest relative change of crossing flows since the
previous iteration. Otherwise ConvergenceError (exit 4) with the history. Each crossing's
simulation draws from streams keyed by the seed and the crossing's id, the same in every
iteration and every scenario (common random numbers).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from landsea.assignment.choice import (
    HELD,
    CorridorEquilibrium,
    RouteSets,
    stochastic_equilibrium,
)
from landsea.assignment.delay import DelayCurve
from landsea.assignment.equilibrium import Settings
from landsea.assignment.freight import AssignmentDetail, CorridorAssignment, assignment_of
from landsea.assignment.multiclass import MulticlassProblem
from landsea.assignment.multimodal_problem import (
    CapacitySettings,
    corridor_problem,
)
from landsea.errors import ConvergenceError
from landsea.scenarios.edits import Setup
from landsea.scenarios.spec import LoopSettings
from landsea.simulation.crossing import CrossingRun, CrossingScenario, simulate_crossing

CURVE_POINTS = 61
KNEE = 0.95  # share of capacity where the queue shape turns straight
PROBE = 0.03  # loaded crossings are also simulated at 3 % more traffic: the local slope
MAX_ASSIGNMENT_ITERATIONS = 400
PROBE_FROM = 0.4  # share of capacity from which a crossing is probed
MIN_UNITS_PER_DAY = 0.05  # fewer vehicles a day than this: nothing to simulate
BETWEEN = 8  # steps of the geometric join between two simulated points (`_geometric`)
GEOMETRIC_FLOOR_H = 0.1  # h added to delays before they are joined geometrically


class LoopNotSettledError(ConvergenceError):
    """The loop did not settle (exit 4); `history` holds every iteration's residuals."""

    def __init__(self, message: str, history: tuple[Iteration, ...]) -> None:
        super().__init__(message)
        self.history = history


@dataclass(frozen=True)
class Iteration:
    """One pass of the loop: residuals and the worst crossings."""

    iteration: int
    delay_residual: float  # share of TEU-hours at crossings in disagreement
    flow_residual: float  # share of crossing TEU that moved since the previous iteration
    worst_delay_crossing: str
    worst_flow_crossing: str
    assignment_iterations: int


@dataclass(frozen=True)
class LoopState:
    """Where a settled loop ended: the route sets with their flows, what a nearby run (a sweep
    sample of the same scenario) starts its logit equilibria from, and the problem's shape (a
    warm start needs the same graph and pairs; otherwise the run starts cold).

    The crossings' simulated points are not carried over: they come from another seed, and
    a curve that mixes seeds made samples oscillate (measured: 1 of 8 did not settle)."""

    routes: RouteSets
    shape: tuple[bytes, ...]

    def fits(self, problem: MulticlassProblem) -> bool:
        return self.shape == _shape(problem)


def _shape(problem: MulticlassProblem) -> tuple[bytes, ...]:
    """What must match for a warm start: the graph, the classes, the pairs with demand."""
    return (
        problem.indptr.tobytes(),
        problem.head.tobytes(),
        problem.origin_nodes.tobytes(),
        problem.destination_nodes.tobytes(),
        "|".join(problem.classes).encode(),
        np.packbits(problem.demand > 0).tobytes(),
    )


@dataclass(frozen=True)
class LoopResult:
    assignment: CorridorAssignment
    runs: dict[str, CrossingRun]
    excess_h: dict[str, float]  # simulated delay above the normal dwell, heavier direction
    history: tuple[Iteration, ...]
    state: LoopState | None = field(default=None, repr=False, compare=False)
    warm: bool = False  # started from another run's state
    # with `learn`: every run the loop made (probes too), per crossing, by the heavier
    # direction's units a day (the key of `_Crossing.points`): what a surrogate learns from
    seen: dict[str, dict[float, CrossingRun]] = field(default_factory=dict, repr=False)
    # dwell figures (kpis.DWELL_KEYS) of crossings that have no run: the surrogate's
    dwell: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)
    units: dict[str, tuple[float, float]] = field(
        default_factory=dict, repr=False
    )  # loads, each way

    @property
    def iterations(self) -> int:
        return len(self.history)

    @property
    def residual(self) -> tuple[float, float]:
        last = self.history[-1]
        return last.delay_residual, last.flow_residual


def crossing_seed(seed: int, crossing_id: str) -> int:
    """The simulation seed of a crossing: the same for every scenario and iteration."""
    return (seed * 1_000_003 + zlib.crc32(crossing_id.encode())) % (2**31)


@dataclass
class _Crossing:
    """What the loop keeps per crossing: its unit, the queue-shaped prior, simulated points."""

    crossing_id: str
    regime: str
    teu_per_unit: float
    capacity_per_direction: float
    base_h: float  # the dataset's normal dwell in this regime (the graph charges it)
    points: dict[float, float] = field(default_factory=dict)  # units a day -> simulated delay
    fixed_h: float = 0.0  # feedback "time"

    def prior_h(self, units: np.ndarray) -> np.ndarray:
        """A queue's shape: normal dwell x rho / (1 - rho), straight on past rho = 0.95."""
        rho = np.asarray(units, dtype=np.float64) / self.capacity_per_direction
        edge = KNEE / (1.0 - KNEE)
        slope = 1.0 / (1.0 - KNEE) ** 2
        inside = np.minimum(rho, KNEE)
        shape = np.where(rho <= KNEE, inside / (1.0 - inside), edge + slope * (rho - KNEE))
        return self.base_h * shape

    def assumed_h(self, units: float, feedback: str) -> float:
        return float(self.curve(feedback).delay(np.array([units]))[0])

    def curve(self, feedback: str) -> DelayCurve:
        """What the assignment is told: the simulated points joined (never falling), the prior's
        growth beyond the last; the prior alone before any simulation."""
        if feedback == "time":
            return DelayCurve(np.array([0.0, 1.0e6]), np.full(2, self.fixed_h))
        reach = np.array([1.0, 1.25, 1.5, 2.0, 3.0, 5.0])
        if not self.points:
            grid = np.unique(np.concatenate([np.linspace(0, 1, CURVE_POINTS), reach]))
            units = grid * self.capacity_per_direction
            return DelayCurve(units, self.prior_h(units))
        known = sorted((u, d) for u, d in self.points.items() if u > 0)
        flows = np.array([0.0, *(u for u, _ in known)])
        delays = np.maximum.accumulate(np.array([0.0, *(d for _, d in known)]))
        # beyond the last point: on at the slope of the last two (a secant step; the next
        # simulation corrects an underestimate), and never flat
        slope = (delays[-1] - delays[-2]) / (flows[-1] - flows[-2])
        floor = float(self.prior_h(np.array([1.0]))[0]) / self.capacity_per_direction
        last = flows[-1]
        far = last + self.capacity_per_direction * 5.0
        flows, delays = _geometric(flows, delays)
        return DelayCurve(
            np.append(flows, far), np.append(delays, delays[-1] + max(slope, floor) * (far - last))
        )


def _geometric(flows: np.ndarray, delays: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Simulated points joined geometrically: between two points the delay grows by the same
    factor each step (on delay + GEOMETRIC_FLOOR_H), `BETWEEN` steps a segment.

    A queue's delay is convex in its flow, steeply so past capacity: a straight chord from a
    point below the knee to one far past it (where an early iteration overshot) charges many
    hours more than the queue does just past the knee. The assignment then keeps the crossing
    short of where the simulation would agree, a step closer each iteration: the loop crept
    (tir_border_ports with the services held, Youyiguan road: 40-60 % of crossing TEU-hours
    in disagreement after 12 iterations while flows moved under 1 %). The geometric join lies
    below the chord, so later points close in on the crossing's flow from both sides."""
    base = delays + GEOMETRIC_FLOOR_H
    steps = np.linspace(0.0, 1.0, BETWEEN + 1)[:-1]
    inner_flows = flows[:-1, None] + np.outer(np.diff(flows), steps)
    inner = base[:-1, None] * (base[1:, None] / base[:-1, None]) ** steps[None, :]
    joined = np.append(inner.ravel() - GEOMETRIC_FLOOR_H, delays[-1])
    # never below 0 nor falling, whatever the rounding of the floor's subtraction
    return np.append(inner_flows.ravel(), flows[-1]), np.maximum.accumulate(np.maximum(joined, 0))


def _crossings(setup: Setup, settings: CapacitySettings) -> dict[str, _Crossing]:
    found = {}
    for cid, spec in setup.specs.items():
        regime = setup.options.regime_at(cid)
        if cid in setup.options.avoid_crossings:
            continue
        found[cid] = _Crossing(
            crossing_id=cid,
            regime=regime,
            teu_per_unit=settings.teu_per_unit.get(spec.capacity_unit, 1.0),
            capacity_per_direction=spec.capacity_per_direction,
            base_h=spec.process[regime].mean_h,
        )
    return found


@dataclass(frozen=True)
class _Flows:
    """One logit equilibrium of the loop: crossing loads (units a day each way) and what made
    them."""

    units: dict[str, tuple[float, float]]
    sue: CorridorEquilibrium
    detail: AssignmentDetail


def _problem(setup: Setup, capacity: CapacitySettings) -> AssignmentDetail:
    """The corridor problem at these capacities (route sets and times filled in later)."""
    graph = setup.network.graph(setup.options)
    services = setup.network.tables.services  # trains run as scheduled (issue 11.4, 11.6)
    problem, origins, destinations = corridor_problem(
        graph, setup.demand, setup.network.crossings, capacity, services=services, by_way=True
    )
    return AssignmentDetail(graph, problem, RouteSets(), problem.base_time_h, origins, destinations)


@dataclass(frozen=True)
class _Template:
    """The corridor problem of a run, built once: between iterations only the crossings'
    delay curves change, so each iteration's problem is this one with its curves put in
    (what `_problem` builds, without reading the tables again: issue 9 performance); and
    where each crossing's edges are, to read its directed loads."""

    detail: AssignmentDetail
    curve_keys: frozenset[tuple[str, str]]
    regime: dict[str, str]  # crossing id -> the regime of its first edge (the curves' key)
    edges: dict[str, tuple[np.ndarray, np.ndarray]]  # crossing id -> (a-to-b edges, all)

    @classmethod
    def build(cls, setup: Setup, capacity: CapacitySettings) -> _Template:
        detail = _problem(setup, capacity)
        graph = detail.graph
        regime, edges = {}, {}
        for cid, row in setup.network.crossings.iterrows():
            found = np.flatnonzero(graph.crossing_id == cid)
            if found.size:
                regime[str(cid)] = str(graph.regime[found[0]])
            forward = [e for e in found if graph.node_place[graph.tail[e]] == str(row["place_a"])]
            edges[str(cid)] = (np.asarray(forward, dtype=np.int64), found)
        return cls(detail, frozenset(capacity.curves), regime, edges)

    def problem(self, capacity: CapacitySettings) -> AssignmentDetail:
        """The problem with these curves (for the same crossings as the template's)."""
        if frozenset(capacity.curves) != self.curve_keys:
            raise ValueError("a template takes curves for the crossings it was built with")
        groups = tuple(
            replace(group, curve=capacity.curves.get((group.name, self.regime[group.name])))
            if group.kind in ("crossing", "service")
            else group
            for group in self.detail.problem.groups
        )
        return replace(self.detail, problem=replace(self.detail.problem, groups=groups))

    def directed_teu(self, total_flow: np.ndarray, cid: str) -> tuple[float, float]:
        """TEU a day (a to b, b to a) at a crossing, summed as `crossing_loads` sums them."""
        forward_edges, every = self.edges[cid]
        forward = sum(float(total_flow[e]) for e in forward_edges)
        return forward, float(total_flow[every].sum()) - forward


def _crossing_flows(
    setup: Setup,
    template: _Template,
    detail: AssignmentDetail,
    crossings: dict[str, _Crossing],
    start: RouteSets | None,
    grow: bool = True,
) -> _Flows:
    """The logit equilibrium and the loaded units at each crossing, each way (the reports of
    the full corridor assignment are made once, from the last one); `grow=False` keeps the
    start's route sets (`stochastic_equilibrium`)."""
    loop = setup.scenario.loop
    settings = Settings(loop.assignment_gap, MAX_ASSIGNMENT_ITERATIONS)
    sue = stochastic_equilibrium(detail.problem, settings, HELD, start, grow)
    total = sue.flow.sum(axis=0)
    units = {}
    for cid, c in crossings.items():
        a_to_b, b_to_a = template.directed_teu(total, cid)
        units[cid] = (a_to_b / c.teu_per_unit, b_to_a / c.teu_per_unit)
    solved = AssignmentDetail(
        detail.graph, detail.problem, sue.sets, sue.time_h, detail.origins, detail.destinations
    )
    return _Flows(units, sue, solved)


def _simulate(setup: Setup, cid: str, units: tuple[float, float], seed: int) -> CrossingRun:
    spec = setup.specs[cid]
    scenario = CrossingScenario.from_flows(units[0], units[1], 1.0)
    days = setup.scenario.loop.days
    return simulate_crossing(
        spec, setup.options.regime_at(cid), days, scenario, crossing_seed(seed, cid)
    )


def _excess_h(run: CrossingRun, crossing: _Crossing) -> float:
    """Mean dwell above the normal dwell, in the heavier direction (where queues build)."""
    by_direction = run.by_direction()
    heavy = max(by_direction.values(), key=lambda summary: summary.arrivals_per_day)
    return max(0.0, heavy.dwell_mean_h - crossing.base_h)


def simulation_assignment(
    setup: Setup,
    seed: int,
    start: LoopState | None = None,
    line_report: bool = True,
    learn: bool = False,
) -> LoopResult:
    """Run the loop to agreement; ConvergenceError when it does not settle.

    `start`: the state where a run of the same scenario settled (`LoopResult.state`): every
    logit equilibrium of the loop starts from route sets and flows (the first from the
    state's, scaled to this demand, the next ones from the previous iteration's) instead of
    free-flow routes; ignored when the graph or pairs differ. `line_report=False`
    leaves out the reports a sweep sample's KPIs do not use (`assignment_of`). `learn` keeps
    every simulated run in `LoopResult.seen` (what `surrogate.learn` reads).
    """
    loop = setup.scenario.loop
    crossings = _crossings(setup, CapacitySettings())
    previous: dict[str, tuple[float, float]] | None = None
    routes: RouteSets | None = None
    warm = False
    history: list[Iteration] = []
    template: _Template | None = None
    seen: dict[str, dict[float, CrossingRun]] | None = {} if learn else None
    for iteration in range(1, loop.max_iterations + 1):
        capacity = _capacity(crossings, loop.feedback)
        if template is None:
            template = _Template.build(setup, capacity)
        detail = template.problem(capacity)
        if iteration == 1 and start is not None and start.fits(detail.problem):
            routes, warm = start.routes, True
        flows = _crossing_flows(setup, template, detail, crossings, routes)
        routes = flows.sue.sets if warm else None
        units = flows.units
        runs, excess = _simulate_all(setup, crossings, units, seed, seen)
        residuals = _residuals(crossings, units, excess, previous, loop)
        step = Iteration(iteration, *residuals, flows.sue.iterations)
        history.append(step)
        if step.delay_residual <= loop.tolerance_delay and step.flow_residual <= (
            loop.tolerance_flow
        ):
            state = LoopState(flows.sue.sets, _shape(detail.problem))
            assignment = corridor_report(setup, flows, capacity, line_report)
            return LoopResult(
                assignment, runs, excess, tuple(history), state, warm, seen or {}, units=units
            )
        weight = loop.damping if loop.damping > 0 else 1.0 / iteration
        for cid, c in crossings.items():
            _update(c, max(units[cid]), excess[cid], weight)
        previous = units
    raise LoopNotSettledError(_not_settled(setup, history), tuple(history))


def corridor_report(
    setup: Setup, flows: _Flows, capacity: CapacitySettings, lines: bool
) -> CorridorAssignment:
    """The corridor's reports from a settled equilibrium (the loop's and the surrogate's)."""
    return assignment_of(
        setup.network,
        flows.sue,
        flows.detail,
        year=setup.scenario.year,
        capacity=capacity,
        lines=lines,
    )


def _capacity(crossings: dict[str, _Crossing], feedback: str) -> CapacitySettings:
    curves = {(c.crossing_id, c.regime): c.curve(feedback) for c in crossings.values()}
    return CapacitySettings(curves=curves)


def _simulate_all(
    setup: Setup,
    crossings: dict[str, _Crossing],
    units: dict[str, tuple[float, float]],
    seed: int,
    seen: dict[str, dict[float, CrossingRun]] | None = None,
) -> tuple[dict[str, CrossingRun], dict[str, float]]:
    """Simulate every crossing with traffic; probe the busy ones beyond what is known. Each
    run goes into `seen` when given (by the heavier direction's units a day)."""
    runs, excess = {}, {}
    feedback = setup.scenario.loop.feedback
    for cid, c in crossings.items():
        heavy = max(units[cid])
        if sum(units[cid]) < MIN_UNITS_PER_DAY:
            excess[cid] = 0.0
            continue
        runs[cid] = _simulate(setup, cid, units[cid], seed)
        excess[cid] = _excess_h(runs[cid], c)
        if seen is not None:
            seen.setdefault(cid, {})[round(heavy, 6)] = runs[cid]
        beyond = heavy > max(c.points, default=0.0)
        if feedback == "curve" and beyond and heavy >= PROBE_FROM * c.capacity_per_direction:
            probe = (units[cid][0] * (1 + PROBE), units[cid][1] * (1 + PROBE))
            probed = _simulate(setup, cid, probe, seed)
            c.points[round(heavy * (1 + PROBE), 6)] = _excess_h(probed, c)
            if seen is not None:
                seen.setdefault(cid, {})[round(heavy * (1 + PROBE), 6)] = probed
    return runs, excess


def _residuals(
    crossings: dict[str, _Crossing],
    units: dict[str, tuple[float, float]],
    excess: dict[str, float],
    previous: dict[str, tuple[float, float]] | None,
    loop: LoopSettings,
) -> tuple[float, float, str, str]:
    """(delay residual, flow residual, worst crossing for each).

    Delay: the TEU-hours at crossings on which simulation and assignment disagree, as a share
    of all TEU-hours at crossings (disagreements under tolerance_h hours count as noise).
    Flow: the change of loaded units at crossings since the previous iteration, as a share of
    all (infinite on the first iteration: two are needed to see flows settle).
    """
    wrong, total = {}, 0.0
    for cid, c in crossings.items():
        teu = sum(units[cid]) * c.teu_per_unit
        heavy = max(units[cid])
        gap = abs(excess[cid] - c.assumed_h(heavy, loop.feedback))
        wrong[cid] = teu * gap if gap > loop.tolerance_h else 0.0
        total += teu * (c.base_h + excess[cid])
    worst_delay = max(wrong, key=lambda k: wrong[k])
    delay = sum(wrong.values()) / total if total > 0 else 0.0
    if previous is None:
        return delay, float("inf"), worst_delay, worst_delay
    moved = {
        cid: sum(abs(a - b) for a, b in zip(units[cid], previous[cid], strict=True))
        * crossings[cid].teu_per_unit
        for cid in crossings
    }
    carried = sum(sum(u) * crossings[cid].teu_per_unit for cid, u in units.items())
    worst_flow = max(moved, key=lambda k: moved[k])
    return delay, (sum(moved.values()) / carried if carried > 0 else 0.0), worst_delay, worst_flow


def _update(c: _Crossing, units: float, excess_h: float, step: float) -> None:
    c.fixed_h += step * (excess_h - c.fixed_h)
    if units >= MIN_UNITS_PER_DAY:
        c.points[round(units, 6)] = excess_h


def _not_settled(setup: Setup, history: list[Iteration]) -> str:
    tail = "; ".join(
        f"{h.iteration}: delay {h.delay_residual:.1%} ({h.worst_delay_crossing}), "
        f"flow {h.flow_residual:.1%} ({h.worst_flow_crossing})"
        for h in history[-4:]
    )
    loop = setup.scenario.loop
    return (
        f"scenario {setup.scenario.name}: the simulation-assignment loop did not settle in "
        f"{len(history)} iterations (targets: delay {loop.tolerance_delay:.0%}, flow "
        f"{loop.tolerance_flow:.0%}); last: {tail}. Raise loop.max_iterations, lower "
        'loop.damping, or use feedback = "curve"'
    )


def history_table(history: tuple[Iteration, ...]) -> pd.DataFrame:
    return pd.DataFrame([vars(h) for h in history])
