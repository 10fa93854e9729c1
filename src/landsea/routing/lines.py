"""The paper's named lines (footnotes 7 and 8) modelled on the network.

Each line is routed as the shortest path by distance through its waypoints in turn, using only
the modes the line allows, so the modelled length can be set against the paper's.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import pandas as pd

from landsea.network.graph import GraphOptions
from landsea.network.model import Network
from landsea.routing.explain import Route, explain
from landsea.routing.shortest import best_edges
from landsea.vocabulary import MODES

PLANNED_HORIZON_YEAR = 2100  # a planned line is modelled with every planned link open


@dataclass(frozen=True)
class LineResult:
    """A named corridor line (a paper's route) next to the model's own path along its waypoints."""

    line_id: str
    name: str
    footnote: int
    status: str
    paper_km: float | None
    waypoints: tuple[str, ...]
    segments: tuple[Route, ...]
    problem: str = ""

    @property
    def modelled_km(self) -> float | None:
        """The model's kilometres along the waypoints, or None when a segment has no path."""
        return math.fsum(r.length_km for r in self.segments) if not self.problem else None

    @property
    def difference_pct(self) -> float | None:
        """How much longer (+) or shorter (-) than the paper's figure the model's path is, in %."""
        km = self.modelled_km
        if km is None or not self.paper_km:
            return None
        return 100.0 * (km - self.paper_km) / self.paper_km

    @property
    def modes(self) -> tuple[str, ...]:
        """The modes the line's segments use, in order of first use."""
        return tuple(dict.fromkeys(m for r in self.segments for m in r.modes))

    @property
    def crossings(self) -> tuple[str, ...]:
        """The border crossings the line passes, in order."""
        return tuple(c for r in self.segments for c in r.crossings)

    def to_dict(self) -> dict[str, object]:
        """The comparison as a JSON-ready dict."""
        km, diff = self.modelled_km, self.difference_pct
        return {
            "line_id": self.line_id,
            "name": self.name,
            "footnote": self.footnote,
            "status": self.status,
            "paper_km": self.paper_km,
            "waypoints": list(self.waypoints),
            "modelled_km": None if km is None else round(km, 1),
            "difference_pct": None if diff is None else round(diff, 2),
            "modes": list(self.modes),
            "crossings": list(self.crossings),
            "time_h": round(math.fsum(r.time_h for r in self.segments), 2),
            "problem": self.problem,
        }


def model_lines(network: Network) -> list[LineResult]:
    """Every line of the dataset's lines table, modelled (see `model_line`)."""
    return [model_line(network, str(line_id)) for line_id in network.tables.lines.index]


def model_line(network: Network, line_id: str) -> LineResult:
    """The model's shortest path (by distance) through one line's waypoints, on its modes only.

    A planned line is modelled with its planned links open.
    """
    row = network.tables.lines.loc[line_id].to_dict()
    allowed = set(row["modes"])
    options = GraphOptions(
        year=PLANNED_HORIZON_YEAR if row["status"] == "planned" else None,
        avoid_modes=frozenset(MODES) - allowed,
    )
    graph = network.graph(options)
    weights = graph.length_km
    waypoints = tuple(str(w) for w in row["waypoints"])
    segments: list[Route] = []
    problem = ""
    for a, b in itertools.pairwise(waypoints):
        path = None
        if graph.has_place(a) and graph.has_place(b):
            path = best_edges(graph, weights, graph.origin_node(a), graph.destination_node(b))
        if path is None:
            problem = f"no {'/'.join(sorted(allowed))} path from {a} to {b}"
            break
        segments.append(explain(graph, path, objective="distance", commodity="electronics"))
    paper_km = row["paper_km"]
    return LineResult(
        line_id=line_id,
        name=str(row["name"]),
        footnote=int(row["footnote"]),
        status=str(row["status"]),
        paper_km=None if pd.isna(paper_km) else float(paper_km),
        waypoints=waypoints,
        segments=tuple(segments),
        problem=problem,
    )
