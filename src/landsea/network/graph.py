"""The multimodal graph: a virtual network compiled to CSR arrays for the kernels.

A place that a mode serves becomes a virtual node (place, mode); each place also gets an
`origin` and a `destination` zone node, joined to its mode nodes by loading and unloading
edges. Links of one mode join nodes of that mode (both directions); a link that crosses a
border carries the crossing's process time and cost for the regime in force. Transfers join
two modes at one place (the 1,435/1,000 mm gauge break is a transfer of its own kind). Entering
a scheduled mode (by loading or by a transfer) costs a wait of half the headway of the services
that call there. One graph thus answers mode choice, transfers, gauge breaks and borders with
one shortest-path kernel.

Each (place, mode) is split in two: an arrival node (key `(place, mode)`) where moves end, and a
departure node (key `(place, mode + "@dep")`) where moves start. A zero `through` edge joins
them for goods that stay on board; transfers go from arrival to departure, so two transfers can
never chain at one place (no rail -> road -> rail detour around a gauge-change yard).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from landsea.data.tables import CorridorTables
from landsea.errors import DataError
from landsea.network.timing import (
    as_float,
    boarding_waits,
    crossing_regime_table,
    link_is_open,
    triangular_mean,
    triangular_variance,
)
from landsea.regimes import STANDARD_NAME, check_regime
from landsea.vocabulary import MODE_FAMILIES, MODES, choices

EDGE_KINDS = ("move", "transfer", "gauge_change", "crossing_move", "load", "unload", "through")
KIND_CODE = {name: np.int8(code) for code, name in enumerate(EDGE_KINDS)}
ZONE_MODES = ("origin", "destination")
DEPART = "@dep"  # suffix of a mode's departure node: (place, "road@dep")


@dataclass(frozen=True)
class GraphOptions:
    """What shapes the graph: the year, regimes at crossings and what to avoid.

    `avoid_passages` are sea passages (places of kind `sea_passage`: the Strait of Malacca, the
    Singapore Strait, the Gulf of Thailand, ...) closed to ships: every sea lane through them goes.

    `regime_by_crossing` holds (crossing_id, regime) pairs, so the options stay hashable and a
    network can cache one graph per set of options.
    """

    year: int | None = None
    regime: str = STANDARD_NAME
    regime_by_crossing: tuple[tuple[str, str], ...] = ()
    avoid_countries: frozenset[str] = frozenset()
    avoid_modes: frozenset[str] = frozenset()
    avoid_crossings: frozenset[str] = frozenset()
    avoid_passages: frozenset[str] = frozenset()

    def regime_at(self, crossing_id: str) -> str:
        """The regime in force at a crossing: its own, else the options' general one."""
        return dict(self.regime_by_crossing).get(crossing_id, self.regime)


@dataclass
class _EdgeList:
    """Edges as they are added, before they are sorted into CSR order."""

    columns: dict[str, list[object]] = field(
        default_factory=lambda: {
            name: []
            for name in (
                "tail",
                "head",
                "kind",
                "mode",
                "length_km",
                "time_h",
                "time_var_h2",
                "wait_h",
                "cost_usd",
                "co2_kg",
                "link_id",
                "crossing_id",
                "regime",
                "capacity_per_day",
                "crossing_time_h",
                "crossing_cost_usd",
            )
        }
    )

    def add(self, **values: object) -> None:
        for name, column in self.columns.items():
            column.append(values.get(name, _DEFAULTS.get(name)))


_DEFAULTS: dict[str, object] = {
    "length_km": 0.0,
    "time_var_h2": 0.0,
    "wait_h": 0.0,
    "co2_kg": 0.0,
    "link_id": "",
    "crossing_id": "",
    "regime": "",
    "capacity_per_day": np.nan,
    "crossing_time_h": 0.0,
    "crossing_cost_usd": 0.0,
}


@dataclass(frozen=True, eq=False)
class MultimodalGraph:
    """Dense arrays for the kernels; per-edge attributes in CSR order (sorted by tail)."""

    options: GraphOptions
    node_place: np.ndarray
    node_mode: np.ndarray
    indptr: np.ndarray
    head: np.ndarray
    tail: np.ndarray
    kind: np.ndarray
    mode: np.ndarray
    length_km: np.ndarray
    time_h: np.ndarray
    time_var_h2: np.ndarray
    wait_h: np.ndarray
    cost_usd: np.ndarray
    co2_kg: np.ndarray
    link_id: np.ndarray
    crossing_id: np.ndarray
    regime: np.ndarray
    capacity_per_day: np.ndarray
    crossing_time_h: np.ndarray
    crossing_cost_usd: np.ndarray
    node_index: dict[tuple[str, str], int]
    value_of_time: dict[str, float]
    carbon_price_usd_per_t: float

    @property
    def n_nodes(self) -> int:
        """How many nodes (virtual (place, mode) nodes and zone nodes)."""
        return len(self.node_place)

    @property
    def n_edges(self) -> int:
        """How many edges."""
        return len(self.head)

    def origin_node(self, place_id: str) -> int:
        """The node where goods from `place_id` start (KeyError for a place not in the graph)."""
        return self.node_index[(place_id, "origin")]

    def destination_node(self, place_id: str) -> int:
        """The node where goods for `place_id` end (KeyError for a place not in the graph)."""
        return self.node_index[(place_id, "destination")]

    def has_place(self, place_id: str) -> bool:
        """Whether the place is in the graph (an avoided country's places are not)."""
        return (place_id, "origin") in self.node_index

    @cached_property
    def reverse_csr(self) -> tuple[np.ndarray, np.ndarray]:
        """(starts, edges): the edges entering node v are `edges[starts[v]:starts[v + 1]]`."""
        edges = np.argsort(self.head, kind="stable")
        starts = np.searchsorted(self.head[edges], np.arange(self.n_nodes + 1))
        return starts, edges

    def generalized_cost_usd(self, commodity: str) -> np.ndarray:
        """Edge costs in USD with time and carbon priced in: USD + VOT x h + carbon price x t CO2.

        Raises:
            KeyError: a commodity without a value of time in the parameters.
        """
        vot = self.value_of_time[commodity]
        carbon = self.carbon_price_usd_per_t / 1000.0
        return self.cost_usd + vot * self.time_h + carbon * self.co2_kg


def expand_modes(modes: Iterable[str]) -> frozenset[str]:
    """Mode names with families (`rail`, `water`) expanded; unknown names are an error.

    Raises:
        DataError: a name that is neither a mode nor a family.
    """
    expanded: set[str] = set()
    for name in modes:
        if name in MODE_FAMILIES:
            expanded.update(MODE_FAMILIES[name])
        elif name in MODES:
            expanded.add(name)
        else:
            known = choices((*MODES, *MODE_FAMILIES))
            raise DataError(f"unknown mode {name!r}; choose one of {known}")
    return frozenset(expanded)


def check_options(options: GraphOptions) -> None:
    """Check the options' regimes against the known ones.

    Raises:
        DataError: an unknown regime.
    """
    for regime in (options.regime, *(r for _, r in options.regime_by_crossing)):
        check_regime(regime)


def build_graph(tables: CorridorTables, options: GraphOptions) -> MultimodalGraph:
    """Compile the corridor tables into a MultimodalGraph under these options.

    `Network.graph` is the usual way in: it builds the graph once per network and options.

    Raises:
        DataError: an unknown regime in the options.
    """
    check_options(options)
    places = tables.places[
        ~tables.places["country"].isin(options.avoid_countries)
        & ~tables.places.index.isin(options.avoid_passages)  # a closed passage has no node
    ]
    served = _served_modes(tables, places, options)
    node_index = _node_index(served)
    edges = _EdgeList()
    waits = boarding_waits(tables)
    _add_link_edges(edges, tables, options, node_index)
    _add_transfer_edges(edges, tables, node_index, waits)
    _add_zone_edges(edges, tables, served, node_index, waits)
    return _compile(tables, options, node_index, edges)


def _served_modes(
    tables: CorridorTables, places: pd.DataFrame, options: GraphOptions
) -> dict[str, tuple[str, ...]]:
    """Modes per usable place: those it declares plus those of links that touch it."""
    modes: dict[str, set[str]] = {str(pid): set(row) for pid, row in places["modes"].items()}
    links = tables.links
    for end in ("from_id", "to_id"):
        for pid, mode in zip(links[end], links["mode"], strict=True):
            if pid in modes:
                modes[pid].add(str(mode))
    return {pid: tuple(sorted(m - options.avoid_modes)) for pid, m in modes.items()}


def _node_index(served: dict[str, tuple[str, ...]]) -> dict[tuple[str, str], int]:
    index: dict[tuple[str, str], int] = {}
    for pid in sorted(served):
        for mode in served[pid]:
            index[(pid, mode)] = len(index)
            index[(pid, mode + DEPART)] = len(index)
        for zone in ZONE_MODES:
            index[(pid, zone)] = len(index)
    return index


def _add_link_edges(
    edges: _EdgeList,
    tables: CorridorTables,
    options: GraphOptions,
    nodes: dict[tuple[str, str], int],
) -> None:
    params = tables.parameters
    regimes = crossing_regime_table(tables)
    directions = _direction_table(tables)
    for link_id, link in _rows(tables.links):
        mode = str(link["mode"])
        a, b = str(link["from_id"]), str(link["to_id"])
        crossing = str(link["crossing_id"] or "")
        if (a, mode) not in nodes or (b, mode) not in nodes or crossing in options.avoid_crossings:
            continue
        if not link_is_open(str(link["status"]), link["open_year"], options.year):
            continue
        mode_params = params.modes[mode]
        own_speed = link["speed_kmh"] if pd.notna(link["speed_kmh"]) else mode_params.speed_kmh
        own_tariff = as_float(link["cost_usd_per_teu_km"])
        if not np.isfinite(own_tariff):
            own_tariff = mode_params.cost_usd_per_teu_km
        km = float(link["length_km"])
        cv = params.link_time_cv.get(mode, 0.0)
        for start, end in ((a, b), (b, a)):
            speed, tariff = directions.get((str(link_id), start), (np.nan, np.nan))
            run_h = km / float(speed if np.isfinite(speed) else own_speed)
            per_km = tariff if np.isfinite(tariff) else own_tariff
            values: dict[str, object] = {
                "mode": mode,
                "length_km": km,
                "time_h": run_h,
                "time_var_h2": (cv * run_h) ** 2,
                "cost_usd": km * per_km,
                "co2_kg": km * mode_params.co2_kg_per_teu_km,
                "link_id": str(link_id),
                "capacity_per_day": as_float(link["capacity_per_day"]),
                "kind": KIND_CODE["move"],
            }
            if crossing:
                regime = options.regime_at(crossing)
                lo, mid, hi, fee = regimes[(crossing, regime)]
                values.update(
                    kind=KIND_CODE["crossing_move"],
                    crossing_id=crossing,
                    regime=regime,
                    crossing_time_h=triangular_mean(lo, mid, hi),
                    crossing_cost_usd=fee,
                    time_h=run_h + triangular_mean(lo, mid, hi),
                    time_var_h2=(cv * run_h) ** 2 + triangular_variance(lo, mid, hi),
                    cost_usd=km * per_km + fee,
                )
            edges.add(tail=nodes[(start, mode + DEPART)], head=nodes[(end, mode)], **values)


def _rows(table: pd.DataFrame) -> Iterator[tuple[Hashable, dict[Hashable, Any]]]:
    """(index, row as a dict) per row: what `iterrows` gives, without making a Series a row
    (a sweep sample whose edits change the tables builds its graph anew: issue 9 performance).
    Blank integer cells are None here where `iterrows` has pd.NA; both read as missing."""
    return zip(table.index, table.to_dict("records"), strict=True)


def _direction_table(tables: CorridorTables) -> dict[tuple[str, str], tuple[float, float]]:
    """(link_id, start place) -> (speed km/h, USD per TEU-km) that way, from
    `link_directions.csv` (the Mekong runs faster downstream; a tariff may differ by
    direction); NaN keeps the link's own figure."""
    return {
        (str(row["link_id"]), str(row["from_id"])): (
            as_float(row["speed_kmh"]),
            as_float(row["cost_usd_per_teu_km"]),
        )
        for _, row in _rows(tables.directions)
    }


def _add_transfer_edges(
    edges: _EdgeList,
    tables: CorridorTables,
    nodes: dict[tuple[str, str], int],
    waits: dict[tuple[str, str], float],
) -> None:
    for _, row in _rows(tables.transfers):
        place = str(row["place_id"])
        kind = "gauge_change" if row["kind"] == "gauge_change" else "transfer"
        for src, dst in ((row["mode_a"], row["mode_b"]), (row["mode_b"], row["mode_a"])):
            a, b = (place, str(src)), (place, str(dst))
            if a not in nodes or b not in nodes:
                continue
            wait = waits.get(b, 0.0)
            edges.add(
                tail=nodes[a],
                head=nodes[(place, str(dst) + DEPART)],
                kind=KIND_CODE[kind],
                mode=f"{src}>{dst}",
                time_h=float(row["time_h"]) + wait,
                wait_h=wait,
                time_var_h2=wait**2 / 3.0,
                cost_usd=float(row["cost_usd_per_teu"]),
                capacity_per_day=as_float(row["capacity_teu_per_day"]),
            )


def _add_zone_edges(
    edges: _EdgeList,
    tables: CorridorTables,
    served: dict[str, tuple[str, ...]],
    nodes: dict[tuple[str, str], int],
    waits: dict[tuple[str, str], float],
) -> None:
    params = tables.parameters
    for place, modes in served.items():
        for mode in modes:
            wait = waits.get((place, mode), 0.0)
            common = {"mode": mode, "cost_usd": params.loading_cost_usd_per_teu}
            edges.add(
                tail=nodes[(place, mode)],
                head=nodes[(place, mode + DEPART)],
                kind=KIND_CODE["through"],
                mode=mode,
                time_h=0.0,
                cost_usd=0.0,
            )
            edges.add(
                tail=nodes[(place, "origin")],
                head=nodes[(place, mode + DEPART)],
                kind=KIND_CODE["load"],
                time_h=params.loading_time_h + wait,
                wait_h=wait,
                time_var_h2=wait**2 / 3.0,
                **common,
            )
            edges.add(
                tail=nodes[(place, mode)],
                head=nodes[(place, "destination")],
                kind=KIND_CODE["unload"],
                time_h=params.loading_time_h,
                **common,
            )


def _compile(
    tables: CorridorTables,
    options: GraphOptions,
    node_index: dict[tuple[str, str], int],
    edges: _EdgeList,
) -> MultimodalGraph:
    cols = edges.columns
    tail = np.asarray(cols["tail"], dtype=np.int32)
    order = np.argsort(tail, kind="stable")
    n_nodes = len(node_index)
    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n_nodes), out=indptr[1:])

    def column(name: str, dtype: npt.DTypeLike) -> np.ndarray:
        array = np.asarray(cols[name], dtype=dtype)[order]
        array.flags.writeable = False  # the graph is shared; nobody edits it in place
        return array

    params = tables.parameters
    place_of = np.empty(n_nodes, dtype=object)
    mode_of = np.empty(n_nodes, dtype=object)
    for (place, mode), i in node_index.items():
        place_of[i], mode_of[i] = place, mode.removesuffix(DEPART)
    return MultimodalGraph(
        options=options,
        node_place=place_of,
        node_mode=mode_of,
        indptr=indptr,
        head=column("head", np.int32),
        tail=column("tail", np.int32),
        kind=column("kind", np.int8),
        mode=column("mode", object),
        length_km=column("length_km", np.float64),
        time_h=column("time_h", np.float64),
        time_var_h2=column("time_var_h2", np.float64),
        wait_h=column("wait_h", np.float64),
        cost_usd=column("cost_usd", np.float64),
        co2_kg=column("co2_kg", np.float64),
        link_id=column("link_id", object),
        crossing_id=column("crossing_id", object),
        regime=column("regime", object),
        capacity_per_day=column("capacity_per_day", np.float64),
        crossing_time_h=column("crossing_time_h", np.float64),
        crossing_cost_usd=column("crossing_cost_usd", np.float64),
        node_index=node_index,
        value_of_time={
            name: c.value_of_time_usd_per_teu_h for name, c in params.commodities.items()
        },
        carbon_price_usd_per_t=params.carbon_price_usd_per_t_co2,
    )
