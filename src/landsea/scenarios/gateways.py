"""Gateway throughput: the TEU a year each seaport moves between ship and shore.

A gateway is a seaport (places of kind `seaport`). Its throughput here is the boxes that the
assignment moves across its quay: transfers between sea and a land or river mode at the port,
and boxes loaded onto or unloaded from ships there (cargo that starts or ends at the port).
Ships that only pass (a sea lane through the port's node) do not count, nor does
transshipment from ship to ship. So closing Qinzhou for a scenario shows where its boxes go:
Beihai, Fangchenggang, Zhanjiang, the Pearl River Delta, Shanghai by the Yangtze, or a border.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landsea.assignment.freight import CorridorAssignment
from landsea.network.graph import EDGE_KINDS
from landsea.network.model import Network
from landsea.scenarios.totals import edge_flows
from landsea.units import DAYS_PER_YEAR

GATEWAY_COLUMNS = ["place_id", "name", "country", "teu_per_year"]
_QUAY_KINDS = ("transfer", "load", "unload")


def gateway_throughput(assignment: CorridorAssignment, network: Network) -> pd.DataFrame:
    """One row per seaport: TEU a year between ship and shore, busiest first (zeros kept)."""
    assert assignment.detail is not None
    graph = assignment.detail.graph
    places = network.places
    ports = places.index[places["kind"] == "seaport"]
    kinds = np.asarray(EDGE_KINDS, dtype=object)[graph.kind.astype(np.int64)]
    modes = graph.mode.astype(str)
    sea_at_quay = np.isin(kinds, _QUAY_KINDS) & np.array(
        ["sea" in mode.split(">") for mode in modes], dtype=bool
    )
    place = graph.node_place[graph.tail].astype(str)
    per_year = edge_flows(assignment) * DAYS_PER_YEAR
    moved = pd.Series(per_year[sea_at_quay], index=place[sea_at_quay]).groupby(level=0).sum()
    table = pd.DataFrame(
        {
            "place_id": [str(p) for p in ports],
            "name": [str(places.at[p, "name"]) for p in ports],
            "country": [str(places.at[p, "country"]) for p in ports],
            "teu_per_year": [float(moved.get(p, 0.0)) for p in ports],
        }
    )
    return table.sort_values(["teu_per_year", "place_id"], ascending=[False, True]).reset_index(
        drop=True
    )[GATEWAY_COLUMNS]
