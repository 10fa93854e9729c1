"""The entry point: exit codes pass through, errors print whole and without markup surprises."""

import sys

import pytest
import typer

from landsea.cli import app as app_module


def test_a_typer_exit_code_reaches_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = typer.Typer()

    @probe.command()
    def fail() -> None:
        raise typer.Exit(5)

    @probe.command()
    def other() -> None:
        """A second command, so typer keeps subcommand names."""

    monkeypatch.setattr(app_module, "app", probe)
    monkeypatch.setattr(sys, "argv", ["landsea", "fail"])
    with pytest.raises(SystemExit) as stop:
        app_module.main()
    assert stop.value.code == 5


def test_long_errors_stay_on_one_line_with_brackets_intact(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setattr(sys, "argv", ["landsea", "route", "[Chongqing]", "Bangkok-" + "x" * 60])
    with pytest.raises(SystemExit) as stop:
        app_module.main()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "'[Chongqing]'" in err
    assert len(err.strip().splitlines()) == 1
