"""Checks across the corridor tables: references, vocabularies, countries, ranges, connectivity.

Cell-level checks (numbers, blanks, sources, duplicate ids) happen while reading (`cells.py`).
Here each problem becomes a DataError naming file, 1-based row and field; a network in parts is
a `DataWarning`, because a user editing a network wants to see it without being stopped.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pycountry

from landsea.data.schema import (
    CROSSING_REGIMES,
    CROSSINGS,
    DIRECTIONS,
    LINES,
    LINKS,
    PLACES,
    SERVICES,
    TRANSFERS,
    TableSpec,
)
from landsea.data.tables import (
    CAPACITY_UNITS,
    COUNT_COUNTED,
    COUNT_DIRECTIONS,
    COUNT_ELEMENT_KINDS,
    COUNT_QUALITIES,
    COUNT_UNITS,
    INTERNATIONAL_WATERS,
    LINK_STATUSES,
    PLACE_KINDS,
    SEA_PASSAGE,
    TRANSFER_KINDS,
    CorridorTables,
)
from landsea.errors import DataError, Location
from landsea.regimes import regime_names
from landsea.vocabulary import MODE_FAMILIES, MODES, UNLOCODE, UNLOCODE_PATTERN, ModeFamily

Locate = Callable[[TableSpec], str]


class DataWarning(UserWarning):
    """Data that can be used but probably is not what the user meant (e.g. a network in parts)."""


@dataclass(frozen=True)
class ValidationReport:
    """What `validate_tables` found: errors (each a DataError), warnings and hints (text)."""

    origin: str
    rows: dict[str, int]
    errors: tuple[DataError, ...] = ()
    warnings: tuple[str, ...] = ()
    components: tuple[tuple[str, ...], ...] = field(default=())
    km_by_mode: dict[str, float] = field(default_factory=dict)
    # Plausibility hints (a link shorter than the straight line): shown by `landsea network
    # validate`, not raised as warnings, since synthetic test networks trip them on purpose.
    hints: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether the tables have no error (warnings and hints do not count)."""
        return not self.errors


def default_locate(spec: TableSpec) -> str:
    """Where a table's problems are reported: the table's own CSV file name."""
    return spec.file


def validate_tables(tables: CorridorTables, locate: Locate = default_locate) -> ValidationReport:
    """Every problem in `tables`, without raising or warning."""
    errors = tuple(_problems(tables, locate))
    components = cut_off_parts(tables)
    notes = tuple(_cut_off_message(part) for part in components)
    hints = (*_short_links(tables, locate(LINKS)), *_dear_gauge_changes(tables, locate(TRANSFERS)))
    rows = {spec.name: len(getattr(tables, spec.name)) for spec in _SPECS}
    km = tables.links.groupby("mode")["length_km"].sum()
    km_by_mode = {str(mode): float(km[mode]) for mode in km.index}
    return ValidationReport(tables.origin, rows, errors, notes, components, km_by_mode, hints)


def check_tables(tables: CorridorTables, locate: Locate = default_locate) -> ValidationReport:
    """Raise the first problem (saying how many more there are); warn of a network in parts.

    Raises:
        DataError: the first problem found, saying how many more there are.
    """
    report = validate_tables(tables, locate)
    if report.errors:
        first = report.errors[0]
        more = len(report.errors) - 1
        if more:
            raise DataError(f"{first.reason} (and {more} more problems)", first.location)
        raise first
    for note in report.warnings:
        warnings.warn(note, DataWarning, stacklevel=3)
    return report


_SPECS = (PLACES, LINKS, CROSSINGS, CROSSING_REGIMES, TRANSFERS, SERVICES, LINES)


@dataclass(frozen=True)
class _Known:
    """The tables plus the lookups every check needs, built once (dict lookups, not `.at`)."""

    tables: CorridorTables
    modes_of: dict[str, tuple[str, ...]]
    country_of: dict[str, str]
    crossing_mode: dict[str, str]

    @classmethod
    def of(cls, tables: CorridorTables) -> _Known:
        places, crossings = tables.places, tables.crossings
        return cls(
            tables,
            {str(p): tuple(m) for p, m in zip(places.index, places["modes"], strict=True)},
            {str(p): str(c) for p, c in zip(places.index, places["country"], strict=True)},
            {str(c): str(m) for c, m in zip(crossings.index, crossings["mode"], strict=True)},
        )


def _problems(tables: CorridorTables, locate: Locate) -> Iterator[DataError]:
    known = _Known.of(tables)
    yield from _place_problems(known, locate(PLACES))
    yield from _link_problems(known, locate(LINKS))
    yield from _crossing_problems(known, locate(CROSSINGS))
    yield from _regime_problems(known, locate(CROSSING_REGIMES), locate(CROSSINGS))
    yield from _transfer_problems(known, locate(TRANSFERS))
    yield from _service_problems(known, locate(SERVICES))
    yield from _line_problems(known, locate(LINES))
    yield from _direction_problems(tables, locate(DIRECTIONS))


def count_problems(counts: pd.DataFrame, tables: CorridorTables, file: str) -> list[DataError]:
    """What is wrong in an observed-counts table, each naming file:row:field.

    An element id must name a row of the table its `element_kind` points to (crossing, place,
    service or line), so a count never refers to something the dataset lacks.
    """
    elements = {
        "crossing": tables.crossings.index,
        "place": tables.places.index,
        "service": tables.services.index,
        "line": tables.lines.index,
    }
    problems: list[DataError] = []
    for row, count in _rows(counts):
        here = lambda name, r=row: Location(file, r, name)  # noqa: E731
        kind = count["element_kind"]
        found = [
            _one_of(kind, COUNT_ELEMENT_KINDS, "element kind", here("element_kind")),
            _one_of(count["mode"], MODES, "mode", here("mode")),
            _one_of(count["direction"], COUNT_DIRECTIONS, "direction", here("direction")),
            _one_of(count["unit"], COUNT_UNITS, "unit", here("unit")),
            _one_of(count["quality"], COUNT_QUALITIES, "quality grade", here("quality")),
        ]
        if count["counted"]:
            found.append(_one_of(count["counted"], COUNT_COUNTED, "counted", here("counted")))
        if kind in elements and count["element_id"] not in elements[kind]:
            message = f"unknown {kind} {count['element_id']!r}: not in the dataset's {kind} table"
            found.append(DataError(message, here("element_id")))
        problems.extend(error for error in found if error is not None)
    return problems


def _rows(
    frame: pd.DataFrame, suspicious: np.ndarray | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows as dicts with their 1-based numbers; with `suspicious`, only the rows it flags.

    The big tables (places, links) are screened with whole-array tests first, so the row by
    row checks, which word the messages, run only where something is wrong.
    """
    flat = frame.reset_index() if frame.index.name else frame
    if suspicious is None:
        yield from enumerate(flat.to_dict("records"), start=1)
        return
    positions = np.flatnonzero(np.asarray(suspicious, dtype=bool))
    records = flat.iloc[positions].to_dict("records")
    yield from zip((int(p) + 1 for p in positions), records, strict=True)


def _suspicious_places(known: _Known) -> np.ndarray:
    places = known.tables.places
    ids = pd.Series(places.index, index=places.index).astype(str)
    countries = places["country"].astype(str)
    valid_country = countries.map({c: _country(c, Location("")) is None for c in set(countries)})
    valid_country |= (countries == INTERNATIONAL_WATERS) & (places["kind"] == SEA_PASSAGE)
    unlocode_ok = ids.str.fullmatch(UNLOCODE_PATTERN) & (ids.str[:2] == countries)
    return ~(
        valid_country.astype(bool)
        & places["kind"].isin(PLACE_KINDS)
        & places["modes"].map(lambda modes: all(m in MODES for m in modes))
        & places["lat"].between(-90, 90)
        & places["lon"].between(-180, 180)
        & (~places["is_unlocode"] | unlocode_ok)
    ).to_numpy()


def _suspicious_links(known: _Known) -> np.ndarray:
    links = known.tables.links
    served = {f"{p}\x00{m}" for p, modes in known.modes_of.items() for m in modes}
    ends_served = [
        (links[end].astype(str) + "\x00" + links["mode"].astype(str)).isin(served)
        for end in ("from_id", "to_id")
    ]
    return ~(
        ends_served[0]
        & ends_served[1]
        & links["mode"].isin(MODES)
        & links["status"].isin(LINK_STATUSES)
        & (links["from_id"] != links["to_id"])
        & (links["crossing_id"] == "")
        & ((links["capacity_unit"] == "") | links["capacity_unit"].isin(CAPACITY_UNITS))
    ).to_numpy()


def _one_of(value: str, allowed: Iterable[str], what: str, where: Location) -> DataError | None:
    options = tuple(allowed)
    if value in options:
        return None
    return DataError(f"unknown {what} {value!r}; expected one of {', '.join(options)}", where)


def _country(code: str, where: Location) -> DataError | None:
    if len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None:
        return None
    return DataError(f"invalid ISO 3166-1 alpha-2 country code {code!r}", where)


def _place_country(place: dict[str, Any], where: Location) -> DataError | None:
    """A sea passage lies in international waters (XZ); every other place in a country."""
    if place["country"] == INTERNATIONAL_WATERS and place["kind"] == SEA_PASSAGE:
        return None
    return _country(place["country"], where)


def _place_problems(known: _Known, file: str) -> Iterator[DataError]:
    tables = known.tables
    for row, place in _rows(tables.places, _suspicious_places(known)):
        found = [
            _place_country(place, Location(file, row, "country")),
            _one_of(place["kind"], PLACE_KINDS, "place kind", Location(file, row, "kind")),
            *(_one_of(m, MODES, "mode", Location(file, row, "modes")) for m in place["modes"]),
        ]
        yield from (error for error in found if error is not None)
        if not -90 <= place["lat"] <= 90:
            yield DataError(
                f"latitude {place['lat']:g} outside -90..90", Location(file, row, "lat")
            )
        if not -180 <= place["lon"] <= 180:
            yield DataError(
                f"longitude {place['lon']:g} outside -180..180", Location(file, row, "lon")
            )
        if place["is_unlocode"] and not (
            UNLOCODE.match(place["place_id"]) and place["place_id"][:2] == place["country"]
        ):
            yield DataError(
                f"{place['place_id']!r} is marked a UN/LOCODE but is not country + 3 characters",
                Location(file, row, "place_id"),
            )


def _place(known: _Known, place_id: str, where: Location) -> DataError | None:
    if place_id in known.modes_of:
        return None
    return DataError(f"unknown place {place_id!r}", where)


def _served(known: _Known, place_id: str, mode: str, where: Location) -> DataError | None:
    if place_id not in known.modes_of or mode not in MODES:
        return None
    if mode in known.modes_of[place_id]:
        return None
    return DataError(f"place {place_id!r} does not list mode {mode!r} in places.csv modes", where)


def _link_problems(known: _Known, file: str) -> Iterator[DataError]:
    tables = known.tables
    for row, link in _rows(tables.links, _suspicious_links(known)):
        here = lambda name, r=row: Location(file, r, name)  # noqa: E731
        found = [
            _place(known, link["from_id"], here("from_id")),
            _place(known, link["to_id"], here("to_id")),
            _one_of(link["mode"], MODES, "mode", here("mode")),
            _one_of(link["status"], LINK_STATUSES, "status", here("status")),
            _served(known, link["from_id"], link["mode"], here("mode")),
            _served(known, link["to_id"], link["mode"], here("mode")),
        ]
        if link["from_id"] == link["to_id"]:
            found.append(DataError("a link from a place to itself", here("to_id")))
        if link["crossing_id"] and link["crossing_id"] not in known.crossing_mode:
            found.append(
                DataError(f"unknown crossing {link['crossing_id']!r}", here("crossing_id"))
            )
        elif link["crossing_id"]:
            found.append(
                _same_family(known, link["crossing_id"], link["mode"], here("crossing_id"))
            )
        if link["capacity_unit"]:
            found.append(
                _one_of(
                    link["capacity_unit"], CAPACITY_UNITS, "capacity unit", here("capacity_unit")
                )
            )
        yield from (error for error in found if error is not None)


def _family(mode: str) -> str:
    return ModeFamily.RAIL if mode in MODE_FAMILIES[ModeFamily.RAIL] else mode


def _same_family(known: _Known, crossing_id: str, mode: str, where: Location) -> DataError | None:
    crossing_mode = known.crossing_mode[crossing_id]
    if _family(crossing_mode) == _family(mode):
        return None
    return DataError(
        f"a {mode} link cannot pass the {crossing_mode} crossing {crossing_id!r}"
        " (road and rail gates are separate crossings)",
        where,
    )


def _country_matches(
    known: _Known, crossing: dict[str, Any], side: str, where: Location
) -> DataError | None:
    place, country = crossing[f"place_{side}"], crossing[f"country_{side}"]
    expected = known.country_of.get(place)
    if expected is None or expected == country:
        return None
    return DataError(f"{place!r} lies in {expected}, not {country}", where)


def _crossing_problems(known: _Known, file: str) -> Iterator[DataError]:
    tables = known.tables
    for row, crossing in _rows(tables.crossings):
        here = lambda name, r=row: Location(file, r, name)  # noqa: E731
        found = [
            _place(known, crossing["place_a"], here("place_a")),
            _place(known, crossing["place_b"], here("place_b")),
            _country(crossing["country_a"], here("country_a")),
            _country(crossing["country_b"], here("country_b")),
            _one_of(crossing["mode"], MODES, "mode", here("mode")),
            _one_of(
                crossing["capacity_unit"], CAPACITY_UNITS, "capacity unit", here("capacity_unit")
            ),
        ]
        for side in ("a", "b"):
            found.append(_country_matches(known, crossing, side, here(f"country_{side}")))
        for low, high in (
            ("designed_per_day_low", "designed_per_day_high"),
            ("observed_per_day_low", "observed_per_day_high"),
        ):
            if crossing[low] > crossing[high]:  # NaN compares False: blanks pass
                found.append(DataError(f"{low} is above {high}", here(low)))
        yield from (error for error in found if error is not None)


def _regime_problems(known: _Known, file: str, crossings_file: str) -> Iterator[DataError]:
    tables = known.tables
    seen: dict[tuple[str, str], int] = {}
    for row, regime in _rows(tables.crossing_regimes):
        here = lambda name, r=row: Location(file, r, name)  # noqa: E731
        if regime["crossing_id"] not in known.crossing_mode:
            yield DataError(f"unknown crossing {regime['crossing_id']!r}", here("crossing_id"))
        error = _one_of(regime["regime"], regime_names(), "regime", here("regime"))
        if error is not None:
            yield error
        if not regime["min_h"] <= regime["mode_h"] <= regime["max_h"]:
            yield DataError(
                f"needs min_h <= mode_h <= max_h, got {regime['min_h']:g}, {regime['mode_h']:g},"
                f" {regime['max_h']:g}",
                here("mode_h"),
            )
        key = (regime["crossing_id"], regime["regime"])
        if key in seen:
            yield DataError(f"duplicate regime {key} (first on row {seen[key]})", here("regime"))
        seen.setdefault(key, row)
    for row, crossing_id in enumerate(tables.crossings.index, start=1):
        for regime_name in regime_names():
            if (crossing_id, regime_name) not in seen:
                yield DataError(
                    f"crossing {crossing_id!r} has no {regime_name!r} row in crossing_regimes",
                    Location(crossings_file, row, "crossing_id"),
                )


def _transfer_problems(known: _Known, file: str) -> Iterator[DataError]:
    tables = known.tables
    seen: dict[tuple[str, frozenset[str]], int] = {}
    for row, transfer in _rows(tables.transfers):
        here = lambda name, r=row: Location(file, r, name)  # noqa: E731
        pair = (transfer["mode_a"], transfer["mode_b"])
        found = [
            _place(known, transfer["place_id"], here("place_id")),
            _one_of(pair[0], MODES, "mode", here("mode_a")),
            _one_of(pair[1], MODES, "mode", here("mode_b")),
            _one_of(transfer["kind"], TRANSFER_KINDS, "transfer kind", here("kind")),
            _served(known, transfer["place_id"], pair[0], here("mode_a")),
            _served(known, transfer["place_id"], pair[1], here("mode_b")),
        ]
        if pair[0] == pair[1]:
            found.append(DataError("a transfer joins two different modes", here("mode_b")))
        gauge = all(mode in MODE_FAMILIES[ModeFamily.RAIL] for mode in pair)
        if (transfer["kind"] == "gauge_change") != gauge:
            found.append(DataError("gauge_change is the kind for two rail gauges", here("kind")))
        key = (transfer["place_id"], frozenset(pair))
        if key in seen:
            found.append(
                DataError(f"duplicate transfer (first on row {seen[key]})", here("mode_b"))
            )
        seen.setdefault(key, row)
        yield from (error for error in found if error is not None)


def _service_problems(known: _Known, file: str) -> Iterator[DataError]:
    tables = known.tables
    for row, service in _rows(tables.services):
        here = lambda name, r=row: Location(file, r, name)  # noqa: E731
        error = _one_of(service["mode"], MODES, "mode", here("mode"))
        if error is not None:
            yield error
        if len(service["stops"]) < 2:
            yield DataError("a service needs at least two stops", here("stops"))
        if service.get("runs", "") not in SERVICE_RUNS:
            yield DataError(f"runs must be one of {', '.join(SERVICE_RUNS[1:])}", here("runs"))
        for stop in service["stops"]:
            found = _place(known, stop, here("stops")) or _served(
                known, stop, service["mode"], here("stops")
            )
            if found is not None:
                yield found


SERVICE_RUNS = ("", "both", "forward")
"""How a service runs: both ways (blank or `both`), or only in the order of its stops."""


def _direction_problems(tables: CorridorTables, file: str) -> Iterator[DataError]:
    """Each row names a link and one of its ends, once per link and direction."""
    links = tables.links
    seen: dict[tuple[str, str], int] = {}
    for row, direction in _rows(tables.directions):
        here = lambda name, r=row: Location(file, r, name)  # noqa: E731
        link_id, start = str(direction["link_id"]), str(direction["from_id"])
        if link_id not in links.index:
            yield DataError(f"unknown link {link_id!r}", here("link_id"))
            continue
        ends = (str(links.at[link_id, "from_id"]), str(links.at[link_id, "to_id"]))
        if start not in ends:
            yield DataError(
                f"{start!r} is not an end of link {link_id} ({' or '.join(ends)})", here("from_id")
            )
        key = (link_id, start)
        if key in seen:
            yield DataError(f"duplicate direction (first on row {seen[key]})", here("from_id"))
        seen.setdefault(key, row)


def _line_problems(known: _Known, file: str) -> Iterator[DataError]:
    tables = known.tables
    for row, line in _rows(tables.lines):
        here = lambda name, r=row: Location(file, r, name)  # noqa: E731
        if len(line["waypoints"]) < 2:
            yield DataError("a line needs at least two waypoints", here("waypoints"))
        for waypoint in line["waypoints"]:
            error = _place(known, waypoint, here("waypoints"))
            if error is not None:
                yield error
        for mode in line["modes"]:
            error = _one_of(mode, MODES, "mode", here("modes"))
            if error is not None:
                yield error
        error = _one_of(line["status"], LINK_STATUSES, "status", here("status"))
        if error is not None:
            yield error


def cut_off_parts(tables: CorridorTables) -> tuple[tuple[str, ...], ...]:
    """Places outside the largest connected part of the multimodal network, one tuple per part.

    Nodes are (place, mode) pairs joined by links of that mode and by transfers at a place, as
    the routing graph joins them; a place belongs to the part holding any of its nodes.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    places, links, transfers = tables.places, tables.links, tables.transfers
    node_place = [str(p) for p, modes in places["modes"].items() for _ in modes or ("",)]
    node_mode = [str(m) for modes in places["modes"] for m in modes or ("",)]
    heads = [*links["from_id"], *transfers["place_id"]]
    tails = [*links["to_id"], *transfers["place_id"]]
    head_modes = [*links["mode"], *transfers["mode_a"]]
    tail_modes = [*links["mode"], *transfers["mode_b"]]
    keys = pd.Index(
        [f"{p}\x00{m}" for p, m in zip(node_place, node_mode, strict=True)]
        + [f"{p}\x00{m}" for p, m in zip(heads + tails, head_modes + tail_modes, strict=True)]
    ).unique()
    code = pd.Series(np.arange(len(keys)), index=keys)
    a = code.reindex([f"{p}\x00{m}" for p, m in zip(heads, head_modes, strict=True)])
    b = code.reindex([f"{p}\x00{m}" for p, m in zip(tails, tail_modes, strict=True)])
    adjacency = coo_matrix(
        (np.ones(len(a)), (a.to_numpy(dtype=np.int64), b.to_numpy(dtype=np.int64))),
        shape=(len(keys), len(keys)),
    )
    _, label = connected_components(adjacency, directed=False)
    node_places = [key.split("\x00", 1)[0] for key in keys]
    return _parts_by_place(node_places, label)


def _parts_by_place(node_places: list[str], label: np.ndarray) -> tuple[tuple[str, ...], ...]:
    members: dict[int, set[str]] = {}
    for place, part in zip(node_places, label.tolist(), strict=True):
        members.setdefault(part, set()).add(place)
    if len(members) <= 1:
        return ()
    largest = max(members, key=lambda part: len(members[part]))
    main = members[largest]
    parts = [sorted(places - main) for part, places in members.items() if part != largest]
    return tuple(tuple(part) for part in sorted(parts) if part)


def _cut_off_message(part: tuple[str, ...]) -> str:
    return f"network in parts: {', '.join(part)} cannot be reached from the main network"


# Coordinates are good to about 5 km (docs/dataset.md), so a link may look up to 10 km shorter
# than the straight line between its ends; anything shorter is a typo or a unit slip (m, miles).
_COORDINATE_SLACK_KM = 10.0
_EARTH_RADIUS_KM = 6371.0088


def _short_links(tables: CorridorTables, file: str) -> Iterator[str]:
    places, links = tables.places, tables.links
    known = links["from_id"].isin(places.index) & links["to_id"].isin(places.index)
    ends = {
        end: places.reindex(links[end].where(known, places.index[0] if len(places) else ""))
        for end in ("from_id", "to_id")
    }
    crow_km = _haversine_km(
        ends["from_id"]["lat"].to_numpy(),
        ends["from_id"]["lon"].to_numpy(),
        ends["to_id"]["lat"].to_numpy(),
        ends["to_id"]["lon"].to_numpy(),
    )
    length = links["length_km"].to_numpy()
    for position in np.flatnonzero(known.to_numpy() & (length + _COORDINATE_SLACK_KM < crow_km)):
        yield (
            f"{file}:{position + 1}:length_km: link {links.index[int(position)]} is"
            f" {length[position]:g} km long but its ends are {crow_km[position]:.0f} km apart"
            " as the crow flies (a typo or a unit slip?)"
        )


def _dear_gauge_changes(tables: CorridorTables, file: str) -> Iterator[str]:
    """A gauge change dearer than trucking between the two gauges' road transfers at the same
    place invites a router to do just that, by a road loop out of the yard and back."""
    columns = ["place_id", "mode_a", "mode_b", "kind", "time_h", "cost_usd_per_teu"]
    rows = [
        (str(place), str(a), str(b), str(kind), float(hours), float(usd))
        for place, a, b, kind, hours, usd in tables.transfers[columns].to_numpy().tolist()
    ]
    figures = {(place, frozenset((a, b))): (hours, usd) for place, a, b, _, hours, usd in rows}
    for position, (place, a, b, kind, hours, usd) in enumerate(rows, start=1):
        legs = [figures.get((place, frozenset((mode, "road")))) for mode in (a, b)]
        if kind != "gauge_change" or legs[0] is None or legs[1] is None:
            continue
        via = (legs[0][0] + legs[1][0], legs[0][1] + legs[1][1])
        for field_name, mine, theirs in zip(
            ("time_h", "cost_usd_per_teu"), (hours, usd), via, strict=True
        ):
            if mine > theirs:
                yield (
                    f"{file}:{position}:{field_name}: the gauge change at {place} ({mine:g}) is "
                    f"dearer than its two road transfers together ({theirs:g}): routes will "
                    "truck round the yard"
                )


def _haversine_km(
    lat_a: np.ndarray, lon_a: np.ndarray, lat_b: np.ndarray, lon_b: np.ndarray
) -> np.ndarray:
    phi_a, phi_b = np.radians(lat_a), np.radians(lat_b)
    h = (
        np.sin((phi_b - phi_a) / 2) ** 2
        + np.cos(phi_a) * np.cos(phi_b) * np.sin(np.radians(lon_b - lon_a) / 2) ** 2
    )
    return np.asarray(2 * _EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h))))
