"""Directional imbalance: loaded flows each way, empty repositioning and its cost.

Containers and trucks that go out loaded must come back, loaded or empty. For each pair of
places the lighter direction is topped up with empty boxes (TEU) and, on the road, with empty
truck trips. Along a line, each leg's lighter direction is topped up the same way. The paper's
Chongqing-shuttle comparison built on these flows is a study: `landsea.scenarios.studies.backhaul`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd


def pair_imbalance(
    structure: pd.DataFrame, empty_cost_usd_per_teu: Mapping[tuple[str, str], float]
) -> pd.DataFrame:
    """Per unordered pair: TEU a year each way, the imbalance and the empty repositioning.

    `empty_cost_usd_per_teu[(a, b)]` is the money cost of moving an empty TEU from a to b (the
    cheapest route); pairs without one get no cost (NaN).
    """
    flows = structure.groupby(["origin", "destination"])["teu_per_year"].sum()
    records = []
    seen: set[tuple[str, str]] = set()
    for a, b in flows.index:
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        a, b = key
        ab, ba = float(flows.get((a, b), 0.0)), float(flows.get((b, a), 0.0))
        heavy, light = max(ab, ba), min(ab, ba)
        empty_from, empty_to = (b, a) if ab >= ba else (a, b)
        unit = empty_cost_usd_per_teu.get((empty_from, empty_to), float("nan"))
        records.append(
            {
                "place_a": a,
                "place_b": b,
                "teu_per_year_a_to_b": ab,
                "teu_per_year_b_to_a": ba,
                "balance_ratio": light / heavy if heavy > 0 else 1.0,
                "empty_teu_per_year": heavy - light,
                "empty_direction": f"{empty_from}->{empty_to}",
                "empty_cost_usd_per_year": (heavy - light) * unit,
            }
        )
    return pd.DataFrame(records)


def directional_link_flows(
    link_id: np.ndarray, tail_place: np.ndarray, head_place: np.ndarray, flow: np.ndarray
) -> pd.DataFrame:
    """TEU a day on each network link in each direction (from_id -> to_id)."""
    moves = link_id != ""
    table = pd.DataFrame(
        {
            "link_id": link_id[moves].astype(str),
            "from_id": tail_place[moves].astype(str),
            "to_id": head_place[moves].astype(str),
            "teu_per_day": flow[moves],
        }
    )
    return table.groupby(["link_id", "from_id", "to_id"], as_index=False).sum()


def line_imbalance(
    directional: pd.DataFrame,
    lines: list[tuple[str, str, list[tuple[str, str, str, float, float]]]],
) -> pd.DataFrame:
    """Per paper line: TEU-km a year outbound (along its waypoints) and back, and the empties.

    `lines` holds (line_id, name, legs) with legs (link_id, from_id, to_id, km, USD per TEU-km)
    in the outbound direction, the tariff the graph charges on that leg (the link's, else the
    mode's). On every leg the lighter direction needs empty boxes to rebalance the heavier one;
    their TEU-km and money cost add up along the line.
    """
    flows = directional.set_index(["link_id", "from_id", "to_id"])["teu_per_day"]
    records = []
    for line_id, name, legs in lines:
        out_km = back_km = empty_km = empty_usd = 0.0
        for link, a, b, km, usd_per_km in legs:
            forward = float(flows.get((link, a, b), 0.0)) * 365.0
            backward = float(flows.get((link, b, a), 0.0)) * 365.0
            out_km += forward * km
            back_km += backward * km
            empty_km += abs(forward - backward) * km
            empty_usd += abs(forward - backward) * km * usd_per_km
        records.append(
            {
                "line_id": line_id,
                "name": name,
                "teu_km_per_year_out": out_km,
                "teu_km_per_year_back": back_km,
                "balance_ratio": min(out_km, back_km) / max(out_km, back_km)
                if max(out_km, back_km) > 0
                else 1.0,
                "empty_teu_km_per_year": empty_km,
                "empty_cost_usd_per_year": empty_usd,
            }
        )
    return pd.DataFrame(records)
