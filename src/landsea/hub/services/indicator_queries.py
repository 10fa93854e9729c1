"""Observed corridor indicators by quarter, read-only, from the hub's actual (ACT) events.

The same crossing stays as the public statistics (`public_stats.crossing_stays`: first actual
arrival at either side to last actual departure), grouped by crossing and by the quarter of
leaving, with the same suppression of rows below `min_consignments`.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from landsea.hub.db import Database
from landsea.hub.services import stats_queries

OBSERVED_COLUMNS = ["crossing_id", "quarter", "n_consignments", "dwell_p50_h", "dwell_mean_h"]


def crossing_dwell_by_quarter(session: Session, min_consignments: int) -> pd.DataFrame:
    """Dwell per crossing and quarter ("2026Q1"), suppressed below `min_consignments`."""
    stays = stats_queries.crossing_stays(session)
    if stays.empty:
        return pd.DataFrame(columns=OBSERVED_COLUMNS)
    left = stays["left"].dt.tz_convert("UTC").dt.tz_localize(None)
    stays = stays.assign(quarter=left.dt.to_period("Q").astype(str))
    grouped = stays.groupby(["crossing_id", "quarter"])["dwell_h"]
    table = pd.DataFrame(
        {
            "n_consignments": grouped.size(),
            "dwell_p50_h": grouped.quantile(0.5),
            "dwell_mean_h": grouped.mean(),
        }
    ).reset_index()
    kept = table[table["n_consignments"] >= min_consignments]
    return kept[OBSERVED_COLUMNS].reset_index(drop=True)


def observed_crossings(database_url: str, min_consignments: int) -> pd.DataFrame:
    """`crossing_dwell_by_quarter` from a database URL (opened read-only, closed after)."""
    database = Database(database_url)
    try:
        with database.read() as session:
            return crossing_dwell_by_quarter(session, min_consignments)
    finally:
        database.dispose()
