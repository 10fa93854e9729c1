"""The China-Laos Railway study: mode shares by year, without and with the railway.

The railway's links carry their opening year (2021, CGTN 2021-12-03), so the year alone shapes
the network: 2020 is the corridor without it, 2022 with it (docs/assignment.md).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from landsea.assignment.freight import assign_corridor
from landsea.network.graph import GraphOptions
from landsea.network.model import Network
from landsea.network.timing import link_is_open

CLR_CROSSING = "MOHAN_BOTEN_RAIL"  # the China-Laos Railway's border section
STUDY_YEARS = (2020, 2022)  # the paper's era, and the first full year with the railway


def clr_open(network: Network, year: int | None) -> bool:
    """Whether the China-Laos Railway carries freight in `year`, from its links' opening year."""
    links = network.links[network.links["crossing_id"] == CLR_CROSSING]
    return bool(len(links)) and all(
        link_is_open(str(status), open_year, year)
        for status, open_year in zip(links["status"], links["open_year"], strict=True)
    )


def clr_comparison(
    network: Network,
    demand: pd.DataFrame,
    years: tuple[int, ...] = STUDY_YEARS,
    regime: str = "standard",
    **kwargs: Any,
) -> pd.DataFrame:
    """Mode shares (TEU and TEU-km) by year, each row flagged with whether the railway runs.

    `kwargs` go to `assign_corridor` (algorithm, gap, max_iterations, allow_unconverged,
    capacity, choice).

    Raises:
        DataError: bad demand or an unknown algorithm (from `assign_corridor`).
        ConvergenceError: a year's assignment misses its target, unless allowed.
    """
    frames = []
    for year in years:
        options = GraphOptions(year=year, regime=regime)
        result = assign_corridor(network, demand, year=year, options=options, **kwargs)
        shares = result.shares_total.assign(year=year, clr=clr_open(network, year))
        frames.append(shares)
    return pd.concat(frames, ignore_index=True)
