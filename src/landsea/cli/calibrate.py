"""`landsea calibrate --report`: the corridor assignment against the observed counts, before and
after matrix estimation.

`--json` prints (stable): year, estimated, before and after (each: year, geh_flows ("daily"),
counts, compared, share_geh_below_5, percent_rmse, estimation and held_out (each: compared,
share_geh_below_5, percent_rmse), comparisons (count_id, element_kind, element_id, direction,
year, unit, value, quality, observed_per_day, modelled_per_day, geh, not_produced, held_out));
after is null with --no-estimate), odme (cells, cells_moved_over_10_percent,
largest_factor_move, prior_teu_per_year, estimated_teu_per_year, iterations) and cells (origin,
destination, commodity, prior_teu_per_year, estimated_teu_per_year, factor).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from landsea.markdown import markdown_table

_MOVED_SHOWN = 10  # cells listed by how far they moved


def register(app: typer.Typer) -> None:
    """Add `calibrate` to the top-level app."""
    app.command("calibrate")(calibrate)


def calibrate(
    report: Annotated[
        bool, typer.Option("--report", help="Compare the model with every observed count.")
    ] = False,
    year: Annotated[
        int | None, typer.Option(help="Year of network and demand (default: the base year, 2023).")
    ] = None,
    estimate: Annotated[
        bool,
        typer.Option(
            "--estimate/--no-estimate",
            help="Fit the demand matrix to the counts not held out (ODME) and report after it.",
        ),
    ] = True,
    max_factor: Annotated[
        float, typer.Option(help="Bound on each demand cell's change: x max or / max.")
    ] = 5.0,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (ids, not names).")] = False,
    markdown: Annotated[
        bool,
        typer.Option("--markdown", help="Print the compared counts as a markdown table (docs)."),
    ] = False,
) -> None:
    """Validation against observed counts: GEH on daily flows, %RMSE, share with GEH < 5,
    before and after matrix estimation, the held-out counts apart."""
    if not report:
        raise typer.BadParameter("give --report (the comparison is what calibrate prints)")
    if not max_factor > 1.0:
        raise typer.BadParameter("--max-factor must be above 1")
    from landsea.assignment.odme import OdmeSettings
    from landsea.scenarios.validation_estimate import calibrate as run

    result = run(year, estimate=estimate, odme=OdmeSettings(max_factor=max_factor))
    _show(result, json=json, markdown=markdown)


def _show(result: Any, *, json: bool, markdown: bool) -> None:
    """The report as JSON (ids), markdown (the docs' table) or tables on the console."""
    if json:
        from landsea.cli.output import print_json

        print_json(result.to_dict())
    elif markdown:
        typer.echo(markdown_report(result), nl=False)
    else:
        _print_report(result)


def markdown_report(result: Any) -> str:
    """The compared counts (before and after) and the summary as markdown, names not ids."""
    after = {c.count_id: c for c in result.after.comparisons} if result.after else {}
    counts = []
    for row in result.before.compared:
        later = after.get(row.count_id)
        held = " (held out)" if row.held_out else ""
        year = "" if row.year is None else str(row.year)
        tail: tuple[str, ...] = ("", "", "")
        if later is not None and later.modelled_per_day is not None:
            off = later.modelled_per_day / row.observed_per_day - 1.0
            tail = (_number(later.modelled_per_day), f"{later.geh:.1f}", f"{off:+.0%}")
        head = (f"{row.element_name}{held}", row.direction.replace("_", " "), year)
        observed = (_number(row.observed_per_day), _number(row.modelled_per_day), f"{row.geh:.1f}")
        counts.append((*head, *observed, *tail))
    summary = []
    groups = (("estimation", "estimation"), ("held out", "held_out"), ("all", "compared"))
    for label, name in groups:
        before = getattr(result.before, name)
        later = getattr(result.after, name) if result.after else ()
        summary.append(
            (label, len(before), _share(before), _share(later), _rmse(before), _rmse(later))
        )
    count_header = ["count", "direction", "year", "observed / day", "before", "GEH"]
    count_header += ["after", "GEH", "after vs observed"]
    summary_header = ("", "counts", "GEH < 5 before", "after", "%RMSE before", "after")
    tables = (markdown_table(count_header, counts), markdown_table(summary_header, summary))
    return "\n\n".join(tables) + "\n"


def _share(rows: Any) -> str:
    from landsea.scenarios.validation import share_geh_below_5

    return f"{share_geh_below_5(rows):.0%}" if rows else ""


def _rmse(rows: Any) -> str:
    from landsea.scenarios.validation import rows_percent_rmse

    return f"{rows_percent_rmse(rows):.0f} %" if rows else ""


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _print_report(result: Any) -> None:
    from landsea.cli.output import console

    out = console()
    out.print(_counts_table(result))
    for label, report in (("before estimation", result.before), ("after", result.after)):
        if report is not None:
            out.print(_summary_line(label, report))
    if result.after is None:
        out.print("No matrix estimation (--no-estimate).")
        return
    out.print(_moves_table(result))
    odme = result.odme
    out.print(
        f"ODME: {odme['cells_moved_over_10_percent']} of {odme['cells']} demand cells moved more "
        f"than 10% (bound x{odme['largest_factor_move']:.2g} reached at most); total "
        f"{odme['prior_teu_per_year']:,.0f} -> {odme['estimated_teu_per_year']:,.0f} TEU a year."
    )


def _counts_table(result: Any) -> Any:
    from rich.table import Table

    after = {c.count_id: c for c in result.after.comparisons} if result.after else {}
    view = Table(
        "element",
        "direction",
        "year",
        "count",
        "grade",
        "held out",
        "observed/day",
        "before/day",
        "GEH before",
        "after/day",
        "GEH after",
        title=f"modelled (year {result.year}) against observed counts, daily flows",
    )
    for row in result.before.comparisons:
        later = after.get(row.count_id)
        produced = row.geh is not None
        view.add_row(
            row.element_name,
            row.direction.replace("_", " "),
            "" if row.year is None else str(row.year),
            f"{row.value:,.0f} {row.unit.replace('_', ' ')}",
            row.quality,
            "yes" if row.held_out else "",
            _number(row.observed_per_day),
            _number(row.modelled_per_day) if produced else row.not_produced or "",
            _number(row.geh),
            _number(later.modelled_per_day) if later and produced else "",
            _number(later.geh) if later else "",
        )
    return view


def _summary_line(label: str, report: Any) -> str:
    def part(name: str, rows: Any) -> str:
        if not rows:
            return f"{name}: none"
        from landsea.scenarios.validation import rows_percent_rmse, share_geh_below_5

        return (
            f"{name} {len(rows)}: GEH < 5 for {share_geh_below_5(rows):.0%}, "
            f"%RMSE {rows_percent_rmse(rows):.0f}%"
        )

    return (
        f"{label}: {part('estimation counts', report.estimation)}; "
        f"{part('held-out counts', report.held_out)} "
        f"({len(report.compared)} of {len(report.comparisons)} counts compared; GEH on daily "
        "vehicles or trains; the others the model cannot produce)."
    )


def _moves_table(result: Any) -> Any:
    from rich.table import Table

    from landsea.network import corridor_network

    network = corridor_network()
    cells = result.cells.assign(
        move=lambda f: f["factor"].where(f["factor"] >= 1.0, 1.0 / f["factor"])
    ).nlargest(_MOVED_SHOWN, "move")
    view = Table(
        "origin",
        "destination",
        "commodity",
        "prior TEU/yr",
        "estimated TEU/yr",
        "factor",
        title="demand cells that moved most",
    )
    for row in cells.itertuples(index=False):
        view.add_row(
            network.place_name(str(row.origin)),
            network.place_name(str(row.destination)),
            str(row.commodity).replace("_", " "),
            f"{row.prior_teu_per_year:,.0f}",
            f"{row.estimated_teu_per_year:,.0f}",
            f"x{row.factor:.2f}",
        )
    return view
