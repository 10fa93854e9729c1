"""`landsea network`: validate and export networks (filled in by the dataset work)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)
