"""The CLI stays a thin layer: parse options, call one function of a room, print.

A command that grows past a screen is doing a room's work; move that work to the room
(scenarios/ for studies that assemble a scenario, the room's own module otherwise).
"""

from __future__ import annotations

import ast
from pathlib import Path

import landsea.cli

MAX_LINES = 40  # a function's lines, signature and docstring included


def test_no_cli_function_is_longer_than_a_screen() -> None:
    too_long = []
    for path in sorted(Path(landsea.cli.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_LINES:
                    too_long.append(f"{path.name}:{node.lineno} {node.name}: {lines} lines")
    assert too_long == []


def test_the_cli_package_exports_the_entry_point() -> None:
    assert landsea.cli.__all__ == ["main"]
    assert callable(landsea.cli.main)
