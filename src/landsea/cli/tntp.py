"""`landsea tntp`: the group; `paths` lives in tntp_paths.py, `assign` in tntp_assign.py."""

from __future__ import annotations

import typer

from landsea.cli import tntp_assign, tntp_paths

app = typer.Typer(no_args_is_help=True)
tntp_paths.register(app)
tntp_assign.register(app)
