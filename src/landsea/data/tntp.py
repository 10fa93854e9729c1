"""Readers for the TNTP test networks (Transportation Networks for Research, Bar-Gera's format).

A TNTP network folder holds `<name>_net.tntp` (links), `<name>_trips.tntp` (an OD matrix) and
often `<name>_flow.tntp` (the best-known equilibrium flows). The files share a metadata block
(`<NUMBER OF ZONES> 24`, ... up to `<END OF METADATA>`), `~` comment lines, and data lines ending
in `;`; the whitespace varies between networks (tabs, runs of spaces, a missing tab before `;`).

Node ids in the files are 1-based. `TntpNetwork.links` keeps them (`init_node`, `term_node`) and
adds the dense 0-based ids the kernels use (`tail`, `head`). Nodes below `<FIRST THRU NODE>` are
zones that traffic may enter and leave but not pass through (`TntpNetwork.blocked_nodes()`).

Bad input raises DataError naming the file, the 1-based line of the file (in `Location.row`)
and the field.

    >>> files = find_tntp_files("tests/fixtures/tntp/braess")          # doctest: +SKIP
    >>> net = read_tntp_network(files.net)                               # doctest: +SKIP
    >>> trips = read_tntp_trips(files.trips, net.zones)                  # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from landsea.errors import DataError, Location

__all__ = [
    "LINK_FIELDS",
    "TntpFiles",
    "TntpNetwork",
    "find_tntp_files",
    "read_tntp_flows",
    "read_tntp_network",
    "read_tntp_trips",
]

#: The ten columns of a `_net.tntp` data line, in file order.
LINK_FIELDS: tuple[str, ...] = (
    "init_node",
    "term_node",
    "capacity",
    "length",
    "free_flow_time",
    "b",
    "power",
    "speed",
    "toll",
    "link_type",
)
_FLOAT_FIELDS = LINK_FIELDS[2:9]
_NON_NEGATIVE_FIELDS = ("capacity", "length", "free_flow_time", "b", "power")
_END_OF_METADATA = "END OF METADATA"
_METADATA_LINE = re.compile(r"^\s*<([^>]+)>(.*)$")


@dataclass(frozen=True)
class TntpNetwork:
    """A TNTP network: its metadata and one row per directed link, in file order.

    `links` columns: init_node, term_node (1-based TNTP ids, int64), tail, head (0-based, int64),
    capacity, length, free_flow_time, b, power, speed, toll (float64), link_type (int64).
    Units are the network's own (see its README); TNTP does not state them in the file.
    """

    name: str
    zones: int
    nodes: int
    first_thru_node: int
    links: pd.DataFrame
    source: str
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def num_links(self) -> int:
        """How many links the file lists."""
        return len(self.links)

    @property
    def tail(self) -> np.ndarray:
        """0-based tail node per link (int64), in file order."""
        return self.links["tail"].to_numpy(dtype=np.int64)

    @property
    def head(self) -> np.ndarray:
        """0-based head node per link (int64), in file order."""
        return self.links["head"].to_numpy(dtype=np.int64)

    @property
    def zone_nodes(self) -> np.ndarray:
        """0-based node ids of the zones (TNTP zones are nodes 1..zones)."""
        return np.arange(self.zones, dtype=np.int64)

    @property
    def blocks_through_traffic(self) -> bool:
        """Whether some zones may not be passed through (<FIRST THRU NODE> above 1)."""
        return self.first_thru_node > 1

    def blocked_nodes(self) -> np.ndarray:
        """Bool mask over 0-based nodes: True where paths may end or start but not pass through."""
        return np.arange(1, self.nodes + 1) < self.first_thru_node


@dataclass(frozen=True)
class TntpFiles:
    """The files of one TNTP network folder; `trips` and `flow` are None where absent."""

    name: str
    net: Path
    trips: Path | None
    flow: Path | None


def find_tntp_files(folder: str | Path) -> TntpFiles:
    """Find `*_net.tntp`, `*_trips.tntp` and `*_flow.tntp` in `folder` (not recursive).

    Raises:
        DataError: no such folder, or no `*_net.tntp` (or several) in it.
    """
    directory = Path(folder)
    if not directory.is_dir():
        raise DataError("not a folder of TNTP files", Location(str(directory)))
    net = _one_file(directory, "net", required=True)
    assert net is not None  # required=True raises instead of returning None
    name = net.name[: -len("_net.tntp")]
    return TntpFiles(
        name=name,
        net=net,
        trips=_one_file(directory, "trips", required=False),
        flow=_one_file(directory, "flow", required=False),
    )


def _one_file(directory: Path, kind: str, *, required: bool) -> Path | None:
    matches = sorted(p for p in directory.glob(f"*_{kind}.tntp") if p.is_file())
    if len(matches) > 1:
        names = ", ".join(p.name for p in matches)
        raise DataError(f"more than one *_{kind}.tntp file: {names}", Location(str(directory)))
    if not matches:
        if required:
            raise DataError(f"no *_{kind}.tntp file in this folder", Location(str(directory)))
        return None
    return matches[0]


# --------------------------------------------------------------------------- network


def read_tntp_network(path: str | Path) -> TntpNetwork:
    """Read a `_net.tntp` file: metadata block, then one link per data line.

    Raises:
        DataError: a missing file or a malformed line (file and line named).
    """
    file = Path(path)
    lines = _read_lines(file)
    metadata, body_start = _parse_metadata(file, lines)
    zones = _metadata_int(file, metadata, "NUMBER OF ZONES")
    nodes = _metadata_int(file, metadata, "NUMBER OF NODES")
    first_thru = _metadata_int(file, metadata, "FIRST THRU NODE")
    declared_links = _metadata_int(file, metadata, "NUMBER OF LINKS")
    _check_sizes(file, zones, nodes, first_thru)
    links = _links_fast(lines[body_start:], nodes)
    if links is None:
        links = _parse_links(file, lines, body_start, nodes)
    if len(links) != declared_links:
        raise DataError(
            f"<NUMBER OF LINKS> says {declared_links} but the file has {len(links)} link lines",
            Location(str(file), field="NUMBER OF LINKS"),
        )
    return TntpNetwork(
        name=file.name.removesuffix(".tntp").removesuffix("_net"),
        zones=zones,
        nodes=nodes,
        first_thru_node=first_thru,
        links=links,
        source=str(file),
        metadata={key: value for key, (value, _) in metadata.items()},
    )


def _check_sizes(file: Path, zones: int, nodes: int, first_thru: int) -> None:
    if nodes < 1:
        raise DataError("must be at least 1", Location(str(file), field="NUMBER OF NODES"))
    if not 0 <= zones <= nodes:
        raise DataError(
            f"{zones} zones but {nodes} nodes", Location(str(file), field="NUMBER OF ZONES")
        )
    if not 1 <= first_thru <= nodes + 1:
        raise DataError(
            f"{first_thru} is outside 1..{nodes + 1}",
            Location(str(file), field="FIRST THRU NODE"),
        )


def _links_fast(body_lines: list[str], nodes: int) -> pd.DataFrame | None:
    """All links at once with numpy; None at the first irregularity, for `_parse_links` to name.

    Converting field by field in Python took about 5 us a link (0.4 s for a 75,000-link
    network); this is several times faster and gives the same frame for any file it accepts.
    """
    rows = [line.strip().removesuffix(";") for line in body_lines]
    rows = [row for row in rows if row and not row.startswith("~")]
    width = len(LINK_FIELDS)
    if any(len(row.split()) != width for row in rows):
        return None
    try:
        table = np.array(" ".join(rows).split(), dtype=np.float64).reshape(-1, width)
    except ValueError:
        return None
    ids = table[:, [0, 1, 9]]
    non_negative = table[:, [LINK_FIELDS.index(name) for name in _NON_NEGATIVE_FIELDS]]
    if not (
        np.isfinite(table).all()
        and (ids == np.round(ids)).all()
        and ((table[:, :2] >= 1) & (table[:, :2] <= nodes)).all()
        and (non_negative >= 0).all()
    ):
        return None
    return _links_frame({name: table[:, i] for i, name in enumerate(LINK_FIELDS)})


def _parse_links(file: Path, lines: list[str], start: int, nodes: int) -> pd.DataFrame:
    columns: dict[str, list[float]] = {name: [] for name in LINK_FIELDS}
    for index in range(start, len(lines)):
        tokens = _data_tokens(lines[index])
        if tokens is None:
            continue
        line_no = index + 1
        if len(tokens) != len(LINK_FIELDS):
            raise DataError(
                f"expected {len(LINK_FIELDS)} fields ({', '.join(LINK_FIELDS)}), "
                f"found {len(tokens)}",
                Location(str(file), line_no),
            )
        for name, token in zip(LINK_FIELDS, tokens, strict=True):
            columns[name].append(_link_value(file, line_no, name, token, nodes))
    return _links_frame(columns)


def _link_value(file: Path, line_no: int, name: str, token: str, nodes: int) -> float:
    value = _number(file, line_no, name, token)
    if name in ("init_node", "term_node", "link_type"):
        if value != int(value):
            raise DataError(f"{token!r} is not an integer", Location(str(file), line_no, name))
        if name != "link_type" and not 1 <= value <= nodes:
            raise DataError(
                f"node {token} is outside 1..{nodes} (<NUMBER OF NODES>)",
                Location(str(file), line_no, name),
            )
    elif name in _NON_NEGATIVE_FIELDS and value < 0:
        raise DataError(f"{token} is negative", Location(str(file), line_no, name))
    return value


def _links_frame(columns: dict[str, Any]) -> pd.DataFrame:
    init_node = np.asarray(columns["init_node"], dtype=np.int64)
    term_node = np.asarray(columns["term_node"], dtype=np.int64)
    frame: dict[str, np.ndarray] = {
        "init_node": init_node,
        "term_node": term_node,
        "tail": init_node - 1,
        "head": term_node - 1,
    }
    for name in _FLOAT_FIELDS:
        frame[name] = np.asarray(columns[name], dtype=np.float64)
    frame["link_type"] = np.asarray(columns["link_type"], dtype=np.int64)
    return pd.DataFrame(frame)


# --------------------------------------------------------------------------- trips

_ORIGIN = re.compile(r"^\s*Origin\b\s*(\S*)\s*$")
_PAIR = re.compile(r"(\S+?)[ \t]*:[ \t]*([^;\s]+)[ \t]*;?")


def read_tntp_trips(path: str | Path, zones: int) -> np.ndarray:
    """Read a `_trips.tntp` file into a dense zones x zones float64 matrix (origin, destination).

    `zones` is the network's zone count; the file's <NUMBER OF ZONES> must agree. Missing pairs
    are 0; a pair given twice, a negative or non-finite volume, or a zone outside 1..zones is an
    error naming the line.

    Raises:
        DataError: a missing file or a malformed entry (file and line named).
    """
    file = Path(path)
    lines = _read_lines(file)
    metadata, body_start = _parse_metadata(file, lines)
    declared = _metadata_int(file, metadata, "NUMBER OF ZONES")
    if declared != zones:
        raise DataError(
            f"the trips file has {declared} zones but the network has {zones}",
            Location(str(file), metadata["NUMBER OF ZONES"][1], "NUMBER OF ZONES"),
        )
    fast = _trips_fast(lines[body_start:], zones)
    return fast if fast is not None else _trips_by_line(file, lines, body_start, zones)


_ORIGIN_BLOCK = re.compile(r"^[ \t]*Origin[ \t]+(\d+)[ \t]*$", re.MULTILINE)
_PAIR_PUNCTUATION = str.maketrans(":;", "  ")
# A block of nothing but well-formed pairs; unambiguous, so a bad block fails without backtracking.
_CLEAN_BLOCK = re.compile(r"[\s;]*(?:\d+[ \t]*:[ \t]*[0-9.eE+-]+[ \t]*;[\s;]*)*")


def _trips_fast(body_lines: list[str], zones: int) -> np.ndarray | None:
    """The whole matrix with a few regex passes and numpy; None at the first irregularity.

    Reading ChicagoSketch's 150,000 pairs line by line took a quarter of a second; this takes a
    fraction of that. Anything it does not recognise (a stray token, a missing `;`, a bad value,
    a duplicate pair) hands over to the line-by-line reader, which names the line.
    """
    body = "\n".join(line for line in body_lines if not line.lstrip().startswith("~"))
    headers = list(_ORIGIN_BLOCK.finditer(body))
    if not headers or body[: headers[0].start()].strip():
        return None
    counts: list[int] = []
    tokens: list[str] = []  # destination, volume, destination, volume, ... over all blocks
    for number, header in enumerate(headers):
        end = headers[number + 1].start() if number + 1 < len(headers) else len(body)
        block = body[header.end() : end]
        if _CLEAN_BLOCK.fullmatch(block) is None:
            return None
        found = block.translate(_PAIR_PUNCTUATION).split()  # a clean block: numbers in pairs
        counts.append(len(found) // 2)
        tokens.extend(found)
    try:
        numbers = np.array(tokens, dtype=np.float64).reshape(-1, 2)
    except ValueError:
        return None
    heads = np.array([int(h.group(1)) - 1 for h in headers], dtype=np.int64)
    origin = np.repeat(heads, counts)
    destination = numbers[:, 0].astype(np.int64) - 1
    volume = numbers[:, 1]
    in_range = (origin >= 0) & (origin < zones) & (destination >= 0) & (destination < zones)
    if not (in_range.all() and np.isfinite(volume).all() and (volume >= 0).all()):
        return None
    cells = origin * zones + destination
    if cells.size and np.bincount(cells, minlength=zones * zones).max() > 1:
        return None
    matrix = np.zeros(zones * zones, dtype=np.float64)
    matrix[cells] = volume
    return matrix.reshape(zones, zones)


def _trips_by_line(file: Path, lines: list[str], body_start: int, zones: int) -> np.ndarray:
    """The careful reader: line by line, raising DataError at the first bad line."""
    matrix = np.zeros((zones, zones), dtype=np.float64)
    seen = np.zeros((zones, zones), dtype=bool)
    origin: int | None = None
    for index in range(body_start, len(lines)):
        raw = lines[index]
        stripped = raw.strip()
        if not stripped or stripped.startswith("~"):
            continue
        line_no = index + 1
        header = _ORIGIN.match(raw)
        if header is not None:
            origin = _zone(file, line_no, "origin", header.group(1), zones)
        elif origin is None:
            raise DataError("data before the first 'Origin' line", Location(str(file), line_no))
        else:
            _read_trip_line(file, line_no, raw, origin, matrix, seen)
    return matrix


def _read_trip_line(
    file: Path, line_no: int, raw: str, origin: int, matrix: np.ndarray, seen: np.ndarray
) -> None:
    """One line of `destination : volume;` pairs for `origin`."""
    position = 0
    for pair in _PAIR.finditer(raw):
        if raw[position : pair.start()].strip(" \t;"):
            break
        position = pair.end()
        destination = _zone(file, line_no, "destination", pair.group(1), matrix.shape[0])
        volume = _number(file, line_no, "volume", pair.group(2))
        if volume < 0:
            raise DataError(f"{pair.group(2)} is negative", Location(str(file), line_no, "volume"))
        if seen[origin, destination]:
            raise DataError(
                f"origin {origin + 1} to destination {destination + 1} is given twice",
                Location(str(file), line_no, "destination"),
            )
        seen[origin, destination] = True
        matrix[origin, destination] = volume
    rest = raw[position:].strip(" \t;")
    if rest:
        raise DataError(
            f"cannot read {rest[:40]!r}; expected 'destination : volume;' pairs",
            Location(str(file), line_no),
        )


def _zone(file: Path, line: int, field_name: str, token: str, zones: int) -> int:
    value = _number(file, line, field_name, token)
    if value != int(value) or not 1 <= value <= zones:
        raise DataError(
            f"{token!r} is not a zone in 1..{zones}", Location(str(file), line, field_name)
        )
    return int(value) - 1


# --------------------------------------------------------------------------- flows

FLOW_FIELDS: tuple[str, ...] = ("from", "to", "volume", "cost")


def read_tntp_flows(path: str | Path) -> pd.DataFrame:
    """Read a `_flow.tntp` file (best-known link flows): columns from, to (1-based), volume, cost.

    The file has a header line `From To Volume Cost` and no metadata block; rows keep file order,
    which matches the `_net.tntp` link order in the published networks.

    Raises:
        DataError: a missing file or a malformed line (file and line named).
    """
    file = Path(path)
    lines = _read_lines(file)
    rows: dict[str, list[float]] = {name: [] for name in FLOW_FIELDS}
    header_seen = False
    for index, raw in enumerate(lines):
        tokens = _data_tokens(raw)
        if tokens is None:
            continue
        if not header_seen and tokens[0].lower() == "from":
            header_seen = True
            continue
        if len(tokens) != len(FLOW_FIELDS):
            raise DataError(
                f"expected 4 fields (from, to, volume, cost), found {len(tokens)}",
                Location(str(file), index + 1),
            )
        for name, token in zip(FLOW_FIELDS, tokens, strict=True):
            rows[name].append(_number(file, index + 1, name, token))
    return pd.DataFrame(
        {
            "from": np.asarray(rows["from"], dtype=np.int64),
            "to": np.asarray(rows["to"], dtype=np.int64),
            "volume": np.asarray(rows["volume"], dtype=np.float64),
            "cost": np.asarray(rows["cost"], dtype=np.float64),
        }
    )


# --------------------------------------------------------------------------- shared


def _read_lines(file: Path) -> list[str]:
    try:
        text = file.read_text(encoding="utf-8-sig", errors="replace")  # -sig: a BOM is no tag
    except FileNotFoundError:
        raise DataError("file not found", Location(str(file))) from None
    except IsADirectoryError:
        raise DataError("is a folder, expected a .tntp file", Location(str(file))) from None
    except OSError as err:  # permissions, a vanished mount: still a message, not a traceback
        raise DataError(f"cannot read: {err.strerror or err}", Location(str(file))) from None
    return text.splitlines()


def _parse_metadata(file: Path, lines: list[str]) -> tuple[dict[str, tuple[str, int]], int]:
    """Tags up to <END OF METADATA> as {TAG: (value, line_no)}; returns where the body starts."""
    metadata: dict[str, tuple[str, int]] = {}
    for index, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped or stripped.startswith("~"):
            continue
        match = _METADATA_LINE.match(raw)
        if match is None:
            raise DataError(
                f"expected a <TAG> metadata line or <{_END_OF_METADATA}>, found {stripped[:40]!r}",
                Location(str(file), index + 1),
            )
        tag = match.group(1).strip().upper()
        if tag == _END_OF_METADATA:
            return metadata, index + 1
        metadata[tag] = (match.group(2).strip(), index + 1)
    raise DataError(f"no <{_END_OF_METADATA}> line", Location(str(file)))


def _metadata_int(file: Path, metadata: dict[str, tuple[str, int]], tag: str) -> int:
    if tag not in metadata:
        raise DataError(f"missing <{tag}> in the metadata", Location(str(file), field=tag))
    text, line = metadata[tag]
    try:
        return int(text.replace(";", " ").split()[0])  # some files end metadata lines in ';'
    except (ValueError, IndexError):
        raise DataError(f"{text!r} is not an integer", Location(str(file), line, tag)) from None


def _data_tokens(raw: str) -> list[str] | None:
    """The whitespace-separated fields of a data line, without its `;`; None for blank/comment."""
    stripped = raw.strip()
    if not stripped or stripped.startswith("~"):
        return None
    stripped = stripped.removesuffix(";").strip()
    return stripped.split() if stripped else None


def _number(file: Path, line: int, field_name: str, token: str) -> float:
    try:
        value = float(token)
    except ValueError:
        raise DataError(
            f"{token!r} is not a number", Location(str(file), line, field_name)
        ) from None
    if not math.isfinite(value):
        raise DataError(f"{token!r} is not finite", Location(str(file), line, field_name))
    return value
