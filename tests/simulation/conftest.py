"""Shared fixtures: run the `landsea` entry point in-process, as a user would from a shell."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from landsea.cli.app import main

RunCli = Callable[..., int]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """`run_cli("simulate", "queue", ...)` -> exit code; output lands in capsys."""

    def run(*args: str) -> int:
        monkeypatch.setattr(sys, "argv", ["landsea", *args])
        try:
            main()
        except SystemExit as done:
            return int(done.code or 0)
        return 0

    return run
