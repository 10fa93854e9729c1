"""The Chongqing-shuttle backhaul study: loaded road trips out of Chongqing and back.

The paper (fn 36): 1,460 cross-border shuttles by July 2019, 1,353 out and 107 back. The model's
counterpart is the loaded road truck trips between Nanpeng, where the shuttles start (fn 7), and
the places outside China, out and back; the study reports the model's back/out ratio beside the
paper's. The engine's general backhaul accounting (empties per pair and per line) stays in
`landsea.assignment.backhaul`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from landsea.assignment.freight import CorridorAssignment, assign_corridor
from landsea.assignment.multimodal_problem import CapacitySettings
from landsea.network.graph import GraphOptions
from landsea.network.model import Network

PAPER_SHUTTLES_OUT = 1353  # source: paper fn 36
PAPER_SHUTTLES_BACK = 107  # source: paper fn 36
CHONGQING_SHUTTLE_BASE = "CNNPB"  # Nanpeng, where the cross-border shuttles start (fn 7)


def chongqing_shuttles(structure: pd.DataFrame, teu_per_truck: float) -> dict[str, float]:
    """Road truck trips a year from Nanpeng to places outside China and back, loaded; with the
    model's back/out ratio, the paper's, and their relative difference (NaN without trips out).

    `structure` is an assignment's freight structure (origin, destination, mode, teu_per_year).
    """
    road = structure[structure["mode"] == "road"]
    base = CHONGQING_SHUTTLE_BASE
    out = road[(road["origin"] == base) & ~road["destination"].str.startswith("CN")]
    back = road[(road["destination"] == base) & ~road["origin"].str.startswith("CN")]
    trips_out = float(out["teu_per_year"].sum()) / teu_per_truck
    trips_back = float(back["teu_per_year"].sum()) / teu_per_truck
    model_ratio = trips_back / trips_out if trips_out > 0 else float("nan")
    paper_ratio = PAPER_SHUTTLES_BACK / PAPER_SHUTTLES_OUT
    return {
        "trips_out_per_year": trips_out,
        "trips_back_per_year": trips_back,
        "model_back_to_out": model_ratio,
        "paper_back_to_out": paper_ratio,
        "relative_difference": model_ratio / paper_ratio - 1.0,
    }


@dataclass(frozen=True)
class ShuttleStudy:
    """A corridor assignment and its Chongqing shuttles beside the paper's."""

    assignment: CorridorAssignment
    shuttles: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """The assignment's JSON with `chongqing_shuttles` before `unreachable`."""
        report = self.assignment.to_dict()
        unreachable = report.pop("unreachable")
        return {**report, "chongqing_shuttles": self.shuttles, "unreachable": unreachable}


def shuttle_study(
    network: Network,
    demand: pd.DataFrame,
    *,
    year: int | None = None,
    regime: str = "standard",
    capacity: CapacitySettings | None = None,
    **kwargs: Any,
) -> ShuttleStudy:
    """Assign `demand` for `year` under `regime` and count the Chongqing shuttles in it.

    `kwargs` go to `assign_corridor` (algorithm, gap, max_iterations, allow_unconverged,
    choice); trucks carry `capacity.teu_per_unit["vehicles"]` TEU.

    Raises:
        DataError: bad demand or an unknown algorithm (from `assign_corridor`).
        ConvergenceError: the assignment misses its target, unless allowed.
    """
    capacity = capacity or CapacitySettings()
    options = GraphOptions(year=year, regime=regime)
    result = assign_corridor(
        network, demand, year=year, options=options, capacity=capacity, **kwargs
    )
    shuttles = chongqing_shuttles(result.structure, capacity.teu_per_unit["vehicles"])
    return ShuttleStudy(result, shuttles)
