"""Gateways: closing Qinzhou for a scenario sends its boxes through the other ports.

The shipped scenario `qinzhou_closed` closes Qinzhou Port to ships (a `close_port` edit); the
assignment of its year is compared with baseline_2025's, port by port.
"""

from __future__ import annotations

import pandas as pd
import pytest

from landsea.assignment.freight import assign_corridor
from landsea.scenarios.edits import prepare
from landsea.scenarios.files import load_scenario
from landsea.scenarios.gateways import GATEWAY_COLUMNS, gateway_throughput

OTHER_CHINESE_GATEWAYS = ("CNBHY", "CNFAN", "CNZHA", "CNNSA", "CNYTN", "CNSHA", "CNYPG")


def _gateways(name: str) -> pd.Series:
    setup = prepare(load_scenario(name))
    assignment = assign_corridor(
        setup.network,
        setup.demand,
        year=setup.scenario.year,
        options=setup.options,
        gap=1e-2,
        allow_unconverged=True,
    )
    table = gateway_throughput(assignment, setup.network)
    assert list(table.columns) == GATEWAY_COLUMNS
    assert (table["teu_per_year"] >= 0).all()
    return table.set_index("place_id")["teu_per_year"]


@pytest.fixture(scope="module")
def before_after() -> tuple[pd.Series, pd.Series]:
    return _gateways("baseline_2025"), _gateways("qinzhou_closed")


def test_qinzhou_carries_boxes_until_it_is_closed(before_after) -> None:
    before, after = before_after
    assert before["CNQZH"] > 100_000
    assert after["CNQZH"] == 0.0


def test_closing_qinzhou_reroutes_through_the_other_gateways(before_after) -> None:
    before, after = before_after
    gained = after[list(OTHER_CHINESE_GATEWAYS)] - before[list(OTHER_CHINESE_GATEWAYS)]
    for port in ("CNBHY", "CNFAN", "CNZHA"):  # the Beibu Gulf neighbours and Zhanjiang
        assert gained[port] > 10_000, port
    # most of Qinzhou's boxes stay at sea through another Chinese port; the rest go overland
    assert gained.sum() > 0.4 * before["CNQZH"]
    assert gained.sum() < before["CNQZH"] * 1.05


def test_a_sea_passage_closes_as_a_passage_in_a_disruption() -> None:
    from landsea.network import corridor_network
    from landsea.scenarios.disrupt import _closed_scenario, resolve_element

    element = resolve_element(corridor_network(), "Strait of Malacca")
    assert (element.kind, element.ids, element.names) == (
        "passage",
        ("XZMAL",),
        ("Strait of Malacca",),
    )
    closed = _closed_scenario(load_scenario("baseline_2025"), element)
    assert [(e.kind, getattr(e, "passage", None)) for e in closed.edits] == [
        ("close_passage", "XZMAL")
    ]
    setup = prepare(closed)
    assert setup.options.avoid_passages == frozenset({"XZMAL"})
