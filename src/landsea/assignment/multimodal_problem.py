"""The corridor's freight assignment: demand in TEU, the multimodal graph, capacity groups.

`corridor_problem` turns a MultimodalGraph and a demand table into a MulticlassProblem:
commodities are classes (their value of time from the parameters), money is the edge cost plus
the carbon price on its CO2, and border crossings and terminals with a known capacity become
capacity groups with a BPR delay or a delay curve. A crossing's capacity is the one the
simulation uses (`landsea.data.capacity`). `crossing_loads` reports what crosses each border:
TEU a day in each direction, vehicle (train, vessel) trips with the empty returns, and
utilisation against that capacity, the design figure and the observed traffic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landsea.assignment.delay import CapacityGroup, DelayCurve
from landsea.assignment.multiclass import MulticlassProblem
from landsea.data.capacity import crossing_capacity, scheduled_per_day, scheduled_teu_by_way
from landsea.errors import DataError, Location
from landsea.network.graph import KIND_CODE, MultimodalGraph
from landsea.units import DAYS_PER_YEAR


@dataclass(frozen=True)
class CapacitySettings:
    """How capacities in vehicles, trains and vessels translate to TEU, and the BPR shape.

    estimate: a cross-border truck carries one 40-ft box or two 20-ft boxes (fact sheet §4:
    "1 FEU or 2 TEU per truck"); a freight train about 70 TEU (35 two-TEU wagons, the length
    of CLR and China-Vietnam block trains); a Mekong vessel of 150-500 t about 20 TEU. BPR
    alpha 0.15 and beta 4 are the classic values.
    """

    teu_per_unit: Mapping[str, float] = field(
        default_factory=lambda: {"vehicles": 2.0, "trains": 70.0, "vessels": 20.0, "teu": 1.0}
    )
    alpha: float = 0.15
    beta: float = 4.0
    curves: Mapping[tuple[str, str], DelayCurve] = field(default_factory=dict)


def demand_matrices(
    graph: MultimodalGraph, demand: pd.DataFrame, classes: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], list[str]]:
    """TEU/day as classes x origins x destinations, with the zone nodes and place ids.

    Raises:
        DataError: the demand names a place the graph (for its year) lacks.
    """
    origins = sorted(set(demand["origin"]))
    destinations = sorted(set(demand["destination"]))
    for place in origins + destinations:
        if not graph.has_place(place):
            raise DataError(f"demand names {place!r}, which the network (for this year) lacks")
    o_index = {p: i for i, p in enumerate(origins)}
    d_index = {p: i for i, p in enumerate(destinations)}
    matrix = np.zeros((len(classes), len(origins), len(destinations)))
    # the columns zipped, not itertuples (a sweep sample builds its problem anew: issue 9
    # performance); the same rows in the same order, so the same sums
    columns = (demand[c].tolist() for c in ("commodity", "origin", "destination", "teu_per_year"))
    for commodity, origin, destination, teu in zip(*columns, strict=True):
        c = classes.index(commodity)
        matrix[c, o_index[origin], d_index[destination]] += float(teu) / DAYS_PER_YEAR
    o_nodes = np.array([graph.origin_node(p) for p in origins], dtype=np.int64)
    d_nodes = np.array([graph.destination_node(p) for p in destinations], dtype=np.int64)
    return matrix, o_nodes, d_nodes, origins, destinations


def corridor_problem(
    graph: MultimodalGraph,
    demand: pd.DataFrame,
    crossings: pd.DataFrame,
    settings: CapacitySettings | None = None,
    *,
    services: pd.DataFrame | None = None,
    by_way: bool = False,
) -> tuple[MulticlassProblem, list[str], list[str]]:
    """The multiclass problem of a demand table on a graph; with origin and destination ids.

    With `services`, a rail crossing congests on the trains scheduled across it where they are
    fewer than its paths (`binding_capacity_per_day`); with `by_way` as well, each way of it is a
    `service` group of the trains that run that way (what `landsea assign` holds to capacity).

    Raises:
        DataError: the demand names a place the graph (for its year) lacks.
    """
    settings = settings or CapacitySettings()
    classes = tuple(sorted(set(demand["commodity"])))
    matrix, o_nodes, d_nodes, origins, destinations = demand_matrices(graph, demand, classes)
    carbon = graph.carbon_price_usd_per_t / 1000.0
    problem = MulticlassProblem(
        indptr=np.asarray(graph.indptr, dtype=np.int64),
        head=np.asarray(graph.head, dtype=np.int64),
        tail=np.asarray(graph.tail, dtype=np.int64),
        base_time_h=np.asarray(graph.time_h, dtype=np.float64).copy(),
        money_usd=np.asarray(graph.cost_usd + carbon * graph.co2_kg, dtype=np.float64),
        classes=classes,
        value_of_time=np.array([graph.value_of_time[c] for c in classes]),
        origin_nodes=o_nodes,
        destination_nodes=d_nodes,
        demand=matrix,
        groups=tuple(_crossing_groups(graph, crossings, settings, services, by_way))
        + tuple(_terminal_groups(graph, settings)),
    )
    return problem, origins, destinations


def crossing_capacity_per_day(crossings: pd.DataFrame, crossing_id: str) -> float:
    """The crossing's daily capacity, both ways: the one the simulation sizes its servers on.

    Raises:
        DataError: a capacity that is not positive, naming file, row and field.
    """
    row_number = int(crossings.index.get_loc(crossing_id)) + 1  # type: ignore[arg-type]
    where = Location("crossings.csv", row_number, "capacity_per_day")
    row: pd.Series = crossings.loc[crossing_id]  # type: ignore[assignment]
    return crossing_capacity(row, where).per_day


def binding_capacity_per_day(
    crossings: pd.DataFrame, crossing_id: str, services: pd.DataFrame | None
) -> float:
    """What limits the assignment at a crossing: its capacity, or the trains scheduled across
    it where fewer (a train runs only as scheduled; the track's paths are the simulation's)."""
    capacity = crossing_capacity_per_day(crossings, crossing_id)
    if services is None:
        return capacity
    scheduled = scheduled_per_day(crossings.loc[crossing_id], services)  # type: ignore[arg-type]
    return capacity if scheduled is None else min(capacity, scheduled)


def as_number(value: object) -> float:
    """A table cell as a float; nan when empty or not a number."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")
    return number


def _crossing_groups(
    graph: MultimodalGraph,
    crossings: pd.DataFrame,
    settings: CapacitySettings,
    services: pd.DataFrame | None,
    by_way: bool = False,
) -> list[CapacityGroup]:
    groups = []
    for crossing_id, row in crossings.iterrows():
        edges = np.flatnonzero(graph.crossing_id == crossing_id)
        if edges.size == 0:
            continue
        regime = str(graph.regime[edges[0]])
        curve = settings.curves.get((str(crossing_id), regime))
        per_unit = settings.teu_per_unit.get(str(row["capacity_unit"]), 1.0)
        base = float(np.max(graph.crossing_time_h[edges]))
        from_a = np.asarray([graph.node_place[graph.tail[e]] == row["place_a"] for e in edges])
        ways = {"a_to_b": edges[from_a], "b_to_a": edges[~from_a]}
        scheduled = None
        if services is not None and by_way:
            scheduled = scheduled_teu_by_way(row, services, per_unit)
        if scheduled is not None:
            # Trains run as scheduled: each way is a service group of its own, limited by the
            # trains (times their TEU) that run that way, or by the track's paths that way.
            paths = crossing_capacity_per_day(crossings, str(crossing_id)) / 2.0
            parts = [
                (
                    part,
                    "service",
                    min(paths, scheduled[way] / per_unit) if scheduled[way] else paths,
                )
                for way, part in ways.items()
            ]
        else:
            # A simulated curve is per direction; a designed capacity counts trips both ways.
            capacity = binding_capacity_per_day(crossings, str(crossing_id), services)
            split = list(ways.values()) if curve is not None else [edges]
            parts = [(part, "crossing", capacity) for part in split]
        for part, kind, capacity in (p for p in parts if p[0].size):
            groups.append(
                CapacityGroup(
                    name=str(crossing_id),
                    kind=kind,
                    edges=part.astype(np.int64),
                    capacity_per_day=capacity,
                    teu_per_unit=per_unit,
                    base_delay_h=base,
                    alpha=settings.alpha,
                    beta=settings.beta,
                    curve=curve,
                )
            )
    return groups


def _terminal_groups(graph: MultimodalGraph, settings: CapacitySettings) -> list[CapacityGroup]:
    """Transfer and gauge-change edges with a TEU capacity, grouped by place and capacity."""
    kinds = (KIND_CODE["transfer"], KIND_CODE["gauge_change"])
    candidates = np.flatnonzero(np.isin(graph.kind, kinds) & np.isfinite(graph.capacity_per_day))
    groups = []
    keyed: dict[tuple[str, float], list[int]] = {}
    for e in candidates:
        keyed.setdefault(
            (str(graph.node_place[graph.tail[e]]), float(graph.capacity_per_day[e])), []
        ).append(int(e))
    for (place, capacity), edges in sorted(keyed.items()):
        groups.append(
            CapacityGroup(
                name=f"{place} terminal",
                kind="terminal",
                edges=np.asarray(edges, dtype=np.int64),
                capacity_per_day=capacity,
                teu_per_unit=1.0,
                base_delay_h=float(np.max(graph.time_h[edges] - graph.wait_h[edges])),
                alpha=settings.alpha,
                beta=settings.beta,
            )
        )
    return groups


def crossing_loads(
    graph: MultimodalGraph,
    total_flow: np.ndarray,
    crossings: pd.DataFrame,
    settings: CapacitySettings | None = None,
    *,
    services: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per crossing: TEU/day each way, unit trips with empty returns, utilisation.

    `capacity_per_day` is the crossing's own (the simulation's); `scheduled_per_day` the trains
    the services run across it (with `services`); `utilisation` is against the smaller.

    Trips: each way's loaded TEU over TEU per unit; vehicles shuttle, so the lighter direction
    is made up with empty returns: trips = 2 x the heavier direction's loaded trips.
    """
    settings = settings or CapacitySettings()
    records = []
    for crossing_id, row in crossings.iterrows():
        edges = np.flatnonzero(graph.crossing_id == crossing_id)
        a = str(row["place_a"])
        forward = sum(float(total_flow[e]) for e in edges if graph.node_place[graph.tail[e]] == a)
        backward = float(total_flow[edges].sum()) - forward
        per_unit = settings.teu_per_unit.get(str(row["capacity_unit"]), 1.0)
        loaded = (forward + backward) / per_unit
        trips = 2.0 * max(forward, backward) / per_unit
        capacity = crossing_capacity(row)
        scheduled = None if services is None else scheduled_per_day(row, services)
        binding = capacity.per_day if scheduled is None else min(capacity.per_day, scheduled)
        designed = capacity.designed_per_day or float("nan")
        observed = as_number(row.get("observed_per_day_high"))
        records.append(
            {
                "crossing_id": str(crossing_id),
                "mode": str(row["mode"]),
                "unit": str(row["capacity_unit"]),
                "teu_per_day_a_to_b": forward,
                "teu_per_day_b_to_a": backward,
                "loaded_trips_per_day": loaded,
                "trips_per_day": trips,
                "empty_trips_per_day": trips - loaded,
                "capacity_per_day": capacity.per_day,
                "scheduled_per_day": float("nan") if scheduled is None else scheduled,
                "designed_per_day": designed,
                "observed_per_day_high": observed,
                "utilisation": trips / binding,
                "utilisation_designed": trips / designed if designed > 0 else float("nan"),
                "utilisation_observed": trips / observed if observed > 0 else float("nan"),
            }
        )
    return pd.DataFrame(records)


def link_loads(graph: MultimodalGraph, total_flow: np.ndarray) -> pd.DataFrame:
    """TEU per day and TEU-km per day on each network link (both directions summed)."""
    moves = np.flatnonzero(graph.link_id != "")
    table = pd.DataFrame(
        {
            "link_id": graph.link_id[moves].astype(str),
            "mode": graph.mode[moves].astype(str),
            "teu_per_day": total_flow[moves],
            "teu_km_per_day": total_flow[moves] * graph.length_km[moves],
        }
    )
    return table.groupby(["link_id", "mode"], as_index=False).sum()


def terminal_loads(problem: MulticlassProblem, total_flow: np.ndarray) -> pd.DataFrame:
    """Per terminal or gauge-change yard with a capacity: TEU a day, utilisation, delay."""
    records = []
    for group in problem.groups:
        if group.kind != "terminal":
            continue
        teu = float(total_flow[group.edges].sum())
        records.append(
            {
                "terminal": group.name,
                "teu_per_day": teu,
                "capacity_teu_per_day": group.capacity_per_day,
                "utilisation": teu / group.capacity_per_day,
                "delay_h": float(group.delay_h(np.array(teu))),
            }
        )
    columns = ["terminal", "teu_per_day", "capacity_teu_per_day", "utilisation", "delay_h"]
    return pd.DataFrame(records, columns=columns)
