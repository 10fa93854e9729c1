"""The dataset's figures that docs/dataset.md shows, made from the tables (so they cannot drift).

Each block is markdown between `<!-- figures: NAME -->` and `<!-- /figures -->` in the page.
`python -m landsea.data.docs_tables docs/dataset.md` rewrites the blocks from the bundled tables;
`--check` says which differ (exit 1) and writes nothing. `tests/data/test_docs_figures.py` runs
the check, so a change of the data that leaves the page behind fails the suite.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from landsea.data.bundled import load_corridor, load_counts
from landsea.data.demand import baseline_demand
from landsea.data.demand.growth import growth_rates
from landsea.data.tables import CorridorTables
from landsea.markdown import markdown_table

_BLOCK = re.compile(
    r"(<!-- figures: (?P<name>[a-z_]+) -->\n)(?P<body>.*?)(<!-- /figures -->)", re.S
)


def rows_table(tables: CorridorTables) -> str:
    """How many rows each bundled table holds, and what it holds."""
    places = tables.places
    made_up = int((~places["is_unlocode"] & (places["country"] != "XZ")).sum())
    passages = int((places["country"] == "XZ").sum())
    gauge = int((tables.transfers["kind"] == "gauge_change").sum())
    rows = [
        (
            "places.csv",
            len(places),
            f"UN/LOCODE places ({made_up} made-up codes, `is_unlocode = no`; {passages} sea "
            "passages in international waters, `XZ`), kind, modes served, aliases",
        ),
        (
            "links.csv",
            len(tables.links),
            "links by mode with length, optional speed and tariff, status, "
            "opening year, crossing (one row both ways)",
        ),
        (
            "link_directions.csv",
            len(tables.directions),
            "what differs by direction on a link: speed, tariff",
        ),
        (
            "crossings.csv",
            len(tables.crossings),
            "border crossings: places, countries, designed "
            "figure, observed traffic, the one capacity, gate hours",
        ),
        (
            "crossing_regimes.csv",
            len(tables.crossing_regimes),
            "four regimes per crossing: triangular process time (h) and cost per TEU",
        ),
        (
            "transfers.csv",
            len(tables.transfers),
            f"mode changes at a place (incl. {gauge} gauge changes): time, cost, capacity",
        ),
        (
            "services.csv",
            len(tables.services),
            "scheduled services: departures a week each way "
            "(the boarding wait, the capacity with TEU a departure), one-way or both",
        ),
        (
            "lines.csv",
            len(tables.lines),
            "the paper's lines (footnotes 7 and 8) as waypoints, with the paper's km",
        ),
        (
            "counts.csv",
            len(load_counts(tables)),
            "observed counts (crossings, ports, services) by year and direction, source, "
            "grade A-C, `held_out`, `counted` (all or loaded units; read apart: `load_counts`)",
        ),
        (
            "demand/baseline.csv",
            len(baseline_demand(tables.places)),
            "baseline demand, TEU a "
            "year by origin, destination, commodity, base year (2018-19), derivation step",
        ),
        (
            "demand/growth.csv",
            len(growth_rates()),
            "trade growth a year by partner country and "
            "commodity over a span of years, each with its source",
        ),
    ]
    cells: list[tuple[str, object, str]] = [(f"`{name}`", n, what) for name, n, what in rows]
    cells.append(
        (
            "`parameters.toml`",
            "",
            "mode costs, CO2, speeds, frequencies; commodities; carbon price; loading; P90",
        )
    )
    return markdown_table(("table", "rows", "what"), cells) + "\n"


def gauge_changes_table(tables: CorridorTables) -> str:
    """Every gauge change: place, gauges, time, cost, capacity (from transfers.csv)."""
    names = tables.places["name"]
    rows = []
    changes = tables.transfers[tables.transfers["kind"] == "gauge_change"]
    for _, row in changes.iterrows():
        gauges = "/".join(str(m).removeprefix("rail_") for m in (row["mode_a"], row["mode_b"]))
        capacity = row["capacity_teu_per_day"]
        shown = "" if capacity != capacity else f"{capacity:,.0f}"  # NaN: not known
        place = f"{names[row['place_id']]} {row['place_id']}"
        rows.append((place, gauges, f"{row['time_h']:g} h", f"{row['cost_usd_per_teu']:g}", shown))
    header = ("place", "gauges", "time", "USD per TEU", "TEU a day")
    return markdown_table(header, rows) + "\n"


def services_table(tables: CorridorTables) -> str:
    """Every service: departures a week, the ways it runs, scheduled time."""
    rows = []
    for _, row in tables.services.iterrows():
        runs = str(row.get("runs") or "both")
        hours = row["scheduled_time_h"]
        shown = "" if hours != hours else f"{hours:g}"
        rows.append((row["name"], row["mode"], f"{row['departures_per_week']:g}", runs, shown))
    header = ("service", "mode", "departures a week", "runs", "scheduled h")
    return markdown_table(header, rows) + "\n"


BLOCKS: dict[str, Callable[[CorridorTables], str]] = {
    "dataset_rows": rows_table,
    "gauge_changes": gauge_changes_table,
    "services": services_table,
}


def refreshed(text: str, tables: CorridorTables) -> str:
    """`text` with every known block made anew from `tables`."""

    def fill(found: re.Match[str]) -> str:
        make = BLOCKS.get(found.group("name"))
        body = make(tables) if make is not None else found.group("body")
        return found.group(1) + body + found.group(4)

    return _BLOCK.sub(fill, text)


def stale_blocks(text: str, tables: CorridorTables) -> list[str]:
    """Names of the blocks in `text` whose figures differ from `tables`'."""
    return [
        found.group("name")
        for found in _BLOCK.finditer(text)
        if found.group("name") in BLOCKS
        and BLOCKS[found.group("name")](tables) != found.group("body")
    ]


def main(argv: list[str]) -> int:
    """`python -m landsea.data.docs_tables [--check] PAGE`: rewrite (or check) the blocks."""
    check = "--check" in argv
    pages = [Path(a) for a in argv if a != "--check"]
    if not pages:
        print(
            "usage: python -m landsea.data.docs_tables [--check] docs/dataset.md", file=sys.stderr
        )
        return 2
    tables = load_corridor()
    stale = False
    for page in pages:
        text = page.read_text(encoding="utf-8")
        names = stale_blocks(text, tables)
        if check:
            for name in names:
                print(f"{page}: block {name} differs from the data", file=sys.stderr)
            stale = stale or bool(names)
        elif names:
            page.write_text(refreshed(text, tables), encoding="utf-8")
            print(f"{page}: {', '.join(names)} rewritten")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
