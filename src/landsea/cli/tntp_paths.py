"""`landsea tntp paths` (filled in by its issue's work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `tntp paths` to the tntp group."""
