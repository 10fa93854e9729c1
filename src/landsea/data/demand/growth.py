"""Demand that grows: trade growth rates by partner country and commodity, year by year.

`growth.csv` (bundled beside `baseline.csv`) gives rates per year for a span of years, for a
partner country (ISO 3166 alpha-2, `*` for any) and a commodity (`*` for any), each with its
`source:` or `estimate:`. The rate for one year is the most specific row covering it:
(partner, commodity), then (partner, *), then (*, commodity), then (*, *).

A demand row of base year B grows to year Y by the product of (1 + rate) over the years
B+1..Y (and shrinks by the same product for a year before B). Its partner is the country of the
end that is not in China (the destination's country when both or neither are). TEU grow as
trade value in current US$: no deflator, no change in value per TEU (docs/dataset.md).

This is the one definition of growth: `landsea assign --year` grows by the table, and a
scenario's `demand.growth` entries are `GrowthEdit`s of the table's rates (a rate that replaces
the table's, or a factor on it, for the partners, commodities and years they select), applied
by the same functions.

>>> rates = growth_rates()
>>> round(rate_for(rates, "VN", "machinery", 2023), 3)
0.036
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from landsea.errors import DataError, Location

GROWTH_FILE = "growth.csv"
ANY = "*"
HOME_COUNTRY = "CN"
_COLUMNS = ("partner", "commodity", "from_year", "to_year", "rate_per_year", "source")


@dataclass(frozen=True)
class GrowthRate:
    """A growth rate for a partner and commodity over a span of years, with its source."""

    partner: str
    commodity: str
    from_year: int
    to_year: int
    rate_per_year: float
    source: str

    @property
    def specificity(self) -> int:
        """2 for a named partner, +1 for a named commodity: the most specific row wins."""
        return 2 * (self.partner != ANY) + (self.commodity != ANY)


@dataclass(frozen=True)
class GrowthEdit:
    """A change of the table's rates for the rows it selects: `rate_per_year` replaces the
    table's rate, `rate_factor` multiplies it (one of the two), for a partner and a commodity
    (`*` any) over `from_year`..`to_year` (None: no bound). Edits apply in order, each to the
    rate the table and the edits before it give."""

    partner: str = ANY
    commodity: str = ANY
    from_year: int | None = None
    to_year: int | None = None
    rate_per_year: float | None = None
    rate_factor: float | None = None

    def __post_init__(self) -> None:
        if (self.rate_per_year is None) == (self.rate_factor is None):
            raise DataError("a growth edit gives one of rate_per_year (a rate) or rate_factor")
        if self.rate_per_year is not None and not self.rate_per_year > -1.0:
            raise DataError(f"a rate above -1 (-100%) a year, got {self.rate_per_year:g}")
        if self.rate_factor is not None and not self.rate_factor >= 0.0:
            raise DataError(f"a rate factor of 0 or more, got {self.rate_factor:g}")

    def selects(self, partner: str, commodity: str, year: int) -> bool:
        """Whether the edit changes the rate of `partner`, `commodity` in `year`."""
        return (
            self.partner in (partner, ANY)
            and self.commodity in (commodity, ANY)
            and (self.from_year is None or self.from_year <= year)
            and (self.to_year is None or year <= self.to_year)
        )

    def applied(self, rate: float) -> float:
        """The rate after this edit."""
        if self.rate_per_year is not None:
            return self.rate_per_year
        return rate * (self.rate_factor if self.rate_factor is not None else 1.0)


def growth_rates(path: str | None = None) -> tuple[GrowthRate, ...]:
    """The growth table (the bundled one when `path` is None), checked.

    Raises:
        DataError: a missing column, a number that does not parse, a span that runs backwards,
            a rate of -100% or less, or a figure without `source:`/`estimate:`; naming the row.
    """
    if path is None:
        return _bundled_rates()
    return _read(path, path)


@cache
def _bundled_rates() -> tuple[GrowthRate, ...]:
    """Read once a process: a sweep grows the demand of every sample."""
    source = resources.files("landsea.data.demand").joinpath(GROWTH_FILE)
    with resources.as_file(source) as bundled:
        return _read(str(bundled), GROWTH_FILE)


def _read(path: str, name: str) -> tuple[GrowthRate, ...]:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in _COLUMNS:
        if column not in table.columns:
            raise DataError("missing column", Location(name, field=column))
    return tuple(_rate(row, Location(name, i + 1)) for i, row in table.iterrows())  # type: ignore[operator]


def _rate(row: pd.Series, where: Location) -> GrowthRate:
    def at(field: str) -> Location:
        return Location(where.file, where.row, field)

    try:
        first, last = int(row["from_year"]), int(row["to_year"])
    except ValueError:
        raise DataError("a year is a whole number", at("from_year")) from None
    try:
        rate = float(row["rate_per_year"])
    except ValueError:
        raise DataError("not a number", at("rate_per_year")) from None
    if last < first:
        raise DataError(f"to_year {last} is before from_year {first}", at("to_year"))
    if not (math.isfinite(rate) and rate > -1.0):
        raise DataError(f"a rate above -1 (-100%) a year, got {rate:g}", at("rate_per_year"))
    text = str(row["source"]).strip()
    if not text.startswith(("source:", "estimate:")):
        raise DataError("a rate needs 'source: ...' or 'estimate: ...'", at("source"))
    partner, commodity = str(row["partner"]).strip(), str(row["commodity"]).strip()
    return GrowthRate(partner or ANY, commodity or ANY, first, last, rate, text)


def rate_for(
    rates: tuple[GrowthRate, ...],
    partner: str,
    commodity: str,
    year: int,
    edits: tuple[GrowthEdit, ...] = (),
) -> float:
    """The growth rate from `year - 1` to `year` for the partner and commodity: the table's
    most specific row, then each edit that selects it, in order.

    Raises:
        DataError: (exit 2) no row covers the year.
    """
    rate = _table_rate(rates, partner, commodity, year)
    for edit in edits:
        if edit.selects(partner, commodity, year):
            rate = edit.applied(rate)
    return rate


def _table_rate(rates: tuple[GrowthRate, ...], partner: str, commodity: str, year: int) -> float:
    fitting = [
        r
        for r in rates
        if r.from_year <= year <= r.to_year
        and r.partner in (partner, ANY)
        and r.commodity in (commodity, ANY)
    ]
    if not fitting:
        first = min(r.from_year for r in rates)
        last = max(r.to_year for r in rates)
        raise DataError(f"no growth rate for {year}: the growth table covers {first - 1}-{last}")
    return max(fitting, key=lambda r: r.specificity).rate_per_year


def growth_factor(
    rates: tuple[GrowthRate, ...],
    partner: str,
    commodity: str,
    base_year: int,
    year: int,
    edits: tuple[GrowthEdit, ...] = (),
) -> float:
    """How much a flow of `base_year` has grown by `year` (below 1 for an earlier year)."""
    factor = 1.0
    for y in range(base_year + 1, year + 1):
        factor *= 1.0 + rate_for(rates, partner, commodity, y, edits)
    for y in range(year + 1, base_year + 1):
        factor /= 1.0 + rate_for(rates, partner, commodity, y, edits)
    return factor


def partner_country(origin_country: str, destination_country: str) -> str:
    """The trade partner of a flow: the end outside China (the destination when unclear)."""
    if origin_country != HOME_COUNTRY and destination_country == HOME_COUNTRY:
        return origin_country
    return destination_country


def grow_demand(
    demand: pd.DataFrame,
    year: int,
    places: pd.DataFrame,
    rates: tuple[GrowthRate, ...] | None = None,
    edits: tuple[GrowthEdit, ...] = (),
) -> pd.DataFrame:
    """The demand table grown from each row's `year` (its base year) to `year`, by the table's
    rates with `edits` on top (a scenario's `demand.growth`).

    The returned table carries `year` = the target year and `growth_factor`, the factor applied.

    Raises:
        DataError: (exit 2) a row without a base year, or a year the growth table does not cover.
    """
    if "year" not in demand.columns:
        raise DataError("demand has no 'year' column: its base year is unknown, it cannot grow")
    rates = growth_rates() if rates is None else rates
    country = {str(k): str(v) for k, v in places["country"].items()}
    out = demand.copy()
    known: dict[tuple[str, str, int], float] = {}
    factors = []
    for origin, destination, commodity, base in zip(
        out["origin"], out["destination"], out["commodity"], out["year"], strict=True
    ):
        key = (partner_country(country[str(origin)], country[str(destination)]), str(commodity))
        cell = (*key, int(base))
        if cell not in known:
            known[cell] = growth_factor(rates, *key, int(base), year, edits)
        factors.append(known[cell])
    out["growth_factor"] = factors
    out["teu_per_year"] = out["teu_per_year"].astype(float) * out["growth_factor"]
    out["year"] = year
    return out
