"""Disruptions: an element closed D days; rerouting, extra cost, backlog and days to clear."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landsea.errors import ScenarioError
from landsea.network import corridor_network
from landsea.scenarios.disrupt import (
    Backlog,
    Closure,
    Disruption,
    _backlog,
    closure_of,
    disrupt,
    held_share,
    resolve_element,
)
from landsea.scenarios.files import load_scenario
from landsea.scenarios.spec import Scenario

QUICK_LOOP = {
    "days": 30,
    "tolerance_h": 100.0,
    "tolerance_flow": 0.5,
    "assignment_gap": 0.02,
    "max_iterations": 3,
}


def quick(name: str) -> Scenario:
    """A shipped disruption with a short loop: the disruption, not the loop, is under test."""
    scenario = load_scenario(name)
    loop = scenario.loop.model_copy(update=QUICK_LOOP)
    return scenario.model_copy(update={"loop": loop})


def test_pingxiang_names_both_border_ports_and_qinzhou_a_port() -> None:
    network = corridor_network()
    pingxiang = resolve_element(network, "Pingxiang")
    assert pingxiang.kind == "crossing"
    assert set(pingxiang.ids) == {"YOUYIGUAN_HUUNGHI_ROAD", "PINGXIANG_DONGDANG_RAIL"}
    qinzhou = resolve_element(network, "Qinzhou")
    assert (qinzhou.kind, qinzhou.ids) == ("port", ("CNQZH",))


def test_an_unknown_element_names_the_closest() -> None:
    with pytest.raises(ScenarioError, match=r"'Pingxaing' is no crossing.*closest"):
        resolve_element(corridor_network(), "Pingxaing")


def test_a_place_without_port_or_crossing_is_refused() -> None:
    with pytest.raises(ScenarioError, match="neither a crossing nor a port"):
        resolve_element(corridor_network(), "Kunming")  # Chongqing has its Yangtze port now


def test_the_shipped_disruptions_carry_their_closure_and_the_options_override_it() -> None:
    closure = closure_of(load_scenario("pingxiang_closure_2021"), None, None, None)
    assert (closure.element, closure.days) == ("Pingxiang", 14)
    closure = closure_of(load_scenario("qinzhou_typhoon"), None, 2, None)
    assert (closure.element, closure.days) == ("Qinzhou", 2)
    with pytest.raises(ScenarioError, match="give --close and --days"):
        closure_of(load_scenario("baseline_2025"), None, None, None)
    with pytest.raises(ScenarioError, match="--days must lie"):
        Closure("Qinzhou", 0)


def test_shippers_detour_early_in_a_closure_and_wait_late() -> None:
    # one pair waits its last 2 days of a 5-day closure, one has no detour and waits all 5
    pairs = pd.DataFrame({"teu_per_day": [300.0, 100.0], "wait_days": [2.0, 5.0]})
    share = held_share(pairs, 5.0, np.array([0.5, 2.9, 3.0, 4.9]))
    assert share.tolist() == pytest.approx([0.25, 0.25, 1.0, 1.0])


def _conserves_the_flow(result: Disruption) -> None:
    closed_teu = result.affected_teu_per_day * result.closure.days
    assert result.rerouted_teu + result.held_teu == pytest.approx(closed_teu, rel=1e-9)


@pytest.mark.slow
def test_qinzhou_typhoon_reroutes_builds_a_backlog_and_clears_it() -> None:
    result = disrupt(
        quick("qinzhou_typhoon"), closure_of(quick("qinzhou_typhoon"), None, None, None)
    )
    assert result.element.ids == ("CNQZH",)
    assert result.affected_teu_per_day > 0 and result.rerouted_teu > 0 and result.held_teu > 0
    _conserves_the_flow(result)
    assert np.isfinite(result.extra_cost_usd) and result.extra_co2_t != 0
    assert result.backlog.unit == "TEU"
    assert result.backlog.held_at_reopening == pytest.approx(result.held_teu, rel=0.05)
    assert result.backlog.days_to_clear is not None and result.backlog.days_to_clear > 1
    assert not result.load_shift.empty  # traffic moved to land crossings
    text = result.text()
    assert "Qinzhou Port closed 5 days" in text and "cleared" in text
    payload = result.to_dict()
    assert payload["element"] == {"kind": "port", "ids": ["CNQZH"]}
    assert payload["backlog"]["days_to_clear"] == result.backlog.days_to_clear


@pytest.mark.slow
def test_pingxiang_closure_reroutes_to_other_gates_and_simulates_the_queue() -> None:
    scenario = quick("pingxiang_closure_2021")
    result = disrupt(scenario, closure_of(scenario, None, None, None), seed=1)
    _conserves_the_flow(result)
    assert result.rerouted_teu > 0 and result.extra_cost_usd != 0
    assert result.backlog.unit == "vehicles"
    assert result.backlog.held_at_reopening > 0
    daily = result.backlog.daily
    during = daily[(daily["day"] >= 1) & (daily["day"] < 14)]
    # the queue at the gate when it shut leaves by detours first (detours early, waiting late:
    # module doc); from its lowest day on, the held queue only grows while closed
    held = during[during.index >= during["waiting"].idxmin()]
    assert len(held) >= 10
    assert (held["waiting"].diff().dropna() >= 0).all()
    assert set(result.load_shift["crossing_id"]) & {"LONGBANG_TRALINH_ROAD", "HEKOU_KIMTHANH_ROAD"}


def test_a_backlog_that_never_clears_says_how_many_are_left() -> None:
    # an over-capacity gate: its queue grows without the closure, and the 50 held units stay
    normal = np.arange(200, dtype=np.float64)
    waiting = normal + np.where(np.arange(200) >= 10, 50.0, 0.0)
    stuck: Backlog = _backlog("vehicles", 50.0, waiting, normal, lead=10, days=5)
    assert stuck.days_to_clear is None
    assert stuck.left_at_horizon == 50.0
    cleared = _backlog(
        "vehicles", 50.0, np.where(np.arange(200) < 40, waiting, normal), normal, 10, 5
    )
    assert cleared.days_to_clear is not None and cleared.left_at_horizon == 0.0
