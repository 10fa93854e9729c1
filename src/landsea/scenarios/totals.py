"""Network totals of an assignment by mode and country: TEU-km, vehicle-km, charges and CO2.

So a carbon or modal-shift policy can be read at corridor scale. Each edge's flow (TEU a year,
from the assignment's route flows) is counted in the country of the place its edge leaves (a
link across a border counts on the side it starts from). Vehicle-km are TEU-km over the TEU a
vehicle carries (`CapacitySettings.teu_per_unit`, its estimate: 2 TEU a truck, 70 a train, 20 a
river or sea vessel): truck-km for road, train-km for rail, vessel-km for water. Charges are
what the edges charge (transport, handling at transfers, crossing fees; loading at the ends
included; handling between modes is the mode `transfer`), in USD a year; the time and carbon
costs of the total logistics cost are in
`kpis.totals`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landsea.assignment.freight import CorridorAssignment
from landsea.assignment.multimodal_problem import CapacitySettings
from landsea.network.model import Network
from landsea.units import DAYS_PER_YEAR

TOTAL_COLUMNS = [
    "mode",
    "country",
    "teu_km_per_year",
    "vehicle",
    "vehicle_km_per_year",
    "charges_usd_per_year",
    "co2_t_per_year",
]
VEHICLE = {
    "road": ("truck", "vehicles"),
    "sea": ("vessel", "vessels"),
    "river": ("vessel", "vessels"),
}


def edge_flows(assignment: CorridorAssignment) -> np.ndarray:
    """TEU a day on each edge of the assignment's graph, summed over its routes' flows."""
    detail = assignment.detail
    if detail is None:
        raise ValueError("network totals need the assignment's detail (route flows)")
    flow = np.zeros(detail.graph.n_edges)
    for key, routes in detail.route_sets.routes.items():
        for route, teu_day in zip(routes, detail.route_sets.flows[key], strict=True):
            np.add.at(flow, np.asarray(route), float(teu_day))
    return flow


def network_totals(
    assignment: CorridorAssignment, network: Network, capacity: CapacitySettings | None = None
) -> pd.DataFrame:
    """One row per mode and country (see the module docstring), sorted by mode and country."""
    assert assignment.detail is not None
    graph = assignment.detail.graph
    per_unit = (capacity or CapacitySettings()).teu_per_unit
    year = edge_flows(assignment) * DAYS_PER_YEAR
    places = network.places
    tail_place = graph.node_place[graph.tail].astype(str)
    modes = np.where(np.char.find(graph.mode.astype(str), ">") >= 0, "transfer", graph.mode)
    frame = pd.DataFrame(
        {
            "mode": modes.astype(str),
            "country": places.loc[tail_place, "country"].to_numpy(),
            "teu_km_per_year": year * graph.length_km * (graph.link_id != ""),
            "charges_usd_per_year": year * graph.cost_usd,
            "co2_t_per_year": year * graph.co2_kg / 1e3,
        }
    )
    frame = frame[year > 0]
    table = frame.groupby(["mode", "country"], as_index=False).sum()
    vehicles = [VEHICLE.get(m, ("train", "trains")) for m in table["mode"]]
    table["vehicle"] = [
        v if m != "transfer" else "" for (v, _), m in zip(vehicles, table["mode"], strict=True)
    ]
    table["vehicle_km_per_year"] = table["teu_km_per_year"] / [per_unit[u] for _, u in vehicles]
    return table[TOTAL_COLUMNS].sort_values(["mode", "country"]).reset_index(drop=True)
