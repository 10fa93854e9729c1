"""Corridor performance indicators in the style of ADB CAREC CPMM and UNESCAP time/cost-distance.

- Border crossings: time to clear (the regime's normal dwell plus the congestion delay a scenario
  run found) and cost to clear (the regime's fee per TEU, crossing_regimes.csv), by name.
- Corridor sections (the paper's lines, lines.csv, routed by `routing.lines`): speed without
  delay (distance over moving time) and with delay (distance over the whole time, border and
  transfer stops and the scenario's congestion delays included), and cost per TEU-km (charges
  of moving, crossing and transferring over the distance; loading at the ends left out, as CPMM
  measures the section, not the door).

CPMM: ADB, CAREC Corridor Performance Measurement and Monitoring, annual reports (indicators
TCBCP, CCBCP, SWOD, SWD, cost per TEU-km); UNESCAP time/cost-distance methodology.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from landsea.network.model import Network
from landsea.routing.lines import model_lines

CROSSING_COLUMNS = [
    "crossing_id",
    "name",
    "mode",
    "regime",
    "time_to_clear_h",
    "delay_h",
    "cost_to_clear_usd",
]
SECTION_COLUMNS = [
    "line_id",
    "name",
    "modes",
    "length_km",
    "moving_h",
    "stops_h",
    "delay_h",
    "speed_without_delay_kmh",
    "speed_with_delay_kmh",
    "cost_usd_per_teu_km",
]
STOP_KINDS = ("crossing", "transfer", "wait")


def crossing_indicators(network: Network, crossings: pd.DataFrame) -> pd.DataFrame:
    """Time and cost to clear each crossing a scenario run loaded.

    `crossings`: a scenario result's crossing table (crossing_id, name, mode, regime,
    normal_dwell_h, delay_h).
    """
    fees = network.tables.crossing_regimes[["crossing_id", "regime", "cost_usd"]]
    table = crossings.merge(fees, on=["crossing_id", "regime"], how="left")
    delay = pd.to_numeric(table["delay_h"]).fillna(0.0)
    return pd.DataFrame(
        {
            "crossing_id": table["crossing_id"],
            "name": table["name"],
            "mode": table["mode"],
            "regime": table["regime"],
            "time_to_clear_h": pd.to_numeric(table["normal_dwell_h"]) + delay,
            "delay_h": delay,
            "cost_to_clear_usd": pd.to_numeric(table["cost_usd"]),
        }
    )[CROSSING_COLUMNS]


def section_indicators(network: Network, delay_h: Mapping[str, float]) -> pd.DataFrame:
    """Speeds and cost per TEU-km along each of the paper's lines that the model can route.

    `delay_h`: congestion delay per crossing id (a scenario run's `delay_h`), added at each
    crossing the line passes.
    """
    records = []
    for line in model_lines(network):
        if line.problem:
            continue
        steps = [s for r in line.segments for s in r.steps]
        km = sum(s.length_km for s in steps if s.kind == "move")
        moving = sum(s.time_h for s in steps if s.kind == "move")
        stops = sum(s.time_h for s in steps if s.kind in STOP_KINDS)
        delay = sum(delay_h.get(c, 0.0) for c in line.crossings)
        cost = sum(s.cost_usd for s in steps if s.kind in ("move", *STOP_KINDS))
        records.append(
            (
                line.line_id,
                line.name,
                "+".join(line.modes),
                km,
                moving,
                stops,
                delay,
                km / moving if moving > 0 else float("nan"),
                km / (moving + stops + delay) if moving > 0 else float("nan"),
                cost / km if km > 0 else float("nan"),
            )
        )
    return pd.DataFrame(records, columns=SECTION_COLUMNS)
