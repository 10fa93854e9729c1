"""`landsea calibrate --report`: the corridor assignment against the observed counts.

`--json` prints (stable): year, geh_flows ("daily"), counts, compared, share_geh_below_5,
percent_rmse, comparisons (count_id, element_kind, element_id, direction, year, unit, value,
quality, observed_per_day, modelled_per_day, geh, not_produced).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    """Add `calibrate` to the top-level app."""
    app.command("calibrate")(calibrate)


def calibrate(
    report: Annotated[
        bool, typer.Option("--report", help="Compare the model with every observed count.")
    ] = False,
    year: Annotated[
        int | None, typer.Option(help="Network year (default: the base year, 2023).")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (ids, not names).")] = False,
) -> None:
    """Validation against observed counts: GEH on daily flows, %RMSE, share with GEH < 5.

    Matrix estimation from the counts is not built yet: the report is the one before estimation.
    """
    if not report:
        raise typer.BadParameter("only --report is available (no estimation yet)")
    from landsea.scenarios.validation import calibration_report

    result = calibration_report(year)
    if json:
        from landsea.cli.output import print_json

        print_json(result.to_dict())
        return
    _print_report(result)


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _print_report(result: Any) -> None:
    from rich.table import Table

    from landsea.cli.output import console

    view = Table(
        "element",
        "direction",
        "year",
        "count",
        "grade",
        "observed/day",
        "modelled/day",
        "GEH",
        title=f"modelled (year {result.year}) against observed counts, daily flows",
    )
    for row in result.comparisons:
        unit = row.unit.replace("_", " ")
        view.add_row(
            row.element_name,
            row.direction.replace("_", " "),
            "" if row.year is None else str(row.year),
            f"{row.value:,.0f} {unit}",
            row.quality,
            _number(row.observed_per_day),
            _number(row.modelled_per_day) if row.geh is not None else row.not_produced or "",
            _number(row.geh),
        )
    out = console()
    out.print(view)
    compared = len(result.compared)
    out.print(
        f"{compared} of {len(result.comparisons)} counts compared: GEH < 5 for "
        f"{result.share_geh_below_5:.0%}, %RMSE {result.percent_rmse:.0f}% (GEH on daily flows: "
        "vehicles or trains a day); the others the model cannot produce yet. "
        "Before matrix estimation: one demand matrix for every year."
    )
