"""Freight demand: the documented baseline (TEU per year by commodity) and CSV/OMX input-output.

>>> from landsea.data.demand import baseline_demand
>>> table = baseline_demand()
>>> sorted(table.columns)[:4]
['commodity', 'destination', 'origin', 'source']
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from landsea.data.demand.growth import GrowthEdit, GrowthRate, grow_demand, growth_rates
from landsea.data.demand.io import (
    COLUMNS,
    place_lookup,
    read_demand_csv,
    read_demand_omx,
    validate_demand,
    write_demand_csv,
    write_demand_omx,
)

__all__ = [
    "COLUMNS",
    "GrowthEdit",
    "GrowthRate",
    "baseline_demand",
    "demand_for_year",
    "grow_demand",
    "growth_rates",
    "place_lookup",
    "read_demand",
    "read_demand_csv",
    "read_demand_omx",
    "validate_demand",
    "write_demand_csv",
    "write_demand_omx",
]


def baseline_demand(places: pd.DataFrame | None = None) -> pd.DataFrame:
    """The bundled baseline (2018 trade figures, see derivation.py), validated against `places`
    (the bundled corridor's when None; a caller that has the tables passes them, saving a read)."""
    from landsea.vocabulary import COMMODITIES

    if places is None:
        from landsea.data.bundled import load_corridor

        places = load_corridor().places
    source = resources.files("landsea.data.demand").joinpath("baseline.csv")
    with resources.as_file(source) as path:
        return read_demand_csv(path, place_lookup(places), COMMODITIES)


def demand_for_year(year: int | None, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """The bundled baseline grown to `year` by the sourced trade growth rates (growth.py);
    the baseline as derived (2018-19 figures) when `year` is None.

    Raises:
        DataError: (exit 2) a year the growth table does not cover.
    """
    if places is None:
        from landsea.data.bundled import load_corridor

        places = load_corridor().places
    base = baseline_demand(places)
    return base if year is None else grow_demand(base, year, places)


def read_demand(path: str, places: dict[str, str], commodities: tuple[str, ...]) -> pd.DataFrame:
    """A demand file by its extension: `.omx` (openmatrix) or anything else as CSV."""
    if str(path).lower().endswith(".omx"):
        return read_demand_omx(path, places, commodities)
    return read_demand_csv(path, places, commodities)
