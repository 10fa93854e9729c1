"""`landsea tntp`: the group; `paths` lives in tntp_paths.py, `assign` in tntp_assign.py."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)
