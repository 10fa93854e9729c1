"""`parameters.toml`: read into `Parameters` (naming the field that is wrong) and write back."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from landsea.data.tables import (
    SOURCE_PREFIXES,
    CommodityParameters,
    ModeParameters,
    Parameters,
)
from landsea.errors import DataError, Location
from landsea.vocabulary import COMMODITIES, MODES


def read_parameters(path: Path, file: str | None = None) -> Parameters:
    """Read a parameters file; `file` is the name used in messages (default: the path).

    Raises:
        DataError: a missing file, bad TOML or a bad value (the dotted field named).
    """
    name = file or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as missing:
        raise DataError("file missing", Location(name)) from missing
    except (OSError, UnicodeDecodeError) as unreadable:
        raise DataError(f"cannot read: {unreadable}", Location(name)) from unreadable
    return parameters_from_toml(text, name)


def parameters_from_toml(text: str, file: str) -> Parameters:
    """Parse TOML text into `Parameters`; every error names the dotted field.

    Raises:
        DataError: bad TOML or a bad value (the dotted field named).
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as bad:
        raise DataError(f"not valid TOML: {bad}", Location(file)) from bad
    return parameters_from_dict(document, file)


def parameters_from_dict(document: dict[str, Any], file: str) -> Parameters:
    """Build `Parameters` from the nested TOML layout (also used by the GeoJSON reader)."""
    modes = _section(document, "modes", file)
    commodities = _section(document, "commodities", file)
    _require_keys(modes, MODES, "modes", file)
    _require_keys(commodities, COMMODITIES, "commodities", file)
    carbon = _section(document, "carbon", file)
    terminal = _section(document, "terminal", file)
    reliability = _section(document, "reliability", file)
    cv = dict(_section(reliability, "link_time_cv", file, "reliability."))
    cv_source = cv.pop("source", "")
    _require_keys(cv, MODES, "reliability.link_time_cv", file)
    fields = {
        "modes": {
            name: _model(ModeParameters, modes[name], f"modes.{name}", file) for name in modes
        },
        "commodities": {
            name: _model(CommodityParameters, commodities[name], f"commodities.{name}", file)
            for name in commodities
        },
        "carbon_price_usd_per_t_co2": _get(carbon, "price_usd_per_t_co2", "carbon", file),
        "carbon_price_source": _get(carbon, "price_usd_per_t_co2_source", "carbon", file),
        "loading_time_h": _get(terminal, "loading_time_h", "terminal", file),
        "loading_time_source": _get(terminal, "loading_time_h_source", "terminal", file),
        "loading_cost_usd_per_teu": _get(terminal, "loading_cost_usd_per_teu", "terminal", file),
        "loading_cost_source": _get(terminal, "loading_cost_usd_per_teu_source", "terminal", file),
        "link_time_cv": cv,
        "link_time_cv_source": cv_source,
    }
    parameters = _model(Parameters, fields, "", file)
    _check_sources(parameters, file)
    return parameters


def parameters_to_dict(parameters: Parameters) -> dict[str, Any]:
    """The nested TOML layout of `parameters` (inverse of `parameters_from_dict`)."""
    return {
        "modes": {name: mode.model_dump() for name, mode in parameters.modes.items()},
        "commodities": {name: c.model_dump() for name, c in parameters.commodities.items()},
        "carbon": {
            "price_usd_per_t_co2": parameters.carbon_price_usd_per_t_co2,
            "price_usd_per_t_co2_source": parameters.carbon_price_source,
        },
        "terminal": {
            "loading_time_h": parameters.loading_time_h,
            "loading_time_h_source": parameters.loading_time_source,
            "loading_cost_usd_per_teu": parameters.loading_cost_usd_per_teu,
            "loading_cost_usd_per_teu_source": parameters.loading_cost_source,
        },
        "reliability": {
            "link_time_cv": {**parameters.link_time_cv, "source": parameters.link_time_cv_source}
        },
    }


def parameters_to_toml(parameters: Parameters) -> str:
    """TOML text for `parameters`: tables of scalars only, so a small writer suffices."""
    lines: list[str] = ["# landsea corridor parameters (written by landsea)"]
    _emit_tables(parameters_to_dict(parameters), [], lines)
    return "\n".join(lines) + "\n"


def _emit_tables(table: dict[str, Any], path: list[str], lines: list[str]) -> None:
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    if path and scalars:
        lines.append("")
        lines.append(f"[{'.'.join(path)}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in scalars.items())
    for key, value in table.items():
        if isinstance(value, dict):
            _emit_tables(value, [*path, key], lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            raise DataError(f"cannot write a non-finite number {value!r} to TOML")
        return repr(number)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _section(document: dict[str, Any], key: str, file: str, prefix: str = "") -> dict[str, Any]:
    value = document.get(key)
    if not isinstance(value, dict):
        raise DataError(f"missing table [{prefix}{key}]", Location(file, field=f"{prefix}{key}"))
    return value


def _require_keys(table: dict[str, Any], expected: tuple[str, ...], where: str, file: str) -> None:
    for name in expected:
        if name not in table:
            raise DataError(f"missing entry {name!r}", Location(file, field=f"{where}.{name}"))
    for name in table:
        if name not in expected:
            raise DataError(
                f"unknown entry {name!r}; expected one of {', '.join(expected)}",
                Location(file, field=f"{where}.{name}"),
            )


def _get(table: dict[str, Any], key: str, where: str, file: str) -> Any:
    if key not in table:
        raise DataError("missing value", Location(file, field=f"{where}.{key}"))
    return table[key]


def _model(model: Any, values: Any, where: str, file: str) -> Any:
    try:
        return model.model_validate(values)
    except ValidationError as invalid:
        first = invalid.errors()[0]
        dotted = ".".join(str(part) for part in (where, *first["loc"]) if part != "")
        raise DataError(first["msg"], Location(file, field=dotted)) from invalid


def _check_sources(parameters: Parameters, file: str) -> None:
    flat = parameters_to_dict(parameters)
    for dotted, text in _source_fields(flat, ""):
        if not str(text).startswith(SOURCE_PREFIXES):
            raise DataError(
                "a figure without a source: write 'source: citation' or 'estimate: how'",
                Location(file, field=dotted),
            )


def _source_fields(table: dict[str, Any], prefix: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            found.extend(_source_fields(value, dotted + "."))
        elif key == "source" or key.endswith("_source"):
            found.append((dotted, value))
    return found
