"""Disruptions: a crossing, border place or port closed for D days, and what it costs.

`disrupt(scenario, Closure("Pingxiang", 14))` assigns the scenario's demand twice: as it runs,
and with the element closed (the scenario's own `close_crossing` / `close_port` edits). Then:

- Rerouting. Each pair and commodity whose routes used the element carries that flow. Its
  shippers compare the extra generalized cost of the route it takes with the element closed
  (money + value of time x time, from the closed assignment) with waiting out the rest of the
  closure at their value of time: a box arriving with R hours of closure left waits when
  VOT x R is cheaper than the detour, so detours happen early in a closure and waiting late.
  A pair with no route once the element is closed waits for the whole closure (and is named).
- Extra cost, time and CO2: the rerouted TEU times their extra money, hours and CO2 per TEU;
  the waiting boxes' hours come from the backlog simulation.
- Backlog and days to clear. A crossing: the crossing simulation itself (its regime's stages,
  gate hours, seeded streams), with the held arrivals released when it reopens. A port: a
  daily queue (seeded Poisson arrivals) served at the port's capacity. The backlog has cleared
  on the first day the queue at the day's close is back to where the same run without the
  closure has it (its P90 over the run).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from landsea.assignment.freight import CorridorAssignment
from landsea.assignment.multimodal_problem import CapacitySettings
from landsea.data.tables import SEA_PASSAGE
from landsea.errors import ScenarioError, UnknownCrossingError, UnknownPlaceError
from landsea.network import Network, resolve_crossings, resolve_place
from landsea.scenarios.edits import Setup, prepare
from landsea.scenarios.loop import simulation_assignment
from landsea.scenarios.sampling import resolve
from landsea.scenarios.spec import CloseCrossing, ClosePassage, ClosePort, Scenario
from landsea.simulation.arrivals import ArrivalProfile, arrival_times
from landsea.simulation.kernel import Extension, serve_tandem_extending
from landsea.simulation.kpis import closing_times, in_system_at
from landsea.simulation.plan import CrossingPlan, hold_matrix, plan_crossing, service_matrix
from landsea.simulation.service_scale import calibrated
from landsea.simulation.streams import stream

MAX_DAYS_CLOSED = 365.0
CLEAR_HORIZON_DAYS = 120  # simulated days after reopening; a backlog still there is reported
LEAD_DAYS = 7  # simulated days before the closure, so the queue starts in its normal state
WET_MODES = ("sea", "river")
# estimate: with no published handling capacity, a port can work 25 % above its normal flow
# while it clears a backlog (overtime and extra gangs); used only where the dataset has none
PORT_SURGE = 1.25


@dataclass(frozen=True)
class Closure:
    """What closes, for how long, from when (the date is for the report only)."""

    element: str
    days: float
    start: str | None = None

    def __post_init__(self) -> None:
        if not 0 < self.days <= MAX_DAYS_CLOSED:
            raise ScenarioError(f"--days must lie in (0, {MAX_DAYS_CLOSED:g}], got {self.days:g}")
        if self.start is not None:
            try:
                dt.date.fromisoformat(self.start)
            except ValueError:
                raise ScenarioError(f"--from {self.start!r}: give a date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class Element:
    """The closed element, resolved: crossings (ids) or a port (place id)."""

    kind: str  # "crossing", "port" or "passage" (a sea passage: a strait, a gulf's mouth)
    ids: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class Backlog:
    unit: str  # vehicles, trains, vessels or TEU
    held_at_reopening: float  # units waiting when the element reopens
    peak_waiting: float
    days_to_clear: int | None  # None: not cleared within CLEAR_HORIZON_DAYS
    normal_waiting: float  # P90 at the day's close before the closure
    left_at_horizon: float  # units waiting beyond the run without the closure, on the last day
    daily: pd.DataFrame  # day (from the closure's start), waiting, waiting_without_closure


@dataclass(frozen=True)
class Disruption:
    scenario: str
    closure: Closure
    element: Element
    affected_teu_per_day: float
    rerouted_teu: float
    held_teu: float
    extra_cost_usd: float
    extra_time_teu_h: float  # rerouted boxes' extra hours (waiting boxes: see waiting_teu_h)
    extra_co2_t: float
    waiting_teu_h: float
    pairs: pd.DataFrame  # per pair and commodity through the element
    no_alternative: pd.DataFrame  # origin, destination (ids and names), commodity, teu_per_day
    load_shift: pd.DataFrame  # crossings whose load rises most with the element closed
    backlog: Backlog
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return frame.replace({np.nan: None}).to_dict("records")  # type: ignore[return-value]

        return {
            "scenario": self.scenario,
            "element": {"kind": self.element.kind, "ids": list(self.element.ids)},
            "days_closed": self.closure.days,
            "from": self.closure.start,
            "affected_teu_per_day": self.affected_teu_per_day,
            "rerouted_teu": self.rerouted_teu,
            "held_teu": self.held_teu,
            "extra_cost_usd": self.extra_cost_usd,
            "extra_time_teu_h": self.extra_time_teu_h,
            "extra_co2_t": self.extra_co2_t,
            "waiting_teu_h": self.waiting_teu_h,
            "backlog": {
                "unit": self.backlog.unit,
                "held_at_reopening": self.backlog.held_at_reopening,
                "peak_waiting": self.backlog.peak_waiting,
                "days_to_clear": self.backlog.days_to_clear,
                "normal_waiting": self.backlog.normal_waiting,
                "left_at_horizon": self.backlog.left_at_horizon,
            },
            "pairs": records(self.pairs),
            "no_alternative": records(self.no_alternative),
            "load_shift": records(self.load_shift),
            "notes": list(self.notes),
        }

    def text(self) -> str:
        """A plain report, places by name."""
        b = self.backlog
        when = f" from {self.closure.start}" if self.closure.start else ""
        cleared = (
            f"{b.days_to_clear} days after reopening"
            if b.days_to_clear is not None
            else f"not within {CLEAR_HORIZON_DAYS} days of reopening ({b.left_at_horizon:,.0f} "
            f"{b.unit} more than without the closure still waiting then)"
        )
        lines = [
            f"{' and '.join(self.element.names)} closed {self.closure.days:g} days{when} "
            f"(scenario {self.scenario})",
            f"  flow through it: {self.affected_teu_per_day:,.0f} TEU/day",
            f"  rerouted: {self.rerouted_teu:,.0f} TEU; held to wait: {self.held_teu:,.0f} TEU",
            f"  extra cost of rerouting: USD {self.extra_cost_usd:,.0f}; extra time "
            f"{self.extra_time_teu_h:,.0f} TEU-h; extra CO2 {self.extra_co2_t:,.0f} t",
            f"  waiting boxes: {self.waiting_teu_h:,.0f} TEU-h",
            f"  backlog at reopening: {b.held_at_reopening:,.0f} {b.unit} (peak waiting "
            f"{b.peak_waiting:,.0f}); cleared {cleared}",
        ]
        if len(self.no_alternative):
            named = sorted(
                {
                    f"{r.origin_name} -> {r.destination_name}"
                    for r in self.no_alternative.itertuples()
                }
            )
            lines.append(f"  no alternative route: {'; '.join(named)}")
        else:
            lines.append("  every pair through it has an alternative route")
        for row in self.load_shift.head(4).itertuples():
            lines.append(
                f"  with every box detoured, {row.name} takes +{row.extra_teu_per_day:,.0f} TEU/day"
            )
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)


def closure_of(
    scenario: Scenario, close: str | None, days: float | None, start: str | None
) -> Closure:
    """The closure the command asks for: its options, else the scenario's [disruption]."""
    section = scenario.disruption
    if close is None and section is not None:
        close = section.close
    if days is None and section is not None:
        days = section.days
    if start is None and section is not None:
        start = section.start
    if close is None or days is None:
        raise ScenarioError(
            f"give --close and --days, or a scenario with a [disruption] section "
            f"({scenario.name} has none)"
        )
    return Closure(close, days, start)


def resolve_element(network: Network, query: str) -> Element:
    """Crossings by id, name or border place; else a port or a sea passage by place name;
    closest names on error."""
    crossings = network.crossings
    try:
        ids = resolve_crossings(network, query)
    except UnknownCrossingError as crossing_error:
        try:
            place = resolve_place(network, query)
        except UnknownPlaceError as place_error:
            hints = [*crossing_error.suggestions, *place_error.suggestions][:6]
            hint = f"; closest: {', '.join(hints)}" if hints else ""
            raise ScenarioError(
                f"--close {query!r} is no crossing, border place, port or sea passage{hint}"
            ) from None
        if network.places.at[place, "kind"] == SEA_PASSAGE:
            return Element("passage", (place,), (network.place_name(place),))
        links = network.links
        wet = links["mode"].isin(WET_MODES) & (
            (links["from_id"] == place) | (links["to_id"] == place)
        )
        if not wet.any():
            raise ScenarioError(
                f"--close {query!r}: {network.place_name(place)} ({place}) is neither a "
                "crossing nor a port (no sea or river link)"
            ) from None
        return Element("port", (place,), (network.place_name(place),))
    names = tuple(str(crossings.at[cid, "name"]) for cid in ids)
    return Element("crossing", ids, names)


def _closed_scenario(scenario: Scenario, element: Element) -> Scenario:
    closures: list[Any] = (
        [CloseCrossing(kind="close_crossing", crossing=cid) for cid in element.ids]
        if element.kind == "crossing"
        else [ClosePassage(kind="close_passage", passage=element.ids[0])]
        if element.kind == "passage"
        else [ClosePort(kind="close_port", place=element.ids[0])]
    )
    data = scenario.model_copy(update={"edits": [*scenario.edits, *closures]})
    return data


def _assign(setup: Setup, seed: int) -> CorridorAssignment:
    """The scenario's flows as the runner has them: the simulation-assignment loop's."""
    return simulation_assignment(setup, seed).assignment


def _element_edges(assignment: CorridorAssignment, element: Element) -> np.ndarray:
    graph = _detail(assignment).graph
    if element.kind == "crossing":
        return np.isin(graph.crossing_id.astype(str), list(element.ids))
    place = element.ids[0]
    wet_node = (graph.node_place.astype(str) == place) & np.isin(
        graph.node_mode.astype(str), WET_MODES
    )
    return wet_node[graph.tail] | wet_node[graph.head]


def _detail(assignment: CorridorAssignment) -> Any:
    if assignment.detail is None:
        raise ScenarioError("the assignment kept no route detail")
    return assignment.detail


def _pair_costs(assignment: CorridorAssignment, through: np.ndarray | None) -> pd.DataFrame:
    """Per (origin, destination, commodity): TEU/day and flow-weighted money, hours, CO2 per TEU,
    over the routes that use an edge in `through` (all routes when None)."""
    detail = _detail(assignment)
    problem, sets = detail.problem, detail.route_sets
    money = np.asarray(problem.money_usd, dtype=np.float64)
    hours = np.asarray(detail.edge_time_h, dtype=np.float64)
    kg = np.asarray(detail.graph.co2_kg, dtype=np.float64)
    records = []
    for (c, o, d), routes in sets.routes.items():
        teu = usd = h = co2 = 0.0
        for edges, flow in zip(routes, sets.flows[(c, o, d)], strict=True):
            if flow <= 0 or (through is not None and not through[edges].any()):
                continue
            teu += flow
            usd += flow * float(money[edges].sum())
            h += flow * float(hours[edges].sum())
            co2 += flow * float(kg[edges].sum())
        if teu > 0:
            records.append(
                {
                    "origin": detail.origins[o],
                    "destination": detail.destinations[d],
                    "commodity": problem.classes[c],
                    "teu_per_day": teu,
                    "usd_per_teu": usd / teu,
                    "h_per_teu": h / teu,
                    "co2_kg_per_teu": co2 / teu,
                    "value_of_time_usd_per_h": float(problem.value_of_time[c]),
                }
            )
    columns = [
        "origin",
        "destination",
        "commodity",
        "teu_per_day",
        "usd_per_teu",
        "h_per_teu",
        "co2_kg_per_teu",
        "value_of_time_usd_per_h",
    ]
    return pd.DataFrame(records, columns=columns)


def _pairs_through(
    base: CorridorAssignment, closed: CorridorAssignment, element: Element, days: float
) -> pd.DataFrame:
    """Each pair through the element: its detour's extra money, hours and CO2, and how many of
    the closure's last days its shippers wait instead (all of them when there is no detour)."""
    keys = ["origin", "destination", "commodity"]
    through = _pair_costs(base, _element_edges(base, element))
    after = _pair_costs(closed, None).drop(columns=["teu_per_day", "value_of_time_usd_per_h"])
    pairs = through.merge(after, on=keys, how="left", suffixes=("", "_detour"))
    pairs["no_alternative"] = pairs["usd_per_teu_detour"].isna()
    pairs["extra_usd_per_teu"] = pairs["usd_per_teu_detour"] - pairs["usd_per_teu"]
    pairs["extra_h_per_teu"] = pairs["h_per_teu_detour"] - pairs["h_per_teu"]
    pairs["extra_co2_kg_per_teu"] = pairs["co2_kg_per_teu_detour"] - pairs["co2_kg_per_teu"]
    detour = (
        pairs["extra_usd_per_teu"] + pairs["value_of_time_usd_per_h"] * pairs["extra_h_per_teu"]
    )
    wait_days = (detour.clip(lower=0.0) / pairs["value_of_time_usd_per_h"] / 24.0).clip(upper=days)
    pairs["wait_days"] = wait_days.where(~pairs["no_alternative"], days)
    pairs["rerouted_teu"] = pairs["teu_per_day"] * (days - pairs["wait_days"])
    pairs["held_teu"] = pairs["teu_per_day"] * pairs["wait_days"]
    return pairs.sort_values("teu_per_day", ascending=False, kind="stable").reset_index(drop=True)


def held_share(pairs: pd.DataFrame, days: float, times_d: np.ndarray) -> np.ndarray:
    """Share of the element's flow that waits, at each time (days from the closure's start)."""
    total = float(pairs["teu_per_day"].sum())
    if total <= 0:
        return np.zeros_like(times_d)
    waiting = np.zeros_like(times_d, dtype=np.float64)
    for flow, wait in zip(pairs["teu_per_day"], pairs["wait_days"], strict=True):
        waiting += flow * (times_d >= days - wait)
    return waiting / total


def _load_shift(
    base: CorridorAssignment, closed: CorridorAssignment, network: Network, element: Element
) -> pd.DataFrame:
    def load(a: CorridorAssignment) -> pd.Series:
        table = a.crossings.set_index("crossing_id")
        return table["teu_per_day_a_to_b"] + table["teu_per_day_b_to_a"]

    shift = (load(closed) - load(base)).rename("extra_teu_per_day").reset_index()
    shift = shift[~shift["crossing_id"].isin(element.ids) & (shift["extra_teu_per_day"] > 0.5)]
    shift["name"] = shift["crossing_id"].map(network.crossings["name"])
    return shift.sort_values("extra_teu_per_day", ascending=False).reset_index(drop=True)


def _no_alternative(pairs: pd.DataFrame, network: Network) -> pd.DataFrame:
    rows = pairs[pairs["no_alternative"]][["origin", "destination", "commodity", "teu_per_day"]]
    rows = rows.copy()
    rows["origin_name"] = rows["origin"].map(network.place_name)
    rows["destination_name"] = rows["destination"].map(network.place_name)
    return rows.reset_index(drop=True)


def disrupt(scenario: Scenario, closure: Closure, seed: int = 0) -> Disruption:
    """The closure's rerouting, extra cost/time/CO2, backlog and days to clear.

    Distributions in the scenario are taken at their median (a deterministic run)."""
    scenario = resolve(scenario)
    base_setup = prepare(scenario)
    element = resolve_element(base_setup.network, closure.element)
    closed_setup = prepare(_closed_scenario(scenario, element))
    base, closed = _assign(base_setup, seed), _assign(closed_setup, seed)
    pairs = _pairs_through(base, closed, element, closure.days)
    if pairs.empty:
        raise ScenarioError(
            f"no assigned flow uses {' and '.join(element.names)} in scenario {scenario.name}: "
            "closing it changes nothing"
        )
    rerouted = pairs[~pairs["no_alternative"]]
    if element.kind == "crossing":
        backlog, notes = _crossing_backlog(base_setup, base, element, pairs, closure.days, seed)
    else:
        who = "the ports past it work" if element.kind == "passage" else "port works"
        backlog, notes = _port_backlog(pairs, closure.days, seed, who)
    return Disruption(
        scenario=scenario.name,
        closure=closure,
        element=element,
        affected_teu_per_day=float(pairs["teu_per_day"].sum()),
        rerouted_teu=float(pairs["rerouted_teu"].sum()),
        held_teu=float(pairs["held_teu"].sum()),
        extra_cost_usd=float((rerouted["rerouted_teu"] * rerouted["extra_usd_per_teu"]).sum()),
        extra_time_teu_h=float((rerouted["rerouted_teu"] * rerouted["extra_h_per_teu"]).sum()),
        extra_co2_t=float(
            (rerouted["rerouted_teu"] * rerouted["extra_co2_kg_per_teu"]).sum() / 1000.0
        ),
        waiting_teu_h=_waiting_teu_h(pairs, closure.days, backlog),
        pairs=pairs,
        no_alternative=_no_alternative(pairs, base_setup.network),
        load_shift=_load_shift(base, closed, base_setup.network, element),
        backlog=backlog,
        notes=tuple(notes),
    )


def _waiting_teu_h(pairs: pd.DataFrame, days: float, backlog: Backlog) -> float:
    """Held boxes wait until the reopening (on average half their waiting window), then in the
    queue that clears (its units above normal at each day's close, as TEU)."""
    closure_wait = float((pairs["held_teu"] * pairs["wait_days"] * 12.0).sum())
    held_units = max(backlog.held_at_reopening, 1e-9)
    teu_per_unit = float(pairs["held_teu"].sum()) / held_units if held_units > 1e-9 else 0.0
    daily = backlog.daily
    after = daily[daily["day"] >= days]
    excess = (after["waiting"] - after["waiting_without_closure"]).clip(lower=0.0)
    return closure_wait + float(excess.sum()) * 24.0 * teu_per_unit


# ---- backlog at a crossing: the crossing simulation, arrivals held until it reopens --------


def _crossing_backlog(
    setup: Setup,
    base: CorridorAssignment,
    element: Element,
    pairs: pd.DataFrame,
    days: float,
    seed: int,
) -> tuple[Backlog, list[str]]:
    """The most loaded of the closed crossings, simulated vehicle by vehicle."""
    loads = base.crossings.set_index("crossing_id")
    loads = loads[loads.index.isin(element.ids)]
    total = loads["teu_per_day_a_to_b"] + loads["teu_per_day_b_to_a"]
    cid = str(total.idxmax())
    spec = calibrated(setup.specs[cid])
    regime = setup.options.regime_at(cid)
    plan = plan_crossing(spec, regime)
    per_unit = CapacitySettings().teu_per_unit.get(spec.capacity_unit, 1.0)
    horizon = LEAD_DAYS + int(np.ceil(days)) + CLEAR_HORIZON_DAYS
    start_h, reopen_h = LEAD_DAYS * 24.0, (LEAD_DAYS + days) * 24.0
    closes = closing_times(plan.hours, horizon)
    waiting = np.zeros(horizon)
    normal = np.zeros(horizon)
    held = 0.0
    for direction, column in (("a_to_b", "teu_per_day_a_to_b"), ("b_to_a", "teu_per_day_b_to_a")):
        per_day = float(loads[column].get(cid, 0.0)) / per_unit
        if per_day <= 0:
            continue
        arrival = arrival_times(
            ArrivalProfile(per_day), horizon, stream(seed, f"disruption/arrivals/{direction}")
        )
        normal += _waiting_at(plan, arrival, closes, seed, direction)
        served_from, arrived, count = _held_arrivals(
            arrival, pairs, days, start_h, reopen_h, seed, direction
        )
        waiting += _waiting_at(plan, served_from, closes, seed, direction, arrived)
        held += count
    backlog = _backlog(spec.capacity_unit, held, waiting, normal, LEAD_DAYS, days)
    notes = []
    if normal[-1] > 2.0 * max(float(np.quantile(normal[:LEAD_DAYS], 0.9)), 1.0) + 10.0:
        notes.append(
            f"{spec.name} is over its capacity even without the closure (its queue grows "
            "through the run): the days to clear count to that growing queue"
        )
    if len(element.ids) > 1:
        others = ", ".join(
            str(setup.network.crossings.at[c, "name"]) for c in element.ids if c != cid
        )
        notes.append(f"backlog simulated at the busiest closed crossing; also closed: {others}")
    return backlog, notes


def _held_arrivals(
    arrival: np.ndarray,
    pairs: pd.DataFrame,
    days: float,
    start_h: float,
    reopen_h: float,
    seed: int,
    direction: str,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Arrivals with those in the closure either held until the reopening or gone (rerouted):
    (when each is served from, when it arrived, how many were held), in service order."""
    during = (arrival >= start_h) & (arrival < reopen_h)
    share = held_share(pairs, days, (arrival[during] - start_h) / 24.0)
    keep = stream(seed, f"disruption/hold/{direction}").random(share.shape[0]) < share
    arrived = np.concatenate([arrival[~during], arrival[during][keep]])
    served_from = np.concatenate([arrival[~during], np.full(int(keep.sum()), reopen_h)])
    order = np.lexsort((arrived, served_from))
    return served_from[order], arrived[order], int(keep.sum())


def _waiting_at(
    plan: CrossingPlan,
    arrival: np.ndarray,
    closes: np.ndarray,
    seed: int,
    direction: str,
    arrived: np.ndarray | None = None,
) -> np.ndarray:
    """Vehicles at the crossing at each day's close (held ones from when they `arrived`):
    served by the crossing's stages with seeded streams."""
    names = [f"{kind}/{stage.name}" for stage in plan.stages for kind in ("service", "channel")]
    rngs = {name: stream(seed, f"disruption/{name}/{direction}") for name in names}
    service = service_matrix(plan, arrival.shape[0], rngs, None)
    count = len(plan.stages)
    extension = None
    if plan.late_closes_h is not None:
        extension = Extension(
            np.full(count, plan.late_closes_h), np.full(count, plan.late_at_queue)
        )
    opens, closes_h = plan.hours.kernel_window()
    _, depart, _ = serve_tandem_extending(
        arrival,
        service,
        np.array([s.servers for s in plan.stages], dtype=np.int64),
        np.full(count, opens),
        np.full(count, closes_h),
        extension,
        hold_matrix(plan, service),
    )
    exit_h = depart[-1] if depart.shape[0] else arrival
    counted_from = arrival if arrived is None else arrived
    return in_system_at(counted_from, exit_h, closes).astype(np.float64)


def _backlog(
    unit: str, held: float, waiting: np.ndarray, normal: np.ndarray, lead: int, days: float
) -> Backlog:
    """Days to clear: from the reopening to the first day's close with no more waiting than
    without the closure (that day's count, or the P90 before the closure, whichever is higher,
    plus 1 % of the held backlog for the noise of a different service order)."""
    before = float(np.quantile(normal[:lead], 0.9)) if lead else 0.0
    reference = np.maximum(normal, before) + 0.01 * held
    reopen_day = lead + int(np.ceil(days))
    back = np.nonzero(waiting[reopen_day:] <= reference[reopen_day:])[0]
    cleared = int(back[0]) + 1 if back.size else None
    daily = pd.DataFrame(
        {
            "day": np.arange(waiting.shape[0]) - lead,
            "waiting": waiting,
            "waiting_without_closure": normal,
        }
    )
    left = float(waiting[-1] - normal[-1]) if waiting.size else 0.0
    return Backlog(unit, float(held), float(waiting.max()), cleared, before, left, daily)


# ---- backlog at a port: a daily queue at the port's capacity -------------------------------


def _port_backlog(
    pairs: pd.DataFrame, days: float, seed: int, who: str = "port works"
) -> tuple[Backlog, list[str]]:
    """TEU held at the port, then served at its capacity beside the normal flow."""
    flow = float(pairs["teu_per_day"].sum())
    capacity, note = _port_capacity(flow, who)
    horizon = LEAD_DAYS + int(np.ceil(days)) + CLEAR_HORIZON_DAYS
    day = np.arange(horizon, dtype=np.float64) - LEAD_DAYS
    arrivals = stream(seed, "disruption/port/arrivals").poisson(flow, horizon).astype(np.float64)
    closed = (day >= 0) & (day < days)
    held = np.zeros(horizon)
    held[closed] = arrivals[closed] * held_share(pairs, days, day[closed] + 0.5)
    served_at = np.where(closed, 0.0, capacity)
    offered = np.where(closed, held, arrivals)
    waiting = _daily_queue(offered, served_at)
    normal = _daily_queue(arrivals, np.full(horizon, capacity))
    backlog = _backlog("TEU", float(held.sum()), waiting, normal, LEAD_DAYS, days)
    return backlog, [note]


def _daily_queue(arrivals: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    queue, out = 0.0, np.zeros(arrivals.shape[0])
    for i, (arrived, served) in enumerate(zip(arrivals, capacity, strict=True)):
        queue = max(0.0, queue + arrived - served)
        out[i] = queue
    return out


def _port_capacity(flow: float, who: str = "port works") -> tuple[float, str]:
    """TEU a day the port handles while it clears a backlog (PORT_SURGE x its flow, estimate:
    the dataset's terminal capacities cover only the rail-sea transfer, not the quays)."""
    return flow * PORT_SURGE, (
        f"{who} {PORT_SURGE:g} x the normal {flow:,.0f} TEU/day while clearing "
        "(estimate: overtime and extra gangs; the dataset has no quay capacity)"
    )
