"""`landsea scenario`: validate, list, run and compare scenarios (the paper's proposals).

`landsea scenario compare A B ... --json` prints (stable): baseline, scenarios, titles, totals,
pairs, modes, crossings (long tables: kpi, unit, scenario, value, baseline, difference,
relative) and loop (iterations and residuals per scenario). docs/scenarios.md has the fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from landsea.scenarios.compare import Comparison

app = typer.Typer(no_args_is_help=True, help="Scenarios: the paper's proposals side by side.")


def register(parent: typer.Typer) -> None:
    """Add the `scenario` group to the top-level app."""
    parent.add_typer(app, name="scenario")


def _store(no_cache: bool) -> Any:
    from landsea.config import Settings
    from landsea.scenarios.store import ResultStore

    return None if no_cache else ResultStore(Settings().out_dir / "scenario-cache")


@app.command("validate")
def validate(
    file: Annotated[str, typer.Argument(help="Scenario file (.toml) or a shipped name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check a scenario: keys, values, levers, names of places and crossings (exit 2 if bad)."""
    from landsea.cli.output import console, print_json
    from landsea.scenarios.edits import prepare
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.sampling import resolve, uncertain_inputs

    scenario = load_scenario(file)
    setup = prepare(resolve(scenario))
    uncertain = uncertain_inputs(scenario)
    if as_json:
        print_json(
            {
                "name": scenario.name,
                "year": scenario.year,
                "valid": True,
                "edits": [f"{where}: {edit.kind}" for where, edit in setup.edits],
                "uncertain": {k: v.model_dump(by_alias=True) for k, v in uncertain.items()},
            }
        )
        return
    out = console()
    out.print(f"{scenario.name} ({scenario.year}): valid, {len(setup.edits)} edits")
    for where, edit in setup.edits:
        out.print(f"  {where}: {edit.kind}")
    for path, dist in uncertain.items():
        out.print(f"  uncertain {path}: {dist.dist}, median {dist.median():.4g}")


@app.command("list")
def list_scenarios(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The shipped scenarios and the levers they may pull."""
    from rich.table import Table

    from landsea.cli.output import console, print_json
    from landsea.scenarios import LEVERS, library_names, load_scenario

    scenarios = [load_scenario(name) for name in library_names()]
    if as_json:
        print_json(
            {
                "scenarios": [
                    {
                        "name": s.name,
                        "title": s.title,
                        "year": s.year,
                        "extends": s.extends,
                        "levers": [u.lever for u in s.levers],
                    }
                    for s in scenarios
                ],
                "levers": {name: lever.summary for name, lever in LEVERS.items()},
            }
        )
        return
    view = Table("scenario", "year", "levers", "title", title="shipped scenarios")
    for s in scenarios:
        view.add_row(s.name, str(s.year), ", ".join(u.lever for u in s.levers) or "-", s.title)
    console().print(view)
    levers = Table("lever", "what it changes", title="levers")
    for name, lever in LEVERS.items():
        levers.add_row(name, lever.summary)
    console().print(levers)


@app.command("run")
def run(
    file: Annotated[str, typer.Argument(help="Scenario file (.toml) or a shipped name.")],
    seed: Annotated[int | None, typer.Option(help="Seed (default: the scenario's).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Recompute, ignore the store.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run one scenario to agreement of flows and border delays (exit 4 if it does not settle)."""
    from landsea.cli.output import print_json
    from landsea.scenarios import run_scenario

    result = run_scenario(file, seed=seed, store=_store(no_cache), force=force)
    if as_json:
        print_json(result.to_dict())
        return
    _print_run(result)


def _print_run(result: Any) -> None:
    from landsea.cli.output import console

    out = console()
    state = "read from the store" if result.cached else f"{result.seconds:.1f} s"
    out.print(
        f"{result.title}: converged in {result.iterations} iterations, delay residual "
        f"{result.delay_residual:.1%} of crossing TEU-hours, flow residual "
        f"{result.flow_residual:.1%} ({state})"
    )
    for key, value in result.totals.items():
        out.print(f"  {key}: {value:,.4g}")


@app.command("compare")
def compare(
    scenarios: Annotated[list[str], typer.Argument(help="Scenario files or shipped names.")],
    baseline: Annotated[
        str | None, typer.Option(help="The baseline among them (default: the first).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="One seed for all (default: each one's).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Recompute, ignore the store.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    report: Annotated[
        Path | None, typer.Option(help="Write report.md, report.html and charts to this folder.")
    ] = None,
) -> None:
    """KPIs per scenario and against the baseline: time, cost, CO2, modes, crossings."""
    from landsea.cli.output import print_json
    from landsea.scenarios import run_scenario
    from landsea.scenarios.compare import compare as compare_results

    store = _store(False)
    results = [run_scenario(s, seed=seed, store=store, force=force) for s in scenarios]
    base = None
    if baseline is not None:
        from landsea.scenarios.files import load_scenario

        base = load_scenario(baseline).name
    comparison = compare_results(results, base)
    if report is not None:
        from landsea.scenarios.report_html import write_report

        write_report(comparison, report)
    if as_json:
        print_json(comparison.to_dict())
        return
    _print_comparison(comparison)
    if report is not None:
        from landsea.cli.output import console

        console().print(f"report: {report / 'report.md'} and {report / 'report.html'}")


def _print_comparison(c: Comparison) -> None:
    from landsea.cli.output import console

    out = console()
    others = [s for s in c.scenarios if s != c.baseline]
    for name in c.scenarios:
        out.print(f"{name}: {c.titles[name]}")
    _print_totals(c, others)
    _print_long(c, c.pairs, "pair", "main pairs (door to door)", others)
    _print_long(c, c.crossings, "name", "border crossings", others)
    _print_modes(c, others)
    _print_network(c, others)
    _print_gateways(c, others)
    for record in c.loop.to_dict("records"):
        how = "stored" if record["cached"] else f"{record['seconds']:.1f} s"
        out.print(
            f"{record['scenario']}: {record['iterations']} iterations, delay "
            f"residual {record['delay_residual']:.1%}, flow residual "
            f"{record['flow_residual']:.1%} ({how})"
        )


def _print_totals(c: Comparison, others: list[str]) -> None:
    from rich.table import Table

    from landsea.cli.output import console
    from landsea.scenarios.figures import difference, figure

    title = f"totals: {c.baseline}, and the others' differences"
    view = Table("KPI", "unit", c.baseline, *others, title=title)
    for _, group in c.totals.groupby("kpi", sort=False):
        by = group.set_index("scenario")
        unit = str(by["unit"].iloc[0])
        cells = [
            difference(_num(by, s, "difference"), _num(by, s, "relative"), unit) for s in others
        ]
        base = figure(_num(by, c.baseline, "value"), unit)
        view.add_row(str(by["label"].iloc[0]), unit, base, *cells)
    console().print(view)


def _print_modes(c: Comparison, others: list[str]) -> None:
    from rich.table import Table

    from landsea.cli.output import console

    shares = c.modes[c.modes["kpi"] == "share_teu"]
    view = Table("mode", c.baseline, *others, title="mode shares (TEU)")
    for mode, group in shares.groupby("mode"):
        by = group.set_index("scenario")
        view.add_row(
            str(mode),
            f"{_num(by, c.baseline, 'value'):.1%}",
            *(f"{_num(by, s, 'difference') * 100:+.1f} pt" for s in others),
        )
    console().print(view)


def _print_network(c: Comparison, others: list[str]) -> None:
    """Network totals summed over countries, by mode (--json has them by mode and country)."""
    from rich.table import Table

    from landsea.cli.output import console
    from landsea.scenarios.figures import difference, figure

    if c.network.empty:
        return
    by_mode = c.network.groupby(["mode", "kpi", "unit", "scenario"], as_index=False)[
        ["value", "difference"]
    ].sum()
    title = "network totals by mode (summed over countries; --json by country)"
    view = Table("mode", "KPI", "unit", c.baseline, *others, title=title)
    for (mode, kpi, unit), group in by_mode.groupby(["mode", "kpi", "unit"], sort=True):
        by = group.set_index("scenario")
        cells = [difference(_num(by, s, "difference"), float("nan"), str(unit)) for s in others]
        base = figure(_num(by, c.baseline, "value"), str(unit))
        view.add_row(str(mode), str(kpi).removesuffix("_per_year"), str(unit), base, *cells)
    console().print(view)


def _print_gateways(c: Comparison, others: list[str]) -> None:
    """TEU a year each seaport moves between ship and shore, and the others' differences."""
    from rich.table import Table

    from landsea.cli.output import console
    from landsea.scenarios.figures import difference, figure

    if c.gateways.empty:
        return
    title = "gateways: TEU a year between ship and shore at each seaport"
    view = Table("seaport", "unit", c.baseline, *others, title=title)
    for _, group in c.gateways.groupby("place_id", sort=False):
        by = group.set_index("scenario")
        base = figure(_num(by, c.baseline, "value"), "TEU/yr") if c.baseline in by.index else "-"
        cells = [
            difference(_num(by, s, "difference"), _num(by, s, "relative"), "TEU/yr")
            if s in by.index
            else "-"
            for s in others
        ]
        view.add_row(str(by["name"].iloc[0]), "TEU/yr", base, *cells)
    console().print(view)


def _num(frame: Any, row: str, column: str) -> float:
    """A cell of a long table as a float."""
    return float(frame.at[row, column])


def _print_long(c: Comparison, frame: Any, label: str, title: str, others: list[str]) -> None:
    from rich.table import Table

    from landsea.cli.output import console
    from landsea.scenarios.figures import difference, figure

    view = Table(label, "KPI", "unit", c.baseline, *others, title=title)
    for (name, kpi), group in frame.groupby([label, "label"], sort=False):
        by = group.set_index("scenario")
        unit = str(by["unit"].iloc[0])
        cells = [
            difference(_num(by, s, "difference"), _num(by, s, "relative"), unit)
            if s in by.index
            else "-"
            for s in others
        ]
        base = figure(_num(by, c.baseline, "value"), unit) if c.baseline in by.index else "-"
        view.add_row(str(name), str(kpi), unit, base, *cells)
    console().print(view)
