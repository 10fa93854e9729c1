"""Shared output helpers: consoles and stable JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console


def error_console() -> Console:
    return Console(stderr=True, highlight=False)


def console() -> Console:
    return Console(highlight=False)


def print_json(payload: Any) -> None:
    """Write a JSON document to stdout: sorted keys off (order is part of the contract), UTF-8."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=_default) + "\n")


def _default(value: Any) -> Any:
    # numpy scalars and paths arrive here; everything else is a bug worth surfacing.
    if hasattr(value, "item"):
        return value.item()
    return str(value)
