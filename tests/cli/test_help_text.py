"""Help texts survive Rich's markup: a bare `[word]` in a help string is read as a style tag and
vanishes from `--help` ("its  if any"), so a literal bracket must be escaped as `\\[word]`."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator

import typer
import typer.testing

from landsea.cli.app import app

BARE_TAG = re.compile(r"(?<!\\)\[[A-Za-z_/ -]+\]")


def _helps(command: typing.Any, path: str) -> Iterator[tuple[str, str]]:
    texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
    for text in texts:
        yield path, text
    # typer builds its commands on its own copy of click: a group is what has subcommands
    for name, sub in getattr(command, "commands", {}).items():
        yield from _helps(sub, f"{path} {name}")


def test_no_help_text_loses_a_bracketed_word_to_markup() -> None:
    root = typer.main.get_command(app)
    lost = [
        (path, match.group(0))
        for path, text in _helps(root, "landsea")
        for match in BARE_TAG.finditer(text)
    ]
    assert len({path for path, _ in _helps(root, "landsea")}) > 40  # every command was walked
    assert lost == []


def test_the_disruption_help_shows_its_table_name() -> None:
    result = typer.testing.CliRunner().invoke(app, ["scenario", "disrupt", "--help"])
    assert result.exit_code == 0
    assert "[disruption]" in result.output
