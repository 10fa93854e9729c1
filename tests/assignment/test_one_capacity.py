"""One capacity and one regime effect per crossing, whoever reads them (issue 11.6).

The assignment congests a crossing on the capacity the simulation sizes its servers on, and
the graph (routing and assignment) charges the process time the simulation draws from, for
every crossing of the bundled dataset and every regime.
"""

from __future__ import annotations

import numpy as np
import pytest

from landsea.assignment.multimodal_problem import corridor_problem, crossing_loads
from landsea.data.capacity import crossing_capacity
from landsea.data.demand import baseline_demand
from landsea.network import GraphOptions, corridor_network
from landsea.regimes import regime_names
from landsea.simulation.spec import crossing_specs


@pytest.mark.parametrize("regime", regime_names())
def test_assignment_and_simulation_read_the_same_capacity_and_regime_effect(regime: str) -> None:
    network = corridor_network()
    graph = network.graph(GraphOptions(regime=regime))
    problem, _, _ = corridor_problem(graph, baseline_demand(), network.crossings)
    specs = crossing_specs(network.crossings, network.tables.crossing_regimes)
    grouped = {g.name: g.capacity_per_day for g in problem.groups if g.kind == "crossing"}
    crossed = set(graph.crossing_id[graph.crossing_id != ""])
    assert crossed, "the graph crosses no border"
    for crossing_id in crossed:
        spec = specs[crossing_id]
        assert grouped[crossing_id] == spec.capacity_per_day, crossing_id
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
    loads = crossing_loads(graph, flow, network.crossings).set_index("crossing_id")
    mohan = loads.loc["MOHAN_BOTEN_RAIL"]
    assert mohan["capacity_per_day"] == 14.0
    assert mohan["utilisation"] == pytest.approx(mohan["trips_per_day"] / 14.0)
    assert mohan["trips_per_day"] > 0
