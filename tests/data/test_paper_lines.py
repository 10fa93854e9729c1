"""The paper's lines (footnotes 7 and 8) are waypoint sequences that the links reproduce.

Each line is routed as the shortest path, by length, through its waypoints in turn over the
modes it allows; the five footnote-7 lines must come within 10% of the paper's kilometres.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from landsea.data.bundled import load_corridor
from landsea.data.tables import CorridorTables

CORRIDOR = load_corridor()


def line_length_km(tables: CorridorTables, line_id: str) -> float:
    line = tables.lines.loc[line_id]
    graph = nx.Graph()
    for link in tables.links.itertuples():
        if link.mode not in line["modes"]:
            continue
        known = graph.get_edge_data(link.from_id, link.to_id)
        if known is None or known["length_km"] > link.length_km:
            graph.add_edge(link.from_id, link.to_id, length_km=link.length_km)
    waypoints = line["waypoints"]
    return sum(
        nx.shortest_path_length(graph, a, b, weight="length_km")
        for a, b in itertools.pairwise(waypoints)
    )


FOOTNOTE_7 = [i for i in CORRIDOR.lines.index if CORRIDOR.lines.at[i, "footnote"] == 7]


def test_the_paper_gives_five_lines_in_footnote_7_and_three_in_footnote_8() -> None:
    base_ids = {line_id.rstrip("bcd") for line_id in CORRIDOR.lines.index}
    assert base_ids == {f"fn7-{n}" for n in range(1, 6)} | {f"fn8-{n}" for n in range(1, 4)}


@pytest.mark.parametrize("line_id", FOOTNOTE_7)
def test_a_footnote_7_line_comes_within_ten_percent_of_the_paper(line_id: str) -> None:
    paper_km = CORRIDOR.lines.at[line_id, "paper_km"]
    modelled_km = line_length_km(CORRIDOR, line_id)
    assert modelled_km == pytest.approx(paper_km, rel=0.10)


@pytest.mark.parametrize("line_id", [i for i in CORRIDOR.lines.index if i.startswith("fn8")])
def test_a_footnote_8_rail_line_is_routable_by_rail(line_id: str) -> None:
    assert set(CORRIDOR.lines.at[line_id, "modes"]) <= {"rail_1435", "rail_1000"}
    assert line_length_km(CORRIDOR, line_id) > 1000
