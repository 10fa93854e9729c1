"""`python -m benchmarks`: run every suite in turn (each suite is a module with `run()`)."""

from __future__ import annotations

import importlib
import sys

SUITES: list[str] = [
    "assignment",
    "simulation",
    "routing",
    "paths",
    "dataset",
    "hub",
    "scenarios",
    "sweep",
    "locate",
    "appraisal",
    "web",
]


def main(argv: list[str]) -> int:
    chosen = argv or SUITES
    for name in chosen:
        importlib.import_module(f"benchmarks.{name}").run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
