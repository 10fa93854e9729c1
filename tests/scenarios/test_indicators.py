"""CPMM-style indicators from the model: time and cost to clear a crossing, speed without and
with delay and cost per TEU-km along the paper's lines."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from landsea.network.model import corridor_network
from landsea.routing.lines import model_lines
from landsea.scenarios.indicators import crossing_indicators, section_indicators


def test_time_to_clear_is_normal_dwell_plus_the_runs_delay() -> None:
    network = corridor_network()
    run = pd.DataFrame(
        {
            "crossing_id": ["MOHAN_BOTEN_ROAD", "YOUYIGUAN_HUUNGHI_ROAD"],
            "name": ["Mohan / Boten road port", "Youyiguan / Huu Nghi"],
            "mode": ["road", "road"],
            "regime": ["standard", "single_window"],
            "normal_dwell_h": [6.0, 4.5],
            "delay_h": [3.0, float("nan")],
        }
    )
    table = crossing_indicators(network, run).set_index("crossing_id")
    regimes = network.tables.crossing_regimes.set_index(["crossing_id", "regime"])
    assert table.at["MOHAN_BOTEN_ROAD", "time_to_clear_h"] == pytest.approx(9.0)
    assert table.at["YOUYIGUAN_HUUNGHI_ROAD", "time_to_clear_h"] == pytest.approx(4.5)
    fee = regimes.at[("YOUYIGUAN_HUUNGHI_ROAD", "single_window"), "cost_usd"]
    assert table.at["YOUYIGUAN_HUUNGHI_ROAD", "cost_to_clear_usd"] == pytest.approx(fee)


def test_sections_speed_falls_by_the_delay_at_crossings_on_the_line() -> None:
    network = corridor_network()
    free = section_indicators(network, {}).set_index("line_id")
    line = next(ln for ln in model_lines(network) if ln.line_id == "fn7-1")
    delays = dict.fromkeys(line.crossings, 10.0)
    slowed = section_indicators(network, delays).set_index("line_id")
    row, late = free.loc["fn7-1"], slowed.loc["fn7-1"]
    assert row["speed_with_delay_kmh"] < row["speed_without_delay_kmh"]
    hours = row["moving_h"] + row["stops_h"] + 10.0 * len(line.crossings)
    assert late["speed_with_delay_kmh"] == pytest.approx(row["length_km"] / hours)
    assert late["speed_without_delay_kmh"] == pytest.approx(row["speed_without_delay_kmh"])
    assert math.isclose(row["length_km"], line.modelled_km or 0.0, rel_tol=1e-9)
    assert 0.05 < row["cost_usd_per_teu_km"] < 5.0  # charges per TEU-km in a plausible band
