"""Hub commands: serve, hub token create, hub audit verify (filled in by the hub work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the hub commands to the top-level app."""
