"""Currency conversion for risk rules on value: a dated table of rates bundled with the hub.

`exchange_rates.csv` (beside this module) gives, per ISO 4217 currency, units per US dollar on
one date, each rate with its `source:` or `estimate:` (30 June 2025: the currencies the IMF
values in SDR are its rates of that day, the others estimates of their central banks' reference
rates; a customs authority replaces them with its official customs rates).
Amounts are converted through the US dollar. A currency the table lacks cannot be converted:
callers decide what that means (a risk rule on value then matches, so unknown money is looked
at rather than waved through).
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from landsea.errors import DataError, Location

__all__ = ["RATES_FILE", "convert", "rates"]

RATES_FILE = "exchange_rates.csv"


@cache
def rates() -> dict[str, float]:
    """Units of each currency per US dollar, from the bundled table.

    Raises:
        DataError: a row without a positive rate or without its source, naming file, row, field.
    """
    text = resources.files("landsea.hub").joinpath(RATES_FILE).read_text(encoding="utf-8")
    found: dict[str, float] = {}
    for row_number, row in enumerate(csv.DictReader(text.splitlines()), start=1):
        where = Location(RATES_FILE, row_number, "units_per_usd")
        try:
            rate = float(row["units_per_usd"])
        except (TypeError, ValueError):
            raise DataError(f"not a number: {row['units_per_usd']!r}", where) from None
        if not rate > 0:
            raise DataError("a rate must be positive", where)
        if not str(row.get("source") or "").startswith(("source:", "estimate:")):
            raise DataError(
                "every rate carries source: or estimate:",
                Location(RATES_FILE, row_number, "source"),
            )
        found[row["currency"]] = rate
    return found


def convert(amount: float, currency: str, to: str) -> float | None:
    """`amount` of `currency` in `to`, or None when either is not in the table."""
    if currency == to:
        return amount
    table = rates()
    if currency not in table or to not in table:
        return None
    return amount / table[currency] * table[to]
