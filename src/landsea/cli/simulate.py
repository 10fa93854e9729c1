"""`landsea simulate`: crossing and queue simulation (filled in by the simulation work)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)
