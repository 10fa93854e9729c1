"""Scenarios on the page: the shipped list, what the store already holds, comparisons, sweeps.

A comparison is `landsea scenario compare A B --baseline A --json`: the same `run_scenario`
calls on the same store (`<out_dir>/scenario-cache`), then `scenarios.compare.compare`. A result
already in the store is read, not recomputed; the rest run as a background job whose progress
counts the scenarios done. Sweeps are read from `<out_dir>/sweeps/<name>/sweep_samples.parquet`,
where `landsea scenario sweep --out` writes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from landsea.errors import ScenarioError

if TYPE_CHECKING:
    import pandas as pd

    from landsea.config import Settings
    from landsea.scenarios import ResultStore
    from landsea.web.jobs import Progress

MAX_COMPARED = 6  # scenarios in one comparison: the charts stay readable


def result_store(settings: Settings) -> ResultStore:
    """The store `landsea scenario run/compare` uses (cli/scenario.py `_store`)."""
    from landsea.scenarios import ResultStore

    return ResultStore(settings.out_dir / "scenario-cache")


def scenario_list(settings: Settings) -> list[dict[str, Any]]:
    """The shipped scenarios: name, title, year, levers, and whether a result is stored."""
    from landsea.scenarios import library_names, load_scenario, resolve
    from landsea.scenarios.store import result_key

    store = result_store(settings)
    listed = []
    for name in library_names():
        scenario = load_scenario(name)
        resolved = resolve(scenario)
        key = result_key(resolved.model_dump(mode="json", by_alias=True), resolved.seed)
        listed.append(
            {
                "name": scenario.name,
                "title": scenario.title or scenario.name,
                "year": scenario.year,
                "extends": scenario.extends,
                "levers": [u.lever for u in scenario.levers],
                "stored": (store.folder(resolved.name, key) / "meta.json").is_file(),
            }
        )
    return listed


def check_comparison(names: list[str], baseline: str) -> None:
    """Refuse an empty or oversized comparison, or a baseline not among the scenarios."""
    if not names or len(names) > MAX_COMPARED:
        raise ScenarioError(f"scenarios: pick 1 to {MAX_COMPARED}, got {len(names)}")
    if baseline not in names:
        raise ScenarioError(f"baseline {baseline!r} is not among {', '.join(names)}")


def comparison(
    settings: Settings, names: list[str], baseline: str, progress: Progress
) -> dict[str, Any]:
    """Run (or read) each scenario, then compare them against `baseline`.

    Raises:
        ScenarioError: an unknown scenario or a bad file; ConvergenceError: a run that does not
            settle (as the CLI's exit 4).
    """
    from landsea.scenarios import run_scenario
    from landsea.scenarios.compare import compare

    store = result_store(settings)
    results = []
    for done, name in enumerate(names):
        progress(done, len(names), name)
        results.append(run_scenario(name, store=store))
    progress(len(names), len(names), "compared")
    compared = compare(results, baseline).to_dict()
    compared["stored"] = {r.name: r.cached for r in results}
    compared["link_flows"] = {r.name: link_flows(r.link_flows) for r in results}
    return compared


def link_flows(table: pd.DataFrame) -> dict[str, float]:
    """A result's TEU a day per link id (its one-row `link_flows` table) for the map."""
    if table.empty:
        return {}
    return {str(k): round(float(v), 2) for k, v in table.iloc[0].items()}


def stored_flows(settings: Settings, name: str) -> dict[str, Any]:
    """The stored result of a shipped scenario, as the map draws it: TEU a day per link, and
    per crossing its load against designed capacity and its regime. Nothing is run.

    Raises:
        ScenarioError: an unknown scenario, or one with no result in the store yet.
    """
    from landsea.scenarios import library_names, load_scenario, resolve
    from landsea.scenarios.store import result_key

    if name not in library_names():  # a shipped name only: never a path on the server
        raise ScenarioError(f"no shipped scenario {name!r}")
    resolved = resolve(load_scenario(name))
    key = result_key(resolved.model_dump(mode="json", by_alias=True), resolved.seed)
    found = result_store(settings).load(resolved.name, key)
    if found is None:
        raise ScenarioError(f"no stored result for {name!r}: compare it first")
    tables, meta = found
    return {
        "name": meta["name"],
        "title": meta["title"],
        "links": link_flows(tables["link_flows"]),
        "crossings": {
            str(row["crossing_id"]): {
                "utilisation": _finite(row.get("utilisation_designed")),
                "regime": str(row["regime"]),
            }
            for row in tables["crossings"].to_dict("records")
        },
    }


def _finite(value: Any) -> float | None:
    number = float(value) if value is not None else float("nan")
    return None if number != number else round(number, 4)


def sweep_list(settings: Settings) -> list[str]:
    """Sweeps written under `<out_dir>/sweeps/` (folders holding sweep_samples.parquet)."""
    root = settings.out_dir / "sweeps"
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob("*/sweep_samples.parquet"))


def sweep_distributions(settings: Settings, name: str) -> dict[str, Any]:
    """Per scenario and KPI: min, quartiles, max over the sweep's samples (box plots).

    Raises:
        ScenarioError: no sweep of that name under `<out_dir>/sweeps/`.
    """
    import pandas as pd

    if name not in sweep_list(settings):
        raise ScenarioError(f"no sweep {name!r} under {settings.out_dir / 'sweeps'}")
    samples = pd.read_parquet(Path(settings.out_dir / "sweeps" / name / "sweep_samples.parquet"))
    ok = samples[samples["error"].isna()] if "error" in samples else samples
    skip = {"scenario", "sample", "seed", "error"}
    kpis = [c for c in ok.columns if c not in skip and not c.startswith("input:")]
    boxes = []
    for (scenario, kpi), values in ok.melt("scenario", kpis, "kpi").groupby(["scenario", "kpi"]):
        v = values["value"].astype(float).dropna()
        if v.empty:
            continue
        q = v.quantile([0.0, 0.25, 0.5, 0.75, 1.0]).tolist()
        boxes.append(
            {
                "scenario": scenario,
                "kpi": kpi,
                "samples": len(v),
                "min": q[0],
                "q1": q[1],
                "median": q[2],
                "q3": q[3],
                "max": q[4],
            }
        )
    return {"name": name, "kpis": kpis, "boxes": boxes}
