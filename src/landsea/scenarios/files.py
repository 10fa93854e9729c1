"""Reading scenario files: TOML by path or by the name of a shipped scenario, `extends`
resolved (with cycle detection), errors naming the key and the line of the file it sits in.

A child's tables override its parent's key by key; its lists of `edits`, `levers` and
`demand.growth` come after the parent's (the child adds to what it extends).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from landsea.errors import ScenarioError
from landsea.scenarios.messages import relevant_errors
from landsea.scenarios.spec import Scenario

APPENDED: tuple[tuple[str, ...], ...] = (("edits",), ("levers",), ("demand", "growth"))
LIBRARY_PACKAGE = "landsea.scenarios.library"


@dataclass(frozen=True)
class Source:
    """One file's text, for finding lines."""

    name: str
    text: str


@dataclass
class SourceMap:
    """Which file each key and each list item came from, so errors can name file and line."""

    main: Source
    files: list[Source] = field(default_factory=list)
    items: dict[tuple[str, ...], list[tuple[Source, int]]] = field(default_factory=dict)

    def where(self, loc: tuple[str | int, ...]) -> str:
        """`file:line: key.path` for a pydantic-style location (best effort on the line)."""
        dotted = ".".join(str(p) for p in loc)
        source, local = self._source_of(loc)
        line = line_of(source.text, local)
        return f"{source.name}:{line}: {dotted}" if line else f"{source.name}: {dotted}"

    def _source_of(self, loc: tuple[str | int, ...]) -> tuple[Source, tuple[str | int, ...]]:
        for key, owners in self.items.items():
            n = len(key)
            if tuple(loc[:n]) == key and len(loc) > n and isinstance(loc[n], int):
                index = int(loc[n])
                if 0 <= index < len(owners):
                    source, local = owners[index]
                    return source, (*key, local, *loc[n + 1 :])
        for source in (self.main, *self.files):
            if line_of(source.text, loc):
                return source, loc
        return self.main, loc


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?")


def line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The 1-based line where the key at `loc` is written, found by scanning the TOML text."""
    lines = text.splitlines()
    start, end, found = 0, len(lines), None
    prefix: list[str] = []
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(part, int):
            continue
        prefix.append(part)
        dotted = ".".join(prefix)
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        # a sub-table (`[project.capex]`) sits after its parent table, not inside its lines
        headers = [n for n in range(start, len(lines)) if _is_header(lines[n], dotted)]
        if headers:
            pick = nxt if isinstance(nxt, int) and nxt < len(headers) else 0
            start = headers[pick]
            found = start + 1
            end = next(
                (n for n in range(start + 1, len(lines)) if _HEADER.match(lines[n])), len(lines)
            )
            prefix = []  # keys inside a table are written relative to its header
            continue
        key = re.compile(rf"(^|[\s{{,]){re.escape(part)}\s*=")
        hit = next((n for n in range(start, end) if key.search(_code(lines[n]))), None)
        if hit is not None:
            start, found = hit, hit + 1
            prefix = []
    return found


def _code(line: str) -> str:
    return line.split("#", 1)[0] if '"' not in line else line


def _is_header(line: str, dotted: str) -> bool:
    match = _HEADER.match(line)
    return bool(match) and match.group(1).endswith(dotted) if match else False


def library_names() -> list[str]:
    """The shipped scenarios, by name."""
    folder = resources.files(LIBRARY_PACKAGE)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _read(ref: str, base: Path | None) -> tuple[Source, dict[str, Any]]:
    """A scenario file by path (relative to the extending file's folder) or library name."""
    path = Path(ref) if base is None else (base / ref)
    if not ref.endswith(".toml") and ref in library_names():
        text = resources.files(LIBRARY_PACKAGE).joinpath(f"{ref}.toml").read_text("utf-8")
        name = f"{ref}.toml"
    elif path.is_file():
        text, name = path.read_text("utf-8"), str(path)
    elif Path(ref).is_file():
        text, name = Path(ref).read_text("utf-8"), ref
    else:
        raise ScenarioError(
            f"no scenario {ref!r}: not a file, and not one of {', '.join(library_names())}"
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{name}: not valid TOML: {err}") from None
    return Source(name, text), data


def _merge(parent: dict[str, Any], child: dict[str, Any], path: tuple[str, ...] = ()) -> None:
    for key, value in child.items():
        here = (*path, key)
        if here in APPENDED and isinstance(value, list):
            parent[key] = [*parent.get(key, []), *value]
        elif isinstance(value, dict) and isinstance(parent.get(key), dict):
            _merge(parent[key], value, here)
        else:
            parent[key] = value


def _resolve(
    ref: str, base: Path | None, chain: tuple[str, ...], sources: SourceMap | None
) -> tuple[dict[str, Any], SourceMap]:
    source, data = _read(ref, base)
    if source.name in chain:
        cycle = " -> ".join((*chain, source.name))
        raise ScenarioError(f"{source.name}: extends makes a cycle: {cycle}")
    parent_ref = data.pop("extends", None)
    folder = Path(source.name).parent if Path(source.name).is_file() else None
    if parent_ref is None:
        merged: dict[str, Any] = {}
        smap = SourceMap(main=source) if sources is None else sources
    else:
        if not isinstance(parent_ref, str):
            raise ScenarioError(
                f"{source.name}:{line_of(source.text, ('extends',))}: "
                "extends must be a scenario name or a path"
            )
        merged, smap = _resolve(parent_ref, folder, (*chain, source.name), sources)
    smap.files.append(source)
    for key in APPENDED:
        items = _dig(data, key)
        owners = smap.items.setdefault(key, [])
        owners.extend((source, i) for i in range(len(items)))
    _merge(merged, data)
    return merged, smap


def _dig(data: dict[str, Any], key: tuple[str, ...]) -> list[Any]:
    node: Any = data
    for part in key:
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, list) else []


def load_scenario(ref: str | Path) -> Scenario:
    """A scenario by shipped name or path, `extends` resolved, checked; ScenarioError (exit 2)
    with `file:line: key` on any bad input."""
    merged, smap = _resolve(str(ref), None, (), None)
    smap.main = smap.files[-1]
    if "name" not in merged and smap.files:
        merged["name"] = Path(smap.main.name).stem
    try:
        scenario = Scenario.model_validate(merged)
    except ValidationError as err:
        raise ScenarioError(_message(err, smap)) from None
    from landsea.scenarios.levers import check_levers

    check_levers(scenario, smap)
    scenario.attach_sources(smap)
    return scenario


def _message(err: ValidationError, smap: SourceMap) -> str:
    problems = relevant_errors(err, Scenario)
    lines = [f"{smap.where(loc)}: {reason}" for loc, reason, _ in problems[:5]]
    more = len(problems) - 5
    return "\n".join(lines) + (f"\n(and {more} more)" if more > 0 else "")
