"""Validation problems as a person reads them (shared by scenario files and lever checks)."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation may hold (through lists, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def known_keys(model: type[BaseModel], raw: tuple[Any, ...]) -> list[str]:
    """The keys allowed where an unknown key sits: the fields of the model at `raw[:-1]`
    (a union's member chosen by its tag, as pydantic writes it in the location)."""
    current: list[type[BaseModel]] = [model]
    for part in raw[:-1]:
        if not isinstance(part, str):
            continue
        by_name = {m.__name__: m for m in current}
        tagged = [m for m in current if _tag_of(m) == part]
        if part in by_name or tagged:
            current = [by_name.get(part) or tagged[0]]
            continue
        fields = [m.model_fields[part] for m in current if part in m.model_fields]
        current = [m for f in fields for m in _models_in(f.annotation)]
    keys = {(f.alias or name) for m in current[:1] for name, f in m.model_fields.items()}
    return sorted(keys)


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("kind") or model.model_fields.get("dist")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return str(args[0]) if args else None


def unknown_key_reason(model: type[BaseModel], raw: tuple[Any, ...]) -> str:
    """ "unknown key 'x'; closest: ..." (or the keys it may be)."""
    keys = known_keys(model, raw)
    name = str(raw[-1])
    close = difflib.get_close_matches(name, keys, n=3, cutoff=0.5)
    if close:
        return f"unknown key {name!r}; closest: {', '.join(close)}"
    return (
        f"unknown key {name!r}; known keys: {', '.join(keys)}" if keys else f"unknown key {name!r}"
    )


def relevant_errors(
    err: ValidationError, model: type[BaseModel] | None = None
) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(location, reason, type) of each problem, the way a person reads them: union branches
    and tags out of the location, and for a number given as a table, the table's problem
    rather than "not a number"."""
    from landsea.scenarios.distributions import DISTRIBUTIONS
    from landsea.scenarios.spec import EDIT_KINDS

    tags = {*DISTRIBUTIONS, *EDIT_KINDS}  # a union's tag follows the item it names
    noise = {"float", "int", "function-after", "literal"}
    found = []
    for problem in err.errors():
        raw = problem["loc"]
        loc = tuple(
            p
            for i, p in enumerate(raw)
            if not (
                isinstance(p, str)
                and (
                    p in noise
                    or p[:1].isupper()
                    or "[" in p
                    or (p in tags and i > 0 and raw[i - 1] != p and not isinstance(raw[i - 1], str))
                    or (p in DISTRIBUTIONS and i > 0)
                )
            )
        )
        branch = "float" in raw or "int" in raw
        reason = str(problem["msg"]).removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden" and model is not None:
            reason = unknown_key_reason(model, tuple(raw))
        found.append((loc, reason, str(problem["type"]), branch))
    deeper = {f[0] for f in found if not f[3]}
    kept = [f for f in found if not (f[3] and any(d[: len(f[0])] == f[0] for d in deeper))]
    kept.sort(key=lambda f: f[2] != "extra_forbidden")
    return [(loc, reason, kind) for loc, reason, kind, _ in kept]
