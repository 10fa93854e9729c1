"""Field types that validate at the boundary, so the services can trust what they are given.

Text rejects NUL characters and unpaired surrogates (PostgreSQL cannot store either: without this
check they would surface as a 500). Numbers are finite and bounded; times carry a UTC offset and
lie in a sane range, so arithmetic on them cannot overflow. A regime is any regime registered in
`landsea.regimes` when a request is validated, and the JSON schema lists those registered when
the schema is built (an app created after a regime is registered documents it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from landsea.hub import codes
from landsea.regimes import regime_names
from landsea.vocabulary import choices

_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode (unpaired surrogate)") from None
    return value


def _in_range(value: datetime) -> datetime:
    if not _EARLIEST <= value <= _LATEST:
        raise ValueError("time must lie between 1990 and 2200")
    return value.astimezone(UTC)


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("may not be blank")
    return value


def _registered_regime(value: str) -> str:
    if value not in regime_names():
        raise ValueError(f"unknown regime {value!r}; choose one of {choices(regime_names())}")
    return value


class _RegisteredRegimes:
    """JSON schema of a regime field: an enum of the regimes registered when it is built."""

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = list(regime_names())
        return json_schema


Text = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_storable)]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_storable),
    AfterValidator(_nonblank),
]
Reference = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"),
]
EventId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"),
]
RegimeName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=32),
    AfterValidator(_registered_regime),
    _RegisteredRegimes(),
    Field(description="a border regime registered in landsea.regimes"),
]
Locode = Annotated[
    str,
    StringConstraints(min_length=5, max_length=6),
    AfterValidator(codes.unlocode),
    Field(description="UN/LOCODE: ISO 3166 country + 3 of A-Z, 2-9 (e.g. CNCKG, THBKK)"),
]
Country = Annotated[
    str, StringConstraints(min_length=2, max_length=2), AfterValidator(codes.country_code)
]
ContainerNumber = Annotated[
    str,
    StringConstraints(min_length=11, max_length=16),
    AfterValidator(codes.container_number),
    Field(description="ISO 6346 container number with its check digit, e.g. CSQU3054383"),
]
HsCode = Annotated[
    str,
    StringConstraints(min_length=6, max_length=14),
    AfterValidator(codes.hs_code),
    Field(description="Harmonized System code, 6, 8 or 10 digits"),
]
HsPrefix = Annotated[
    str,
    StringConstraints(min_length=2, max_length=14),
    AfterValidator(codes.hs_prefix),
    Field(description="the first 2 to 10 digits of an HS code"),
]
Description = Annotated[
    str, StringConstraints(min_length=1, max_length=500), AfterValidator(_storable)
]
Currency = Annotated[
    str,
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(codes.currency_code),
    Field(description="ISO 4217 currency code"),
]


def _text_time(value: object) -> object:
    # A number is not a time: pydantic would read it as seconds since 1970.
    if isinstance(value, int | float):
        raise ValueError("a time is ISO 8601 text with its UTC offset, not a number")
    return value


# Numbers and flags are strict: `true`, `"5"` or `false` are not a count or an amount.
Time = Annotated[AwareDatetime, BeforeValidator(_text_time), AfterValidator(_in_range)]
Mass = Annotated[float, Field(strict=True, gt=0, le=1e7, allow_inf_nan=False, description="kg")]
Money = Annotated[float, Field(strict=True, ge=0, le=1e12, allow_inf_nan=False)]
Count = Annotated[int, Field(strict=True, ge=1, le=1_000_000)]
