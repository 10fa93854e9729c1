"""`landsea network`: validate a network and export one as GMNS or GeoJSON.

landsea network validate PATH          # folder of tables, GMNS folder or .geojson file
landsea network export --format gmns OUT [--from PATH]
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from landsea.cli.output import console, error_console

if TYPE_CHECKING:
    from landsea.data.tables import CorridorTables
    from landsea.data.validate import ValidationReport

app = typer.Typer(no_args_is_help=True)


class ExportFormat(enum.StrEnum):
    gmns = "gmns"
    geojson = "geojson"


@app.command()
def validate(
    path: Path = typer.Argument(..., help="A folder of tables, a GMNS folder or a .geojson file."),
) -> None:
    """Check a network: every error as file:row:field (exit 2), warnings, and a summary."""
    from landsea.data.formats import detect_format, inspect_network
    from landsea.errors import DataError

    try:
        report = inspect_network(path)
        kind = detect_format(path)
    except DataError as wrong:
        error_console().print(f"[bold red]error:[/] {wrong}", markup=True)
        raise typer.Exit(wrong.exit_code) from None
    _print_problems(report)
    if report.errors:
        raise typer.Exit(2)
    _print_summary(report, kind)


@app.command()
def export(
    out: Path = typer.Argument(..., help="Folder (gmns) or file (geojson) to write."),
    format: ExportFormat = typer.Option(..., "--format", "-f", help="gmns or geojson."),
    source: Path | None = typer.Option(
        None, "--from", help="Network to export (default: the bundled corridor)."
    ),
) -> None:
    """Write a network (the bundled corridor by default) as GMNS CSV or GeoJSON."""
    tables = _load(source)
    if format is ExportFormat.gmns:
        from landsea.data.gmns import write_gmns

        written = write_gmns(tables, out)
    else:
        from landsea.data.geojson import write_geojson

        written = write_geojson(tables, out)
    console().print(
        f"wrote {len(tables.places)} places and {len(tables.links)} links as {format.value}"
        f" to {written}"
    )


def _load(source: Path | None) -> CorridorTables:
    if source is None:
        from landsea.data.corridor import load_corridor

        return load_corridor()
    from landsea.data.formats import read_network

    return read_network(source)


def _print_problems(report: ValidationReport) -> None:
    errors = error_console()
    for problem in report.errors:
        errors.print(f"[bold red]error:[/] {problem}", markup=True, highlight=False)
    for note in report.warnings:
        errors.print(f"[bold yellow]warning:[/] {note}", markup=True, highlight=False)
    if report.errors:
        errors.print(f"{len(report.errors)} errors in {report.origin}")


def _print_summary(report: ValidationReport, kind: str) -> None:
    from rich.table import Table

    out = console()
    out.print(f"[bold green]valid[/] {kind} network: {report.origin}", markup=True)
    table = Table("table", "rows")
    for name, rows in report.rows.items():
        table.add_row(name, str(rows))
    out.print(table)
    if report.warnings:
        out.print(f"{len(report.warnings)} warnings (on stderr)")
