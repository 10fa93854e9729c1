"""`landsea scenario sweep` and `disrupt` in a subprocess: bad input is exit 2, clearly said."""

from __future__ import annotations

import socket
import subprocess
import sys


def landsea(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "landsea.cli.app", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_scheduler_that_does_not_answer_is_exit_2_naming_it() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    done = landsea(
        "scenario",
        "sweep",
        "baseline_2025",
        "--samples",
        "2",
        "--scheduler",
        address,
        "--timeout",
        "2",
    )
    assert done.returncode == 2
    assert f"no Dask scheduler answers at {address}" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_fidelity_is_exit_2_naming_the_choices() -> None:
    done = landsea("scenario", "sweep", "baseline_2025", "--samples", "2", "--fidelity", "exact")
    assert done.returncode == 2
    assert "--fidelity 'exact': give surrogate or simulate" in done.stderr
    assert "Traceback" not in done.stderr


def test_sobol_with_a_sample_count_that_is_no_power_of_two_is_exit_2() -> None:
    done = landsea("scenario", "sweep", "baseline_2025", "--samples", "5", "--method", "sobol")
    assert done.returncode == 2
    assert "power of two" in done.stderr and "e.g. 8" in done.stderr


def test_disrupt_an_unknown_element_is_exit_2_with_the_closest_names() -> None:
    done = landsea("scenario", "disrupt", "--close", "Pingxaing", "--days", "3")
    assert done.returncode == 2
    assert "'Pingxaing' is no crossing, border place, port or sea passage" in done.stderr
    assert "closest" in done.stderr and "Traceback" not in done.stderr


def test_disrupt_without_a_closure_asks_for_one() -> None:
    done = landsea("scenario", "disrupt", "baseline_2025")
    assert done.returncode == 2
    assert "give --close and --days" in done.stderr
