"""Applying a scenario to a copy of the corridor: demand grown, levers expanded, edits applied.

`prepare(scenario)` returns a `Setup`: the edited network (new DataFrames; the bundled tables
are never changed), the graph options (year, regimes in force, closed crossings), the demand
and the crossings as the simulation sees them. The simulation's crossings keep the work per
truck calibrated on the unedited dataset (simulation/service_scale.py): recalibrating after an
edit of hours or capacity would undo the edit being tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from landsea.data.demand.growth import GrowthEdit, grow_demand
from landsea.data.tables import CorridorTables
from landsea.errors import LandseaError, ScenarioError
from landsea.network.graph import GraphOptions
from landsea.network.model import Network, corridor_network
from landsea.network.names import resolve_passage
from landsea.scenarios import spec as s
from landsea.scenarios.digests import frame_digest, part_digests
from landsea.scenarios.distributions import value_of
from landsea.scenarios.levers import LEVERS, LeverContext, lever_params
from landsea.scenarios.names import crossing_ids, place_id, table_id
from landsea.simulation.service_scale import calibrated
from landsea.simulation.spec import CrossingSpec, crossing_specs, with_capacity
from landsea.vocabulary import MODE_FAMILIES, ModeFamily

EDITABLE = (
    "places",
    "links",
    "crossings",
    "crossing_regimes",
    "transfers",
    "services",
    "directions",
)


class _Tables(dict[str, Any]):
    """The tables edits may change: each a copy of the base network's, made when an edit first
    asks for it. Tables no edit asks for stay the base's own frames (a network's tables never
    change), so the edited network shares them and a sweep sample's digest (`runner`) hashes
    only what its edits touched (issue 9 performance)."""

    def __init__(self, base: CorridorTables) -> None:
        super().__init__()
        self._base = base

    def __missing__(self, name: str) -> Any:
        if name not in EDITABLE:
            raise KeyError(name)
        frame = self[name] = getattr(self._base, name).copy()
        return frame


@dataclass
class _Work:
    """The tables being edited (copies), and what the edits decided beyond the tables."""

    tables: _Tables
    parameters: Any
    demand: pd.DataFrame
    regimes: dict[str, str] = field(default_factory=dict)
    closed_crossings: set[str] = field(default_factory=set)
    closed_passages: set[str] = field(default_factory=set)
    capacities: dict[str, float] = field(default_factory=dict)  # crossing -> units a day
    touched: set[str] = field(default_factory=set)  # crossing ids, place ids, link ids, modes
    # demand edits by factor (a backhaul incentive makes dozens a sample): the TEU column as an
    # array and each (origin, destination[, commodity])'s row positions, made at the first
    # such edit; `demand_table` writes the column back (issue 9 performance)
    _teu: np.ndarray | None = None
    _rows: dict[tuple[str, ...], list[int]] | None = None

    def demand_rows(self, origin: str, destination: str, commodity: str) -> list[int]:
        """Positions of the demand rows of a pair (of one commodity, or all for `*`)."""
        if self._rows is None:
            rows: dict[tuple[str, ...], list[int]] = {}
            columns = (self.demand[c].tolist() for c in ("origin", "destination", "commodity"))
            for i, (o, d, c) in enumerate(zip(*columns, strict=True)):
                rows.setdefault((o, d, "*"), []).append(i)
                rows.setdefault((o, d, c), []).append(i)
            self._rows = rows
        return self._rows.get((origin, destination, commodity), [])

    def scale_demand(self, rows: list[int], factor: float) -> None:
        """Multiply the TEU of these rows by `factor` (as `teu_per_year *= factor` would)."""
        if self._teu is None:
            self._teu = self.demand["teu_per_year"].to_numpy(dtype=np.float64, copy=True)
        self._teu[rows] *= factor

    def add_demand(self, row: dict[str, Any]) -> None:
        """A demand row more (the row positions are made again when next asked for)."""
        self.demand = pd.concat([self.demand_table(), pd.DataFrame([row])], ignore_index=True)
        self._rows = None

    def demand_table(self) -> pd.DataFrame:
        """The demand with every edit so far in it."""
        if self._teu is not None:
            self.demand = self.demand.assign(teu_per_year=self._teu)
            self._teu = None
        return self.demand


@dataclass(frozen=True)
class Setup:
    """A scenario ready to run: edited network, options, demand, simulation crossings."""

    scenario: s.Scenario
    network: Network
    options: GraphOptions
    demand: pd.DataFrame
    specs: dict[str, CrossingSpec]
    edits: tuple[tuple[str, s.Edit], ...]  # (where it came from, the edit)
    touched: frozenset[str]


def grown_demand(
    base: pd.DataFrame, demand: s.DemandSpec, year: int, places: pd.DataFrame
) -> pd.DataFrame:
    """The baseline grown to `year` as `landsea assign --year` grows it (the dataset's growth
    table, from each row's base year), with the scenario's growth entries as edits of the
    table's rates (at their medians, or at the values a sample fixed)."""
    table = grow_demand(base, year, places, edits=growth_edits(demand))
    return table[["origin", "destination", "commodity", "teu_per_year"]].copy()


def growth_edits(demand: s.DemandSpec) -> tuple[GrowthEdit, ...]:
    """A scenario's `demand.growth` entries as edits of the growth table."""
    return tuple(
        GrowthEdit(
            partner=rule.partner.upper() if rule.partner != "*" else "*",
            commodity=rule.commodity,
            from_year=rule.from_year,
            to_year=rule.to_year,
            rate_per_year=None if rule.rate_per_year is None else value_of(rule.rate_per_year),
            rate_factor=None if rule.rate_factor is None else value_of(rule.rate_factor),
        )
        for rule in demand.growth
    )


def expanded_edits(
    scenario: s.Scenario, network: Network, demand: pd.DataFrame
) -> list[tuple[tuple[str | int, ...], str, s.Edit]]:
    """Every edit with its location in the file: levers expanded first, then the plain edits
    (so an explicit edit can refine what a lever did)."""
    context = LeverContext(network, scenario.year, demand)
    found: list[tuple[tuple[str | int, ...], str, s.Edit]] = []
    for index, use in enumerate(scenario.levers):
        params = lever_params(scenario, index)
        try:
            edits = LEVERS[use.lever].expand(params, context)
        except (ValueError, LookupError) as err:
            raise _located(scenario, ("levers", index, "lever"), err) from None
        found.extend((("levers", index), use.lever, edit) for edit in edits)
    found.extend((("edits", i), edit.kind, edit) for i, edit in enumerate(scenario.edits))
    return found


def _located(scenario: s.Scenario, loc: tuple[str | int, ...], err: Exception) -> ScenarioError:
    return ScenarioError(f"{scenario.where(*loc)}: {err}")


def prepare(scenario: s.Scenario, base: Network | None = None) -> Setup:
    """The scenario applied to a copy of `base` (the bundled corridor when None)."""
    from landsea.data.demand import baseline_demand

    base = base or corridor_network()
    # read once per network (a sweep prepares thousands of samples); grown_demand copies it
    bundled = base.memo(("baseline_demand",), lambda: baseline_demand(base.places))
    demand = grown_demand(bundled, scenario.demand, scenario.year, base.places)
    work = _Work(tables=_Tables(base.tables), parameters=base.tables.parameters, demand=demand)
    edits = expanded_edits(scenario, base, demand)
    for loc, _, edit in edits:
        try:
            APPLY[edit.kind](work, edit, base)
        except LandseaError as err:
            raise ScenarioError(f"{scenario.where(*loc)}: {err}") from None
        except (ValueError, LookupError) as err:
            raise _located(scenario, loc, err) from None
    network = base.with_tables(**work.tables, parameters=work.parameters)
    regime_by = tuple(sorted(work.regimes.items()))
    options = GraphOptions(
        year=scenario.year,
        regime=scenario.regime,
        regime_by_crossing=regime_by,
        avoid_crossings=frozenset(work.closed_crossings),
        avoid_passages=frozenset(work.closed_passages),
    )
    return Setup(
        scenario=scenario,
        network=network,
        options=options,
        demand=_nonzero(work.demand_table()),
        specs=_specs(base, network, work.capacities),
        edits=tuple((f"{'.'.join(map(str, loc))} ({name})", edit) for loc, name, edit in edits),
        touched=frozenset(work.touched),
    )


def _nonzero(demand: pd.DataFrame) -> pd.DataFrame:
    return demand[demand["teu_per_year"] > 0].reset_index(drop=True)


def _specs(base: Network, edited: Network, capacities: dict[str, float]) -> dict[str, CrossingSpec]:
    """Simulation crossings of the edited tables with the baseline's calibrated work."""
    scales = base.memo(
        "scenario_service_scales",
        lambda: {
            cid: calibrated(spec).service_scale
            for cid, spec in crossing_specs(base.crossings, base.tables.crossing_regimes).items()
        },
    )
    specs = _read_specs(base, edited)
    out = {}
    for cid, spec in specs.items():
        if cid in capacities:
            spec = with_capacity(spec, capacities[cid])
        out[cid] = replace(spec, service_scale=scales.get(cid))
    return {cid: calibrated(spec) for cid, spec in out.items()}


_SPECS: dict[str, dict[str, CrossingSpec]] = {}
SPECS_KEPT = 16


def _read_specs(base: Network, edited: Network) -> dict[str, CrossingSpec]:
    """`crossing_specs` of the edited tables, read once for tables with the same content:
    samples of a sweep mostly edit demand only, and reading the specs row by row was a
    tenth of a surrogate sample (issue 9 performance). Specs are frozen: sharing is safe.
    A table the edits left alone is the base's own frame, whose digest is made once."""
    known = base.memo(("part_digests",), lambda: part_digests(base.tables))

    def digest(name: str) -> str:
        frame = getattr(edited.tables, name)
        same = frame is getattr(base.tables, name)
        return known[name] if same else frame_digest(frame, name)

    crossings, regimes = edited.crossings, edited.tables.crossing_regimes
    key = digest("crossings") + digest("crossing_regimes")
    if key not in _SPECS:
        if len(_SPECS) >= SPECS_KEPT:
            _SPECS.pop(next(iter(_SPECS)))
        _SPECS[key] = crossing_specs(crossings, regimes)
    return _SPECS[key]


# ---- one function per edit kind ----------------------------------------------------------


def _number(edit: Any, field_name: str) -> float | None:
    value = getattr(edit, field_name)
    return None if value is None else value_of(value)


def _figure_or_factor(edit: Any, figure: str, old: float) -> float:
    value, factor = _number(edit, figure), _number(edit, "factor")
    if (value is None) == (factor is None):
        raise ValueError(f"give either {figure} or factor")
    new = value if value is not None else old * float(factor)  # type: ignore[arg-type]
    if not np.isfinite(new) or new < 0:
        raise ValueError(f"{figure} must be a number >= 0, got {new:g}")
    return float(new)


def _close_link(work: _Work, edit: s.CloseLink, base: Network) -> None:
    link = table_id(work.tables["links"].index, edit.link, "link")
    work.tables["links"] = work.tables["links"].drop(index=link)
    work.touched.add(link)


def _open_link(work: _Work, edit: s.OpenLink, base: Network) -> None:
    link = table_id(work.tables["links"].index, edit.link, "link")
    links = work.tables["links"]
    links.loc[link, "open_year"] = edit.year if edit.year is not None else 0
    work.touched.add(link)


def _add_link(work: _Work, edit: s.AddLink, base: Network) -> None:
    links = work.tables["links"]
    if edit.link in links.index:
        raise ValueError(f"link {edit.link!r} exists already")
    a, b = place_id(base, edit.from_place), place_id(base, edit.to_place)
    crossing = crossing_ids(base, [edit.crossing])[0] if edit.crossing else ""
    row = {
        column: links[column].iloc[0] * 0 if links[column].dtype.kind == "f" else ""
        for column in links.columns
    }
    speed = _number(edit, "speed_kmh")
    row.update(
        from_id=a,
        to_id=b,
        mode=edit.mode,
        length_km=value_of(edit.length_km),
        length_source=edit.source,
        speed_kmh=np.nan if speed is None else speed,
        speed_source=edit.source if speed is not None else "",
        capacity_per_day=np.nan,
        status="operational",
        open_year=pd.NA,
        crossing_id=crossing,
        note="added by a scenario",
    )
    addition = pd.DataFrame([row], index=pd.Index([edit.link], name=links.index.name))
    work.tables["links"] = pd.concat([links, addition.astype(links.dtypes.to_dict())])
    places = work.tables["places"]
    for place in (a, b):
        modes = tuple(places.at[place, "modes"])
        if edit.mode not in modes:
            places.at[place, "modes"] = (*modes, edit.mode)
    work.touched.update({edit.link, a, b, *([crossing] if crossing else [])})


def _close_crossing(work: _Work, edit: s.CloseCrossing, base: Network) -> None:
    for cid in crossing_ids(base, [edit.crossing]):
        work.closed_crossings.add(cid)
        work.touched.add(cid)


def _close_port(work: _Work, edit: s.ClosePort, base: Network) -> None:
    place = place_id(base, edit.place)
    links = work.tables["links"]
    wet_modes = list(MODE_FAMILIES[ModeFamily.WATER])
    water = links["mode"].isin(wet_modes)
    at = (links["from_id"] == place) | (links["to_id"] == place)
    work.tables["links"] = links[~(water & at)]
    transfers = work.tables["transfers"]
    wet = transfers["mode_a"].isin(wet_modes) | transfers["mode_b"].isin(wet_modes)
    work.tables["transfers"] = transfers[~(wet & (transfers["place_id"] == place))]
    work.touched.add(place)


def _close_passage(work: _Work, edit: s.ClosePassage, base: Network) -> None:
    passage = resolve_passage(base, edit.passage)
    work.closed_passages.add(passage)
    work.touched.add(passage)


def _close_service(work: _Work, edit: s.CloseService, base: Network) -> None:
    service = table_id(work.tables["services"].index, edit.service, "service")
    work.tables["services"] = work.tables["services"].drop(index=service)
    work.touched.add(service)


def _frequency(work: _Work, edit: s.Frequency, base: Network) -> None:
    services = work.tables["services"]
    service = table_id(services.index, edit.service, "service")
    old = float(services.at[service, "departures_per_week"])
    services.loc[service, "departures_per_week"] = _figure_or_factor(
        edit, "departures_per_week", old
    )
    work.touched.add(service)


def _capacity(work: _Work, edit: s.Capacity, base: Network) -> None:
    if (edit.crossing is None) == (edit.terminal is None):
        raise ValueError("give either crossing or terminal")
    if edit.terminal is not None:
        place = place_id(base, edit.terminal)
        transfers = work.tables["transfers"]
        at = transfers["place_id"] == place
        if not at.any():
            raise ValueError(f"{place} has no terminal (no transfers) in the dataset")
        old = float(transfers.loc[at, "capacity_teu_per_day"].max())
        transfers.loc[at, "capacity_teu_per_day"] = _figure_or_factor(edit, "per_day", old)
        work.touched.add(place)
        return
    specs = crossing_specs(base.crossings, base.tables.crossing_regimes)
    crossings = work.tables["crossings"]
    for cid in crossing_ids(base, [edit.crossing]):  # type: ignore[list-item]
        new = _figure_or_factor(edit, "per_day", specs[cid].capacity_per_day)
        if new <= 0:
            raise ValueError("capacity must be positive: close the crossing instead")
        # The one capacity (landsea.data.capacity): design and traffic figures stay as counted.
        crossings.loc[cid, "capacity_per_day"] = new
        crossings.loc[cid, "capacity_source"] = "estimate: set by the scenario's capacity lever"
        work.capacities[cid] = new
        work.touched.add(cid)


def _gate_hours(work: _Work, edit: s.GateHours, base: Network) -> None:
    from landsea.simulation.hours import parse_hours

    parse_hours(edit.opens, edit.closes, None)  # a bad clock is an error here, not in the run
    crossings = work.tables["crossings"]
    for cid in crossing_ids(base, [edit.crossing]):
        crossings.loc[cid, ["opens", "closes"]] = [edit.opens, edit.closes]
        crossings.loc[cid, "closes_extended"] = edit.closes_extended or ""
        work.touched.add(cid)


def _regime(work: _Work, edit: s.Regime, base: Network) -> None:
    for cid in crossing_ids(base, edit.crossings):
        work.regimes[cid] = edit.regime
        work.touched.add(cid)


def _speed(work: _Work, edit: s.Speed, base: Network) -> None:
    if (edit.link is None) == (edit.mode is None):
        raise ValueError("give either link or mode")
    if edit.link is not None:
        links = work.tables["links"]
        link = table_id(links.index, edit.link, "link")
        old = links.at[link, "speed_kmh"]
        if pd.isna(old):
            old = work.parameters.modes[str(links.at[link, "mode"])].speed_kmh
        new = _figure_or_factor(edit, "speed_kmh", float(old))
        links.loc[link, "speed_kmh"] = new
        # a link's speeds each way (link_directions.csv) change in the same proportion
        directions = work.tables["directions"]
        directions.loc[directions["link_id"] == link, "speed_kmh"] *= new / float(old)
        work.touched.add(link)
        return
    mode = _mode(work, str(edit.mode))
    params = work.parameters.modes[mode]
    new = _figure_or_factor(edit, "speed_kmh", params.speed_kmh)
    _set_mode(work, mode, speed_kmh=new)


def _mode(work: _Work, mode: str) -> str:
    if mode not in work.parameters.modes:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(work.parameters.modes)}")
    return mode


def _set_mode(work: _Work, mode: str, **changes: float) -> None:
    modes = dict(work.parameters.modes)
    modes[mode] = modes[mode].model_copy(update=changes)
    work.parameters = work.parameters.model_copy(update={"modes": modes})
    work.touched.add(mode)


def _tariff(work: _Work, edit: s.Tariff, base: Network) -> None:
    given = [n for n in ("crossing", "terminal", "mode") if getattr(edit, n) is not None]
    if len(given) != 1:
        raise ValueError("give one of crossing, terminal or mode")
    if edit.mode is not None:
        mode = _mode(work, edit.mode)
        old = work.parameters.modes[mode].cost_usd_per_teu_km
        _set_mode(work, mode, cost_usd_per_teu_km=_figure_or_factor(edit, "usd", old))
        return
    if edit.terminal is not None:
        place = place_id(base, edit.terminal)
        transfers = work.tables["transfers"]
        at = transfers["place_id"] == place
        for i in transfers.index[at]:
            old = float(transfers.at[i, "cost_usd_per_teu"])
            transfers.loc[i, "cost_usd_per_teu"] = _figure_or_factor(edit, "usd", old)
        work.touched.add(place)
        return
    regimes = work.tables["crossing_regimes"]
    for cid in crossing_ids(base, [edit.crossing]):  # type: ignore[list-item]
        for i in regimes.index[regimes["crossing_id"] == cid]:
            old = float(regimes.at[i, "cost_usd"])
            regimes.loc[i, "cost_usd"] = _figure_or_factor(edit, "usd", old)
        work.touched.add(cid)


def _process_time(work: _Work, edit: s.ProcessTime, base: Network) -> None:
    factor = value_of(edit.factor)
    if factor <= 0:
        raise ValueError(f"factor must be positive, got {factor:g}")
    regimes = work.tables["crossing_regimes"]
    for cid in crossing_ids(base, edit.crossings):
        rows = (regimes["crossing_id"] == cid) & (regimes["regime"] == edit.regime)
        regimes.loc[rows, ["min_h", "mode_h", "max_h"]] *= factor
        work.touched.add(cid)


def _carbon_price(work: _Work, edit: s.CarbonPrice, base: Network) -> None:
    price = value_of(edit.usd_per_t)
    if price < 0:
        raise ValueError(f"a carbon price is >= 0 USD/t, got {price:g}")
    work.parameters = work.parameters.model_copy(update={"carbon_price_usd_per_t_co2": price})
    work.touched.add("carbon_price")


def _demand(work: _Work, edit: s.DemandChange, base: Network) -> None:
    o, d = place_id(base, edit.origin), place_id(base, edit.destination)
    if edit.factor is not None:
        rows = work.demand_rows(o, d, edit.commodity)
        if not rows:
            raise ValueError(f"no demand from {o} to {d} to scale")
        work.scale_demand(rows, value_of(edit.factor))
    elif edit.teu_per_year is not None:
        extra = value_of(edit.teu_per_year)
        commodity = edit.commodity if edit.commodity != "*" else "machinery"
        row = {"origin": o, "destination": d, "commodity": commodity, "teu_per_year": extra}
        work.add_demand(row)
    else:
        raise ValueError("give either teu_per_year or factor")
    work.touched.update({o, d})


APPLY: dict[str, Callable[[_Work, Any, Network], None]] = {
    "close_link": _close_link,
    "open_link": _open_link,
    "add_link": _add_link,
    "close_crossing": _close_crossing,
    "close_port": _close_port,
    "close_passage": _close_passage,
    "close_service": _close_service,
    "frequency": _frequency,
    "capacity": _capacity,
    "gate_hours": _gate_hours,
    "regime": _regime,
    "speed": _speed,
    "tariff": _tariff,
    "process_time": _process_time,
    "carbon_price": _carbon_price,
    "demand": _demand,
}
