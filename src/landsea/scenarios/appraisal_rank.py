"""`landsea appraise rank`: projects side by side, and what building two together changes.

Each project is appraised against the same baseline (`appraisal_runs.appraise`: the baseline's
runs are shared). The order is by NPV per dollar of capital cost (the P50 of the samples),
what a ministry with a capital budget maximises; the BCR order is shown beside it.

Interactions: for the first `top` projects, each pair is run together (one scenario holding
both projects' levers and edits, central case only, through the store) and its benefits a year
are set against the sum of the two alone. A negative interaction means one project takes
traffic or savings the other would have had (two railways competing for the same boxes); a
positive one that they complete each other. Its present value uses the later project's
horizon (the pair's benefits can only start once both are open).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from landsea.scenarios.appraisal import (
    COMPONENTS,
    Draws,
    Parameters,
    annual_benefits,
    cash_flows,
)
from landsea.scenarios.appraisal_runs import (
    FITTED,
    Appraisal,
    RunCache,
    appraise,
    raise_run_error,
    run_all,
)
from landsea.scenarios.executors import Executor, SampleOutcome, SampleTask
from landsea.scenarios.spec import Scenario
from landsea.scenarios.store import ResultStore

TOP = 3


@dataclass(frozen=True)
class Interaction:
    """Two projects together against each alone (central case)."""

    first: str
    second: str
    alone_usd_per_year: float  # the sum of the two alone, CO2 valued at the model year
    together_usd_per_year: float
    pv_usd: float  # present value of the difference over the later project's horizon

    @property
    def difference_usd_per_year(self) -> float:
        return self.together_usd_per_year - self.alone_usd_per_year

    @property
    def share(self) -> float:
        alone = self.alone_usd_per_year
        return self.difference_usd_per_year / abs(alone) if abs(alone) > 1e-9 else float("nan")


@dataclass(frozen=True)
class Ranking:
    appraisals: list[Appraisal]  # best NPV per dollar first
    by_bcr: list[str]  # names, best BCR first
    interactions: list[Interaction]

    def note(self) -> str:
        """Why the order is what it is, in words (figures from this ranking)."""
        return " ".join(
            [
                _lead(self.appraisals[0]),
                _orders(self),
                _kinds(self.appraisals),
                _interactions(self.interactions),
            ]
        ).strip()


def _lead(first: Appraisal) -> str:
    q = first.quantiles()
    return (
        f"Ranked by NPV per dollar of capital cost (P50 of {len(first.samples.npv_usd):,} "
        f"samples at a {first.parameters.discount_rate:.0%} discount rate), what a budget "
        f"for building maximises: {first.title} returns USD {npv_per_dollar(first):,.2f} of "
        f"net present value per dollar of capital (BCR {q['bcr']['p50']:.2f})."
    )


def _orders(ranking: Ranking) -> str:
    names = [a.name for a in ranking.appraisals]
    if names == ranking.by_bcr:
        return "The benefit-cost ratio gives the same order."
    moved = [n for i, n in enumerate(names) if ranking.by_bcr.index(n) != i]
    return (
        "By benefit-cost ratio the order differs for " + ", ".join(moved) + ": BCR divides "
        "benefits by capital and operating costs, NPV per dollar divides the net gain by the "
        "capital alone, so a project whose costs are mostly running costs, or a small loss on "
        "a small capital, moves between the two orders."
    )


def _kinds(appraisals: list[Appraisal]) -> str:
    rules = [a.name for a in appraisals if a.capex_usd < 1e9 and a.central.npv_usd[0] > 0]
    lost = [a.name for a in appraisals if a.quantiles()["npv_usd"]["p90"] < 0]
    parts = []
    if rules:
        parts.append(
            "Measures that change clearance or services rather than build ("
            + ", ".join(rules)
            + ") cost little and save border dwell, time and charges on every box, so "
            "they come first."
        )
    if lost:
        parts.append(
            "NPV is negative even at P90 for "
            + ", ".join(lost)
            + ": the freight benefits the corridor model measures do not repay their cost at "
            "this discount rate; passenger, regional development and strategic benefits are "
            "not counted."
        )
    return " ".join(parts)


def _interactions(interactions: list[Interaction]) -> str:
    if not interactions:
        return ""
    worst = min(interactions, key=lambda i: i.difference_usd_per_year)
    return (
        f"Together, {worst.first} and {worst.second} are worth {-worst.share:.0%} less a year "
        "than the two alone: where two measures set the regime of the same crossing the "
        "model keeps one (the later), so clearance measures at the same border substitute "
        "for each other rather than add up."
        if worst.difference_usd_per_year < 0
        else "No pair among the first is worth less together than alone."
    )


def npv_per_dollar(appraisal: Appraisal) -> float:
    npv = appraisal.quantiles()["npv_usd"]["p50"]
    capex = appraisal.capex_usd
    return npv / capex if capex > 0 else float("inf") if npv > 0 else float("-inf")


def rank(
    projects: Sequence[Scenario],
    baseline: Scenario,
    params: Parameters | None = None,
    *,
    samples: int,
    model_runs: int,
    seed: int = 0,
    top: int = TOP,
    executor: Executor | None = None,
    store: ResultStore | RunCache | None = None,
    progress: Callable[[SampleOutcome], None] | None = None,
) -> Ranking:
    """Appraise each project, order them, and run the pairs among the first `top`."""
    params = params or Parameters()
    store = RunCache.of(store)  # one cache for every project: the baseline's runs are shared
    # every project's central run in one batch first, so a cluster runs them side by side
    central = [SampleTask(baseline, 0, {}, baseline.seed)]
    central += [SampleTask(p, i + 1, {}, p.seed) for i, p in enumerate(projects)]
    run_all(central, executor, store, progress)
    done = [
        appraise(
            p,
            baseline,
            params,
            samples=samples,
            model_runs=model_runs,
            seed=seed,
            executor=executor,
            store=store,
            progress=progress,
        )
        for p in projects
    ]
    ordered = sorted(done, key=npv_per_dollar, reverse=True)
    by_bcr = [a.name for a in sorted(done, key=lambda a: a.quantiles()["bcr"]["p50"], reverse=True)]
    scenarios = {p.name: p for p in projects}
    leaders = [scenarios[a.name] for a in ordered[: max(0, top)]]
    found = {a.name: a for a in done}
    couples = list(combinations(leaders, 2))
    tasks = [SampleTask(baseline, 0, {}, baseline.seed)]
    tasks += [SampleTask(together(a, b), i + 1, {}, a.seed) for i, (a, b) in enumerate(couples)]
    measures = run_all(tasks, executor, store, progress) if couples else {}
    pairs = []
    for i, (one, two) in enumerate(couples):
        if measures[i + 1] is None:
            raise_run_error(tasks[i + 1])
        joint = annual_benefits(measures[0], measures[i + 1], params.reliability_ratio)  # type: ignore[arg-type]
        pairs.append(interaction(one, two, found[one.name], found[two.name], joint, params))
    return Ranking(ordered, by_bcr, pairs)


def together(one: Scenario, two: Scenario) -> Scenario:
    """One scenario with both projects: the first one's settings, the second's levers and
    edits added (those it shares with the first, from their common parent, once)."""
    levers = [*one.levers, *(u for u in two.levers if u not in one.levers)]
    edits = [*one.edits, *(e for e in two.edits if e not in one.edits)]
    return one.model_copy(
        update={
            "name": f"{one.name}__{two.name}",
            "title": f"{one.title or one.name} + {two.title or two.name}",
            "levers": levers,
            "edits": edits,
            "project": None,
        }
    )


def _value(annual: dict[str, float], price: float) -> float:
    return sum(annual[k] for k in FITTED if k != "co2_t") + annual["co2_t"] * price


def interaction(
    one: Scenario,
    two: Scenario,
    first: Appraisal,
    second: Appraisal,
    joint: dict[str, float],
    params: Parameters,
) -> Interaction:
    """The pair's benefits a year (`joint`, from its run) against the two alone."""
    price = float(params.carbon_price(np.array([one.year]))[0])
    alone = _value(first.central_annual, price) + _value(second.central_annual, price)
    difference = {k: joint[k] - first.central_annual[k] - second.central_annual[k] for k in FITTED}
    later = max((first, second), key=lambda a: a.horizon.opening_year)
    annual = {k: np.array([v]) for k, v in difference.items()}
    draws = Draws(np.zeros(1), np.zeros(1), np.array([later.central_growth]), annual)
    flows = cash_flows(later.horizon, draws, params)
    factors = (1 + params.discount_rate) ** -(flows.years - flows.years[0]).astype(np.float64)
    pv = float(sum(flows.benefits[name][0] @ factors for name, _ in COMPONENTS))
    return Interaction(one.name, two.name, alone, _value(joint, price), pv)
