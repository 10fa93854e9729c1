"""Services carry capacity each way, and the assignment respects it (issue 11.4).

A scheduled service's departures a week times its TEU a departure limit what crosses a rail
border each way; a `forward` service runs one way only; the logit assignment holds each way to
its departures, the boxes beyond them taking their pair's other routes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from landsea.assignment.freight import assign_corridor
from landsea.assignment.multimodal_problem import corridor_problem
from landsea.data.capacity import scheduled_per_day, scheduled_teu_by_way, service_ways
from landsea.data.demand import demand_for_year
from landsea.network import GraphOptions, corridor_network


def _service(stops: str, runs: str = "", teu: float = float("nan"), per_week: float = 14.0):
    return pd.Series(
        {
            "mode": "rail_1435",
            "stops": tuple(stops.split(";")),
            "departures_per_week": per_week,
            "runs": runs,
            "teu_per_departure": teu,
        }
    )


CROSSING = pd.Series(
    {"place_a": "CNPIN", "place_b": "VNDDG", "mode": "rail_1435", "capacity_unit": "trains"}
)


def test_a_forward_service_runs_one_way_only() -> None:
    assert service_ways(_service("CNNIN;CNPIN;VNDDG"), "CNPIN", "VNDDG") == ("a_to_b", "b_to_a")
    assert service_ways(_service("CNNIN;CNPIN;VNDDG", "forward"), "CNPIN", "VNDDG") == ("a_to_b",)
    assert service_ways(_service("VNDDG;CNPIN", "forward"), "CNPIN", "VNDDG") == ("b_to_a",)
    assert service_ways(_service("CNNIN;CNPIN"), "CNPIN", "VNDDG") == ()


def test_departures_times_teu_each_way() -> None:
    services = pd.DataFrame(
        [_service("CNPIN;VNDDG", teu=50.0), _service("CNPIN;VNDDG", "forward", per_week=7.0)]
    )
    teu = scheduled_teu_by_way(CROSSING, services, teu_per_train=70.0)
    assert teu == {"a_to_b": pytest.approx(2 * 50 + 70), "b_to_a": pytest.approx(2 * 50)}
    assert scheduled_per_day(CROSSING, services) == pytest.approx(2 + 2 + 1)
    road = CROSSING.copy()
    road["capacity_unit"] = "vehicles"
    assert scheduled_teu_by_way(road, services, 70.0) is None


def test_the_china_vietnam_trains_carry_no_more_than_they_run() -> None:
    network = corridor_network()
    demand = demand_for_year(2023, network.tables.places)
    graph = network.graph(GraphOptions(year=2023))
    problem, _, _ = corridor_problem(
        graph, demand, network.crossings, services=network.tables.services, by_way=True
    )
    services = [g for g in problem.groups if g.name == "PINGXIANG_DONGDANG_RAIL"]
    assert {g.kind for g in services} == {"service"} and len(services) == 2
    # 14 trains a week each way [V1] of 70 TEU: two trains a day each way
    assert [g.capacity_per_day for g in services] == pytest.approx([2.0, 2.0])
    result = assign_corridor(network, demand, year=2023, gap=2e-3, max_iterations=300)
    load = result.crossings.set_index("crossing_id").loc["PINGXIANG_DONGDANG_RAIL"]
    # without the service's capacity the model ran more than 23 trains a day across (issue 11)
    for way in ("a_to_b", "b_to_a"):
        assert load[f"teu_per_day_{way}"] / 70.0 == pytest.approx(2.0, rel=1e-3), way
    # the boxes the trains cannot take go by road or sea, not nowhere
    assert result.converged
    assert result.unreachable.empty


def test_a_pair_without_another_route_keeps_its_boxes() -> None:
    from landsea.assignment.choice import _FlatRoutes, _moved

    flat = _FlatRoutes.__new__(_FlatRoutes)
    object.__setattr__(flat, "set_start", np.array([0, 2]))
    object.__setattr__(flat, "route_set", np.array([0, 0, 1]))
    volume = np.array([10.0, 5.0, 8.0])
    accept = np.array([0.5, 1.0, 0.5])  # route 0 and 2 run through a full service
    moved = _moved(flat, volume, accept)
    # pair 0: half of route 0's boxes go to route 1; pair 1 has no other route: nothing moves
    assert moved.tolist() == pytest.approx([5.0, 10.0, 8.0])
    assert moved.sum() == pytest.approx(volume.sum())
