"""Scenario results on disk, keyed by what produced them: the scenario, the data, the code.

A result is a folder of Parquet tables plus `meta.json`, named `<scenario>-<key>`; the key is a
SHA-256 over the resolved scenario (every number in place), the seed, the bundled data files
and the code (landsea's version and a hash of its model sources). A change to any of them is a
new key, so an old result is never reused by a new code version: it is recomputed. A folder is
written under a temporary name and renamed into place, so a reader never sees half a result.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

import landsea

MODEL_ROOMS = ("data", "network", "routing", "assignment", "simulation", "scenarios")
# how results are shown, not what they are: a change here keeps the stored results
PRESENTATION = (
    "scenarios/compare.py",
    "scenarios/report_html.py",
    "scenarios/report.py",
    # how runs are valued and ranked (`landsea appraise`), not what they are
    "scenarios/appraisal.py",
    "scenarios/appraisal_runs.py",
    "scenarios/appraisal_rank.py",
    "scenarios/appraisal_spec.py",
)
TABLES = (
    "od",
    "modes",
    "crossings",
    "loop",
    "totals",
    "flows",
    "network",
    "gateways",
    "link_flows",
)


def _hash_files(root: Path, patterns: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root).as_posix()
            if "__pycache__" in path.parts or relative in PRESENTATION:
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def code_version() -> str:
    """landsea's version and a hash of the model rooms' sources (not the hub, web or CLI)."""
    root = Path(landsea.__file__).parent
    patterns = (*(f"{room}/**/*.py" for room in MODEL_ROOMS), "*.py")
    return f"{landsea.__version__}+{_hash_files(root, patterns)[:16]}"


@cache
def data_version() -> str:
    """A hash of the bundled corridor tables, the baseline demand and the shipped scenarios."""
    root = Path(str(resources.files("landsea.data")))
    patterns = ("corridor/*.csv", "corridor/*.toml", "demand/*.csv")
    return _hash_files(root, patterns)[:16]


def result_key(scenario_dump: dict[str, Any], seed: int) -> str:
    """The key of a result: scenario content, seed, data and code versions."""
    payload = {
        "scenario": scenario_dump,
        "seed": seed,
        "data": data_version(),
        "code": code_version(),
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class ResultStore:
    """A folder of scenario results (default `out/scenario-cache`, or LANDSEA_OUT_DIR)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def folder(self, name: str, key: str) -> Path:
        return self.root / f"{name}-{key}"

    def load(self, name: str, key: str) -> tuple[dict[str, pd.DataFrame], dict[str, Any]] | None:
        """The stored tables and meta, or None when there is no complete result."""
        folder = self.folder(name, key)
        meta_path = folder / "meta.json"
        if not meta_path.is_file():
            return None
        meta = json.loads(meta_path.read_text("utf-8"))
        if meta.get("code_version") != code_version():
            return None  # another code version: recompute, never reuse
        tables = {t: pd.read_parquet(folder / f"{t}.parquet") for t in TABLES}
        return tables, meta

    def save(
        self, name: str, key: str, tables: dict[str, pd.DataFrame], meta: dict[str, Any]
    ) -> Path:
        """Write the result atomically: a temporary folder, renamed into place."""
        self.root.mkdir(parents=True, exist_ok=True)
        final = self.folder(name, key)
        partial = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=self.root))
        try:
            for table in TABLES:
                tables[table].to_parquet(partial / f"{table}.parquet", index=False)
            (partial / "meta.json").write_text(
                json.dumps({**meta, "code_version": code_version()}, indent=2, default=str)
            )
            if final.exists():
                shutil.rmtree(final)
            os.replace(partial, final)
        finally:
            if partial.exists():
                shutil.rmtree(partial, ignore_errors=True)
        return final
