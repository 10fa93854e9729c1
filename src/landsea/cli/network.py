"""`landsea network`: validate a network and export one as GMNS or GeoJSON.

landsea network validate PATH          # folder of tables, GMNS folder or .geojson file
landsea network export --format gmns OUT [--from PATH]
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from landsea.cli.output import console, error_console, print_json

if TYPE_CHECKING:
    from landsea.data.tables import CorridorTables
    from landsea.data.validate import ValidationReport
    from landsea.errors import DataError

app = typer.Typer(no_args_is_help=True)
_MODE_HELP = "GMNS from another tool: the mode of links whose allowed_uses name none of ours."
_COUNTRY_HELP = "GMNS from another tool: the ISO country of nodes when node.csv has none."


class ExportFormat(enum.StrEnum):
    gmns = "gmns"
    geojson = "geojson"
    tables = "tables"


@app.command()
def validate(
    path: Annotated[
        Path, typer.Argument(help="A folder of tables, a GMNS folder or a .geojson file.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON document: valid, rows, errors, warnings.")
    ] = False,
    mode: Annotated[str | None, typer.Option(help=_MODE_HELP)] = None,
    country: Annotated[str | None, typer.Option(help=_COUNTRY_HELP)] = None,
) -> None:
    """Check a network: every error as file:row:field (exit 2), warnings, and a summary.

    A cell that cannot be read stops the check at once; problems across tables are all listed.
    """
    from landsea.data.formats import detect_format, inspect_network
    from landsea.errors import DataError

    kind: str | None = None
    try:
        kind = detect_format(path)
        with _warnings_as_messages():
            report = inspect_network(path, default_mode=mode, default_country=country)
    except DataError as unreadable:
        if as_json:
            print_json(_json_report(str(path), kind, None, [unreadable]))
        else:
            _print_error(unreadable)
        raise SystemExit(unreadable.exit_code) from None
    if as_json:
        print_json(_json_report(str(path), kind, report, list(report.errors)))
    else:
        _print_problems(report)
        if not report.errors:
            _print_summary(report, str(kind))
    if report.errors:
        raise SystemExit(2)  # the problems are the report: printed above, one per line


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Folder (gmns, tables) or file (geojson) to write.")],
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="gmns, geojson or tables.")
    ],
    source: Annotated[
        Path | None,
        typer.Option("--from", help="Network to export (default: the bundled corridor)."),
    ] = None,
    mode: Annotated[str | None, typer.Option(help=_MODE_HELP)] = None,
    country: Annotated[str | None, typer.Option(help=_COUNTRY_HELP)] = None,
) -> None:
    """Write a network (the bundled corridor by default) as GMNS CSV, GeoJSON or tables.

    `tables` writes the CSVs and parameters.toml of the bundled dataset's own layout: the
    starting point for editing a copy of the corridor.
    """
    with _warnings_as_messages():
        tables = _load(source, mode, country)
    try:
        written = _write(tables, format, out)
    except OSError as refused:  # a full disk or a read-only folder: a message, not a traceback
        _print_error(f"cannot write {out}: {refused.strerror or refused}")
        raise SystemExit(1) from None
    console().print(
        f"wrote {len(tables.places)} places and {len(tables.links)} links as {format.value}"
        f" to {written}",
        soft_wrap=True,  # a long path must stay whole for whoever copies it
    )


def _write(tables: CorridorTables, format: ExportFormat, out: Path) -> Path:
    if format is ExportFormat.gmns:
        from landsea.data.gmns import write_gmns

        return write_gmns(tables, out)
    if format is ExportFormat.tables:
        from landsea.data.io import write_tables

        return write_tables(tables, out)
    from landsea.data.geojson import write_geojson

    return write_geojson(tables, out)


@contextmanager
def _warnings_as_messages() -> Iterator[None]:
    """Show a DataWarning as a `warning:` line on stderr, not as Python's file:line report."""
    import warnings

    from landsea.data.validate import DataWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        try:
            yield
        finally:
            for warning in caught:
                if issubclass(warning.category, DataWarning):
                    error_console().print(
                        f"[bold yellow]warning:[/] {warning.message}", markup=True, soft_wrap=True
                    )
                else:
                    warnings.warn_explicit(
                        warning.message, warning.category, warning.filename, warning.lineno
                    )


def _load(source: Path | None, mode: str | None, country: str | None) -> CorridorTables:
    if source is None:
        from landsea.data.bundled import load_corridor

        return load_corridor()
    from landsea.data.formats import read_network

    return read_network(source, default_mode=mode, default_country=country)


def _print_error(problem: Exception | str) -> None:
    # soft_wrap: a file:row:field must stay on one line for grep and editors
    error_console().print(f"[bold red]error:[/] {problem}", markup=True, soft_wrap=True)


_SHOWN_ERRORS = 50  # a network with thousands of bad rows needs the first ones, then a count


def _print_problems(report: ValidationReport) -> None:
    errors = error_console()
    for problem in report.errors[:_SHOWN_ERRORS]:
        _print_error(problem)
    if len(report.errors) > _SHOWN_ERRORS:
        hidden = len(report.errors) - _SHOWN_ERRORS
        errors.print(f"... and {hidden} more (--json lists them all)", soft_wrap=True)
    for note in report.warnings:
        errors.print(f"[bold yellow]warning:[/] {note}", markup=True, soft_wrap=True)
    for hint in report.hints:
        errors.print(f"[bold cyan]note:[/] {hint}", markup=True, soft_wrap=True)
    if report.errors:
        errors.print(f"{len(report.errors)} errors in {report.origin}", soft_wrap=True)


def _print_summary(report: ValidationReport, kind: str) -> None:
    from rich.table import Table

    out = console()
    out.print(f"[bold green]valid[/] {kind} network: {report.origin}", markup=True)
    table = Table("table", "rows")
    for name, rows in report.rows.items():
        table.add_row(name, str(rows))
    out.print(table)
    modes = Table("mode", "km of links")
    for mode, km in sorted(report.km_by_mode.items()):
        modes.add_row(mode, f"{km:,.0f}")
    out.print(modes)
    if report.warnings:
        out.print(f"{len(report.warnings)} warnings (on stderr)")


def _json_report(
    path: str, kind: str | None, report: ValidationReport | None, errors: list[DataError]
) -> dict[str, object]:
    """The `--json` document (stable: keys in this order, documented in docs/dataset.md)."""
    return {
        "path": path,
        "format": kind,
        "valid": not errors,
        "rows": dict(report.rows) if report else {},
        "km_by_mode": dict(report.km_by_mode) if report else {},
        "errors": [_json_error(error) for error in errors],
        "warnings": list(report.warnings) if report else [],
        "hints": list(report.hints) if report else [],
    }


def _json_error(error: DataError) -> dict[str, object]:
    where = error.location
    return {
        "file": where.file if where else None,
        "row": where.row if where else None,
        "field": where.field if where else None,
        "message": error.reason,
    }
