"""Room 6: the `landsea` command, a thin layer over the rooms below.

Each command parses its options, calls one function of a lower room and prints the result
(`*_views.py` format it for a person; `--json` prints the room's own dictionary). `main` is the
entry point the `landsea` script runs; the Typer app itself is `landsea.cli.app.app`.
"""

from landsea.cli.app import main

__all__ = ["main"]
