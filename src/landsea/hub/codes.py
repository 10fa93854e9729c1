"""Checks of the codes trade documents carry: UN/LOCODE, ISO 6346, HS, ISO 4217, ISO 3166.

Each function normalises a value or raises ValueError with a message that names what is wrong;
pydantic turns that into a 422 naming the field.
"""

from __future__ import annotations

import re
import unicodedata

import pycountry
from stdnum import iso6346
from stdnum.exceptions import ValidationError as StdnumValidationError

from landsea.vocabulary import UNLOCODE

_HS_CODE = re.compile(r"^[0-9]{6}([0-9]{2}){0,2}$")  # ASCII digits: `\d` takes any script's
_HS_PREFIX = re.compile(r"^[0-9]{2,10}$")
_ISO6346_OWNER = re.compile(r"^[A-Z]{3}[UJZ]")

# Codes that name the same place. UN/LOCODE 2018-1 lists Chongqing city as CNCQI, while carriers
# and bills of lading use CNCKG; the corridor dataset keys Chongqing as CNCKG.
LOCODE_ALIASES: dict[str, str] = {"CNCQI": "CNCKG"}


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 country code, upper-cased."""
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def unlocode(value: str) -> str:
    """A UN/LOCODE (5 characters, ISO country + 3 of A-Z2-9), with known aliases resolved."""
    code = value.strip().upper().replace(" ", "")
    if not UNLOCODE.match(code):
        raise ValueError(f"{value!r} is not a UN/LOCODE (ISO country + 3 of A-Z, 2-9)")
    if pycountry.countries.get(alpha_2=code[:2]) is None:
        raise ValueError(f"{value!r}: {code[:2]!r} is not an ISO 3166-1 country code")
    return LOCODE_ALIASES.get(code, code)


def container_number(value: str) -> str:
    """An ISO 6346 container number (owner, category, serial, check digit), compact form."""
    try:
        code = str(iso6346.validate(value))
    except StdnumValidationError as err:
        raise ValueError(f"{value!r} is not a valid ISO 6346 container number: {err}") from None
    if not _ISO6346_OWNER.match(code):  # python-stdnum checks the check digit, not the letters
        raise ValueError(
            f"{value!r} is not an ISO 6346 container number: three owner letters, then U, J or Z"
        )
    return code


def hs_code(value: str) -> str:
    """A Harmonized System code: 6 digits, optionally 8 or 10 (national subheadings).

    Unicode is folded first (NFKC: fullwidth `８４７１３０` is `847130`), so a code cannot slip
    past a risk rule by its spelling; digits of other scripts are refused."""
    code = _folded(value).replace(".", "").replace(" ", "")
    if not _HS_CODE.match(code):
        raise ValueError(f"{value!r} is not an HS code (6, 8 or 10 digits)")
    if not 1 <= int(code[:2]) <= 97:
        raise ValueError(f"{value!r}: HS chapter {code[:2]} does not exist (01-97)")
    return code


def hs_prefix(value: str) -> str:
    """The start of an HS code (2 to 10 digits), folded like `hs_code`."""
    code = _folded(value).replace(".", "").replace(" ", "")
    if not _HS_PREFIX.match(code):
        raise ValueError(f"{value!r} is not the start of an HS code (2 to 10 digits)")
    return code


def _folded(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def currency_code(value: str) -> str:
    """An ISO 4217 alphabetic currency code."""
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return code
