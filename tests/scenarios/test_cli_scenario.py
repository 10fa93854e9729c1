"""`landsea scenario` in a subprocess: list, validate, errors with exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def landsea(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "landsea.cli.app", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_list_names_the_shipped_scenarios_and_the_levers() -> None:
    done = landsea("scenario", "list", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    names = {s["name"] for s in payload["scenarios"]}
    assert {"baseline_2025", "synergy", "mekong_dredging"} <= names
    assert "tir_accession" in payload["levers"]


def test_validate_a_bad_file_exits_2_naming_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\nyear = 2025\n[[levers]]\nlever = "single_windw"\n')
    done = landsea("scenario", "validate", str(path))
    assert done.returncode == 2
    assert f"{path}:4: levers.0.lever: unknown lever 'single_windw'" in done.stderr
    assert "single_window" in done.stderr and "Traceback" not in done.stderr


def test_validate_lists_the_edits_and_uncertain_inputs() -> None:
    done = landsea("scenario", "validate", "mekong_dredging", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["valid"] and "levers.0.navigable_months" in payload["uncertain"]
    assert any("frequency" in edit for edit in payload["edits"])
