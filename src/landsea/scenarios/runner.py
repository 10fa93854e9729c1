"""Run a scenario: edits on a copy, the simulation-assignment loop, KPIs, the result stored.

>>> result = run_scenario("baseline_2025")  # doctest: +SKIP
>>> result.iterations, result.totals["total_logistics_cost_usd_per_year"]  # doctest: +SKIP

`run_scenario` is what the CLI, the comparison and the Monte Carlo sweep call. With a store, a
result whose key (scenario content, seed, data, code) is on disk is read back instead of
recomputed; `force=True` recomputes. Without one, nothing is written.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from landsea.errors import LandseaError
from landsea.network.model import Network, corridor_network
from landsea.scenarios import kpis
from landsea.scenarios.digests import part_digests, tables_digest
from landsea.scenarios.edits import Setup, prepare
from landsea.scenarios.files import load_scenario
from landsea.scenarios.gateways import gateway_throughput
from landsea.scenarios.loop import LoopResult, history_table, simulation_assignment
from landsea.scenarios.sampling import resolve
from landsea.scenarios.spec import Scenario
from landsea.scenarios.store import ResultStore, result_key
from landsea.scenarios.surrogate import Warm, learn, surrogate_assignment
from landsea.scenarios.totals import network_totals
from landsea.vocabulary import Fidelity


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's KPIs (tables with units in their column names) and how the loop went."""

    name: str
    title: str
    key: str
    seed: int
    od: pd.DataFrame
    modes: pd.DataFrame
    crossings: pd.DataFrame
    loop: pd.DataFrame  # one row per iteration: residuals and the worst crossings
    totals: dict[str, float]
    seconds: float
    cached: bool = False
    edits: tuple[str, ...] = field(default=())
    flows: pd.DataFrame = field(default_factory=pd.DataFrame)  # per commodity and pair
    network: pd.DataFrame = field(default_factory=pd.DataFrame)  # totals by mode and country
    gateways: pd.DataFrame = field(default_factory=pd.DataFrame)  # TEU a year per seaport
    # TEU a day per network link (both directions): one row, a column per link id (the map)
    link_flows: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def iterations(self) -> int:
        return len(self.loop)

    @property
    def delay_residual(self) -> float:
        return float(self.loop["delay_residual"].iloc[-1])

    @property
    def flow_residual(self) -> float:
        return float(self.loop["flow_residual"].iloc[-1])

    def kpi_vector(self) -> dict[str, float]:
        """Every scalar KPI under a stable dotted name (totals, pairs, crossings, modes)."""
        out = {f"total.{k}": float(v) for k, v in self.totals.items()}
        for row in self.od.itertuples(index=False):
            pair = f"od.{row.origin}-{row.destination}"
            for column in ("time_h", "time_p90_h", "cost_usd_per_teu", "co2_kg_per_teu"):
                out[f"{pair}.{column}"] = float(getattr(row, column))
        for row in self.crossings.itertuples(index=False):
            for column in (
                "trips_per_day",
                "dwell_p50_h",
                "dwell_p90_h",
                "dwell_p99_h",
                "backlog_mean",
            ):
                out[f"crossing.{row.crossing_id}.{column}"] = float(getattr(row, column))
        for row in self.modes.itertuples(index=False):
            out[f"mode.{row.mode}.share_teu"] = float(row.share_teu)  # type: ignore[arg-type]
            out[f"mode.{row.mode}.share_teu_km"] = float(row.share_teu_km)  # type: ignore[arg-type]
        return out

    def to_dict(self) -> dict[str, Any]:
        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[return-value]

        return {
            "name": self.name,
            "title": self.title,
            "key": self.key,
            "seed": self.seed,
            "iterations": self.iterations,
            "delay_residual": self.delay_residual,
            "flow_residual": self.flow_residual,
            "seconds": self.seconds,
            "cached": self.cached,
            "totals": self.totals,
            "od": records(self.od),
            "modes": records(self.modes),
            "crossings": records(self.crossings),
            "loop": records(self.loop),
            "network_totals": records(self.network),
            "gateways": records(self.gateways),
            "edits": list(self.edits),
        }


def run_scenario(
    scenario: Scenario | str | Path,
    *,
    seed: int | None = None,
    store: ResultStore | None = None,
    force: bool = False,
    network: Network | None = None,
) -> ScenarioResult:
    """Run one scenario (a model, a shipped name or a path) to a converged result.

    Distributions are taken at their median (`sampling.sample` for other values). Raises
    ScenarioError (exit 2) for bad input and ConvergenceError (exit 4) when the loop does not
    settle.
    """
    spec = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    resolved = resolve(spec)
    seed = resolved.seed if seed is None else seed
    dump = resolved.model_dump(mode="json", by_alias=True)
    key = result_key(dump, seed)
    if store is not None and not force:
        found = store.load(resolved.name, key)
        if found is not None:
            return _from_store(found[0], found[1])
    result, _ = _compute(resolved, seed, key, network, None)
    if store is not None:
        store.save(result.name, key, _tables(result), _meta(result, dump))
    return result


def _compute(
    resolved: Scenario,
    seed: int,
    key: str,
    network: Network | None,
    start: Warm | None,
    sample: bool = False,
    fidelity: Fidelity = Fidelity.SIMULATE,
) -> tuple[ScenarioResult, LoopResult]:
    """Edits, the loop (warm from `start` when given; or the surrogate learned there) and the
    KPIs of a resolved scenario; a `sample` skips the reports its KPIs do not use."""
    started = time.perf_counter()
    setup = prepare(resolved, network)
    if sample:
        setup = _shared_network(setup)
    if fidelity is Fidelity.SURROGATE and start is not None and start.crossings:
        outcome = surrogate_assignment(setup, seed, start)
    else:
        state = start.state if start is not None else None
        outcome = simulation_assignment(setup, seed, state, line_report=not sample)
    routes = kpis._routes(outcome.assignment)
    result = ScenarioResult(
        name=resolved.name,
        title=resolved.title or resolved.name,
        key=key,
        seed=seed,
        od=kpis.od_table(routes, setup.network.places),
        modes=kpis.mode_table(outcome.assignment),
        crossings=kpis.crossing_table(
            setup, outcome.assignment, outcome.runs, outcome.excess_h, outcome.dwell
        ),
        loop=history_table(outcome.history),
        totals=kpis.totals(routes, outcome.assignment),
        seconds=time.perf_counter() - started,
        edits=tuple(f"{where}: {_describe(edit)}" for where, edit in setup.edits),
        # a sample's KPIs (kpi_vector) use none of these tables: not made (issue 9 performance)
        flows=pd.DataFrame() if sample else kpis.flow_table(routes),
        network=pd.DataFrame() if sample else network_totals(outcome.assignment, setup.network),
        gateways=pd.DataFrame()
        if sample
        else gateway_throughput(outcome.assignment, setup.network),
        link_flows=pd.DataFrame() if sample else _link_flows(outcome.assignment.links),
    )
    return result, outcome


_NETWORKS: dict[str, Network] = {}
NETWORKS_KEPT = 8  # edited networks a process keeps for their compiled graphs


def _shared_network(setup: Setup) -> Setup:
    """The setup on the network of an earlier sample whose edited tables are the same.

    Most samples vary only demand, so their edited networks are equal: the first one's
    compiled graph (~0.2 s to build) then serves the rest (issue 9 performance). Equal
    tables make an equal graph, so results are the same as with a fresh network."""
    bundled = corridor_network()  # the base of a sample's edits: its unedited tables not hashed
    reference = (
        bundled.tables,
        bundled.memo(("part_digests",), lambda: part_digests(bundled.tables)),
    )
    key = tables_digest(setup.network.tables, reference)
    known = _NETWORKS.get(key)
    if known is not None:
        return replace(setup, network=known)
    if len(_NETWORKS) >= NETWORKS_KEPT:
        _NETWORKS.pop(next(iter(_NETWORKS)))
    _NETWORKS[key] = setup.network
    return setup


def _link_flows(links: pd.DataFrame) -> pd.DataFrame:
    """TEU a day per link id as one row (a link carrying two modes, e.g. dual gauge, summed)."""
    per_link = links.groupby("link_id")["teu_per_day"].sum()
    return pd.DataFrame([per_link.round(3).to_dict()])


def _describe(edit: Any) -> str:
    fields = edit.model_dump(exclude_none=True, by_alias=True)
    kind = fields.pop("kind")
    return f"{kind} " + ", ".join(f"{k}={v}" for k, v in fields.items())


def _tables(result: ScenarioResult) -> dict[str, pd.DataFrame]:
    return {
        "od": result.od,
        "modes": result.modes,
        "crossings": result.crossings,
        "loop": result.loop,
        "totals": pd.DataFrame([result.totals]),
        "flows": result.flows,
        "network": result.network,
        "gateways": result.gateways,
        "link_flows": result.link_flows,
    }


def _meta(result: ScenarioResult, dump: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": result.name,
        "title": result.title,
        "key": result.key,
        "seed": result.seed,
        "seconds": result.seconds,
        "edits": list(result.edits),
        "scenario": dump,
    }


def _from_store(tables: dict[str, pd.DataFrame], meta: dict[str, Any]) -> ScenarioResult:
    return ScenarioResult(
        name=meta["name"],
        title=meta["title"],
        key=meta["key"],
        seed=int(meta["seed"]),
        od=tables["od"],
        modes=tables["modes"],
        crossings=tables["crossings"],
        loop=tables["loop"],
        totals={str(k): float(v) for k, v in tables["totals"].iloc[0].items()},
        seconds=float(meta["seconds"]),
        cached=True,
        edits=tuple(meta.get("edits", ())),
        flows=tables["flows"],
        network=tables["network"],
        gateways=tables["gateways"],
        link_flows=tables["link_flows"],
    )


def sample_kpis(
    scenario: Scenario,
    values: Mapping[str, float],
    seed: int,
    fidelity: Fidelity = Fidelity.SURROGATE,
) -> dict[str, float]:
    """One Monte Carlo sample: the scenario with `values` (uncertain-input path -> value), its
    own seed, nothing stored; its KPIs as `ScenarioResult.kpi_vector`.

    What the sample starts from is the scenario's deterministic run (distributions at their
    median, the scenario's seed), made once per process and scenario (`warm_start`), the
    same in every process, so a sample's result does not depend on where or after which
    other sample it runs: with `fidelity` surrogate, the crossings it learned
    (`surrogate.py`); with simulate, the loop's logit equilibria start from its route flows.
    """
    resolved = resolve(scenario, values)
    key = result_key(resolved.model_dump(mode="json", by_alias=True), seed)
    warm = warm_start(scenario)
    result, _ = _compute(resolved, seed, key, None, warm, sample=True, fidelity=fidelity)
    return result.kpi_vector()


def simulated_kpis(scenario: Scenario, values: Mapping[str, float], seed: int) -> dict[str, float]:
    """`sample_kpis` with every crossing simulated in every loop iteration (--fidelity simulate)."""
    return sample_kpis(scenario, values, seed, Fidelity.SIMULATE)


SAMPLERS = {Fidelity.SURROGATE: sample_kpis, Fidelity.SIMULATE: simulated_kpis}


_WARM: dict[str, Warm | None] = {}
WARM_KEPT = 32  # scenarios whose settled state a process keeps


def warm_start(scenario: Scenario) -> Warm | None:
    """The scenario's deterministic run, made once per process: where its loop settled and
    the crossings it simulated (`surrogate.learn`).

    None when that run does not settle (its samples then run the loop cold; not tried again)."""
    resolved = resolve(scenario)
    key = _warm_key(resolved)
    if key not in _WARM:
        try:
            setup = _shared_network(prepare(resolved))
            outcome = simulation_assignment(
                setup, resolved.seed, None, line_report=False, learn=True
            )
            warm = Warm(outcome.state, learn(setup, outcome, resolved.seed))
            _keep_warm(key, warm.settled(setup, resolved.seed))
        except LandseaError:
            _keep_warm(key, None)
    return _WARM[key]


def install_warm(scenario: Scenario, warm: Warm | None) -> None:
    """Keep `warm`, the scenario's `warm_start` made in another process, as this process's
    (it is the same value: the deterministic run depends on nothing but the scenario)."""
    key = _warm_key(resolve(scenario))
    if key not in _WARM:
        _keep_warm(key, warm)


def _warm_key(resolved: Scenario) -> str:
    return result_key(resolved.model_dump(mode="json", by_alias=True), resolved.seed)


def _keep_warm(key: str, warm: Warm | None) -> None:
    if len(_WARM) >= WARM_KEPT:
        _WARM.pop(next(iter(_WARM)))
    _WARM[key] = warm


class ScenarioWarmUp:
    """The warm start as a sweep executor's `WarmUp` (`executors.py`): on Dask one task per
    scenario makes it and the scenario's batches install it, instead of every worker making
    every scenario's (3-4 % of an 11 x 1,000 sweep's CPU: issue 9 performance)."""

    def make(self, scenario: Scenario) -> Warm | None:
        return warm_start(scenario)

    def install(self, scenario: Scenario, made: Warm | None) -> None:
        install_warm(scenario, made)


WARM_UP = ScenarioWarmUp()


def warm_up_for(function: object) -> ScenarioWarmUp | None:
    """The warm-up of a sample function: the runner's samplers share the warm start."""
    return WARM_UP if function in (sample_kpis, simulated_kpis) else None
