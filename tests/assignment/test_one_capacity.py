"""One capacity and one regime effect per crossing, whoever reads them (issue 11.6).

The assignment congests a crossing on the capacity the simulation sizes its servers on (or,
on a rail border, on the trains the timetable runs across it where they are fewer), and the
graph (routing and assignment) charges the process time the simulation draws from, for every
crossing of the bundled dataset and every regime.
"""

from __future__ import annotations

import numpy as np
import pytest

from landsea.assignment.delay import CapacityGroup
from landsea.assignment.multimodal_problem import corridor_problem, crossing_loads
from landsea.data.capacity import crossing_capacity, scheduled_per_day, scheduled_teu_by_way
from landsea.data.demand import baseline_demand
from landsea.network import GraphOptions, corridor_network
from landsea.regimes import regime_names
from landsea.simulation.spec import crossing_specs


@pytest.mark.parametrize("regime", regime_names())
def test_assignment_and_simulation_read_the_same_capacity_and_regime_effect(regime: str) -> None:
    network = corridor_network()
    graph = network.graph(GraphOptions(regime=regime))
    services = network.tables.services
    problem, _, _ = corridor_problem(
        graph, baseline_demand(), network.crossings, services=services, by_way=True
    )
    specs = crossing_specs(network.crossings, network.tables.crossing_regimes)
    grouped: dict[str, list[CapacityGroup]] = {}
    for group in problem.groups:
        grouped.setdefault(group.name, []).append(group)
    crossed = set(graph.crossing_id[graph.crossing_id != ""])
    assert crossed, "the graph crosses no border"
    for crossing_id in crossed:
        spec = specs[crossing_id]
        groups = grouped[crossing_id]
        per_unit = groups[0].teu_per_unit
        by_way = scheduled_teu_by_way(network.crossings.loc[crossing_id], services, per_unit)
        if by_way is None:  # the crossing's one capacity, both ways
            assert [(g.kind, g.capacity_per_day) for g in groups] == [
                ("crossing", spec.capacity_per_day)
            ], crossing_id
        else:  # each way: the trains that run that way, within the track's paths that way
            expected = sorted(
                min(spec.capacity_per_day / 2, teu / per_unit) for teu in by_way.values()
            )
            assert {g.kind for g in groups} == {"service"}, crossing_id
            assert sorted(g.capacity_per_day for g in groups) == pytest.approx(expected), (
                crossing_id
            )
        times = graph.crossing_time_h[graph.crossing_id == crossing_id]
        assert times == pytest.approx(spec.process[regime].mean_h), (crossing_id, regime)


def test_every_bundled_crossing_states_its_capacity_with_a_source() -> None:
    crossings = corridor_network().crossings
    for crossing_id, row in crossings.iterrows():
        assert row["capacity_per_day"] > 0, crossing_id
        assert str(row["capacity_source"]).startswith(("source:", "estimate:")), crossing_id


def test_observed_traffic_is_never_the_design_figure() -> None:
    # Pingxiang road: designed 800-1,000, seen 1,200-1,500, capacity what it is shown to clear.
    row = corridor_network().crossings.loc["YOUYIGUAN_HUUNGHI_ROAD"]
    capacity = crossing_capacity(row)
    assert capacity.designed_per_day == 900.0
    assert capacity.observed_per_day == 1350.0
    assert capacity.per_day == 1500.0


def test_crossing_loads_report_utilisation_of_the_one_capacity() -> None:
    network = corridor_network()
    graph = network.graph(GraphOptions())
    flow = np.zeros(len(graph.tail))
    edges = graph.crossing_id == "MOHAN_BOTEN_RAIL"
    flow[edges] = 70.0  # one train's TEU on each edge of the crossing
    services = network.tables.services
    loads = crossing_loads(graph, flow, network.crossings, services=services)
    mohan = loads.set_index("crossing_id").loc["MOHAN_BOTEN_RAIL"]
    assert mohan["capacity_per_day"] == 24.0  # the paths: the simulation's capacity
    # 6 freight pairs a day [R2] and the daily Chongqing train: 49 a week each way
    assert mohan["scheduled_per_day"] == pytest.approx(14.0)
    assert mohan["utilisation"] == pytest.approx(mohan["trips_per_day"] / 14.0)
    assert mohan["trips_per_day"] > 0


def test_a_road_crossing_has_no_timetable() -> None:
    network = corridor_network()
    row = network.crossings.loc["YOUYIGUAN_HUUNGHI_ROAD"]
    assert scheduled_per_day(row, network.tables.services) is None
