"""Corridor commands: lines, route, tcd, report (filled in by the routing work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the corridor commands to the top-level app."""
