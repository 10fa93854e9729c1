"""Validation problems as a person reads them (shared by scenario files and lever checks)."""

from __future__ import annotations

from pydantic import ValidationError


def relevant_errors(err: ValidationError) -> list[tuple[tuple[str | int, ...], str, str]]:
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
        found.append((loc, reason, str(problem["type"]), branch))
    deeper = {f[0] for f in found if not f[3]}
    kept = [f for f in found if not (f[3] and any(d[: len(f[0])] == f[0] for d in deeper))]
    kept.sort(key=lambda f: f[2] != "extra_forbidden")
    return [(loc, reason, kind) for loc, reason, kind, _ in kept]
