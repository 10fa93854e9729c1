"""Assignment commands: assign, demand (filled in by the assignment work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the assignment commands to the top-level app."""
