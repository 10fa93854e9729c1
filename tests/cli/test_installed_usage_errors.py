"""Usage errors of the installed `landsea` command: exit 2 and a message, never a traceback.

These run the console script that `make venv` installed beside this Python (not the Typer app
in-process), so they catch what only a real install shows: the click the lock brings (typer 0.29
bundles its own copy), the entry point in pyproject.toml, the top-level error handling. The
commands are discovered from the Typer app, so a new command or group is covered without
editing this file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from landsea.cli.app import app

# The console script pip writes beside the interpreter of the venv that runs the tests.
INSTALLED = Path(sys.executable).parent / ("landsea.exe" if os.name == "nt" else "landsea")


@dataclass(frozen=True)
class UsageCase:
    """One wrong invocation and the words click's message for it must contain."""

    argv: tuple[str, ...]
    expected: str

    @property
    def id(self) -> str:
        return " ".join(self.argv)


def _click_command() -> typing.Any:
    return typer.main.get_command(app)


def _subcommands(command: typing.Any) -> dict[str, typing.Any]:
    return dict(getattr(command, "commands", None) or {})


def _walk(
    command: typing.Any, path: tuple[str, ...]
) -> typing.Iterator[tuple[tuple[str, ...], typing.Any]]:
    yield path, command
    for name, sub in sorted(_subcommands(command).items()):
        yield from _walk(sub, (*path, name))


def _numeric_annotation(annotation: object) -> bool:
    if annotation in (int, float):
        return True
    # `int | None` and Optional[int]: numeric when every non-None member is.
    members = [a for a in typing.get_args(annotation) if a is not type(None)]
    return bool(members) and all(a in (int, float) for a in members)


def _is_numeric_option(param: typing.Any) -> bool:
    if getattr(param, "param_type_name", "") != "option" or getattr(param, "is_flag", False):
        return False
    descriptor = getattr(param, "type_descriptor", None)  # typer >= 0.25 keeps the annotation
    if descriptor is not None:
        return _numeric_annotation(descriptor.annotation)
    return getattr(getattr(param, "type", None), "name", "") in ("integer", "float")


def _cases() -> list[UsageCase]:
    cases: list[UsageCase] = []
    for path, command in _walk(_click_command(), ()):
        if _subcommands(command):
            cases.append(UsageCase((*path, "no-such-command"), "No such command"))
            cases.append(UsageCase((*path, "--no-such-option"), "No such option"))
            continue
        cases.append(UsageCase((*path, "--no-such-option"), "No such option"))
        params = list(command.params)
        if any(p.required for p in params):
            cases.append(UsageCase(path, "Missing"))
        numeric = next((p for p in params if _is_numeric_option(p)), None)
        if numeric is not None:
            cases.append(UsageCase((*path, numeric.opts[0], "not-a-number"), "Invalid value"))
    return cases


CASES = _cases()


def test_every_command_and_group_is_covered() -> None:
    """The discovery found the groups and leaves `landsea --help` lists (a guard on _walk)."""
    top_level = set(_subcommands(_click_command()))
    covered = {case.argv[0] for case in CASES if len(case.argv) > 1 or case.argv[0] in top_level}
    assert covered == top_level
    groups = {case.argv[:-1] for case in CASES if case.expected == "No such command"}
    assert {("network",), ("simulate",), ("tntp",), ("hub",), ("hub", "token")} <= groups


def test_the_installed_script_is_this_venvs() -> None:
    assert INSTALLED.is_file(), f"{INSTALLED} is missing: run `make venv` (pip install -e .)"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_usage_error_is_a_message_and_exit_2(case: UsageCase, tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [str(INSTALLED), *case.argv],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,  # nothing a wrongly accepted command writes lands in the tree
        env=env,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert done.returncode == 2, output
    assert case.expected in done.stderr, done.stderr
