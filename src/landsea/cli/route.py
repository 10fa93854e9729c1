"""Corridor commands: `lines`, `route`, `tcd`, `report`.

JSON output is documented in docs/cli-json.md and kept stable.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from landsea.cli.output import console, print_json
from landsea.regimes import STANDARD_NAME, regime_names
from landsea.vocabulary import Commodity, Mode, ModeFamily, Objective, choices

FROM = Annotated[str, typer.Argument(help="Origin: UN/LOCODE, alias or name (any case).")]
TO = Annotated[str, typer.Argument(help="Destination: UN/LOCODE, alias or name.")]
BY = Annotated[str, typer.Option("--by", help=f"What to minimise: {choices(Objective)}.")]
COMMODITY = Annotated[
    str, typer.Option(help=f"Commodity class (value of time): {choices(Commodity)}.")
]
AVOID_COUNTRY = Annotated[
    list[str] | None, typer.Option("--avoid-country", help="ISO 3166 code; repeatable.")
]
AVOID_MODE = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid-mode", help=f"Mode or family: {choices((*Mode, *ModeFamily))}; repeatable."
    ),
]
AVOID_CROSSING = Annotated[
    list[str] | None, typer.Option("--avoid-crossing", help="Crossing id or border place.")
]
AVOID_PASSAGE = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid-passage",
        help="Sea passage closed to ships, by name or id (Strait of Malacca, Singapore Strait, "
        "Gulf of Thailand, Sunda Strait, Lombok Strait); repeatable.",
    ),
]
YEAR = Annotated[int | None, typer.Option(help="Network of this year: planned links open.")]
REGIME = Annotated[str, typer.Option(help=f"Regime at crossings: {choices(regime_names())}.")]
REGIME_AT = Annotated[
    list[str] | None,
    typer.Option(
        "--regime-at",
        help="CROSSING=REGIME for one crossing (id or border place), overriding --regime; "
        "repeatable.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add the corridor commands to the top-level app."""
    app.command("lines")(lines)
    app.command("route")(route)
    app.command("tcd")(tcd)
    app.command("report")(report)


def lines(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every line of the paper: modelled km against the paper's km, modes, crossings."""
    from landsea.cli.route_views import lines_table
    from landsea.network import corridor_network
    from landsea.routing.lines import model_lines

    results = model_lines(corridor_network())
    if as_json:
        print_json({"lines": [r.to_dict() for r in results]})
    else:
        console().print(lines_table(results))


def route(
    origin: FROM,
    destination: TO,
    by: BY = Objective.GENERALIZED,
    commodity: COMMODITY = Commodity.ELECTRONICS,
    pareto: Annotated[bool, typer.Option(help="The Pareto set over time, cost, CO2.")] = False,
    reliability: Annotated[bool, typer.Option(help="P90 time as a 4th criterion.")] = False,
    k: Annotated[int, typer.Option(min=1, max=20, help="k distinct alternatives.")] = 1,
    avoid_country: AVOID_COUNTRY = None,
    avoid_mode: AVOID_MODE = None,
    avoid_crossing: AVOID_CROSSING = None,
    avoid_passage: AVOID_PASSAGE = None,
    year: YEAR = None,
    regime: REGIME = STANDARD_NAME,
    regime_at: REGIME_AT = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    geojson: Annotated[Path | None, typer.Option(help="Write the routes as GeoJSON.")] = None,
) -> None:
    """Route a TEU from FROM to TO, explained leg by leg."""
    from landsea.cli.route_views import routes_view
    from landsea.network import corridor_network
    from landsea.routing import RouteRequest, k_routes, pareto_routes
    from landsea.routing.geojson import routes_geojson

    network = corridor_network()
    request = RouteRequest(
        origin, destination, by=by, commodity=commodity,
        avoid_countries=tuple(avoid_country or ()), avoid_modes=tuple(avoid_mode or ()),
        avoid_crossings=tuple(avoid_crossing or ()), avoid_passages=tuple(avoid_passage or ()),
        year=year, regime=regime, regime_by_crossing=parse_regime_at(regime_at or []),
    )  # fmt: skip
    wide = pareto or reliability
    found = pareto_routes(network, request, reliability=reliability) if wide else None
    found = found or k_routes(network, request, k)
    if geojson is not None:
        _write_json(geojson, routes_geojson(network, found))
    if as_json:
        print_json({"request": asdict(request), "routes": [r.to_dict() for r in found]})
    else:
        routes_view(network, found, request)


def tcd(
    origin: FROM,
    destination: TO,
    k: Annotated[int, typer.Option(min=1, max=10, help="Routes: k alternatives.")] = 3,
    pareto: Annotated[bool, typer.Option(help="Routes: the Pareto set.")] = True,
    commodity: COMMODITY = Commodity.ELECTRONICS,
    regime: REGIME = STANDARD_NAME,
    year: YEAR = None,
    plot: Annotated[Path | None, typer.Option(help="Write the chart (.png or .svg).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Time/cost-distance along routes from FROM to TO (UNESCAP method)."""
    from landsea.cli.route_views import tcd_view
    from landsea.network import corridor_network
    from landsea.routing import RouteRequest, k_routes, pareto_routes
    from landsea.routing.tcd import plot_tcd, tcd_table

    network = corridor_network()
    request = RouteRequest(origin, destination, commodity=commodity, regime=regime, year=year)
    found = pareto_routes(network, request) if pareto else k_routes(network, request, k)
    table = tcd_table(found)
    if plot is not None:
        ends = (network.place_name(found[0].origin), network.place_name(found[0].destination))
        plot_tcd(table, plot, f"{ends[0]} to {ends[1]}")
    if as_json:
        print_json({"routes": [r.summary() for r in found], "tcd": table.to_dict("records")})
    else:
        tcd_view(table, plot)


def report(
    out: Annotated[Path, typer.Option(help="Folder to write the report into.")] = Path("out"),
) -> None:
    """The corridor report: every paper line, Pareto options to six capitals, TCD charts."""
    from landsea.network import corridor_network
    from landsea.scenarios.report import write_report

    index = write_report(corridor_network(), out, console())
    console().print(f"[bold green]Report written:[/] {index.resolve()}")


def parse_regime_at(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    """`["Pingxiang=single_window"]` -> `(("Pingxiang", "single_window"),)`."""
    from landsea.errors import DataError

    parsed: list[tuple[str, str]] = []
    for pair in pairs:
        crossing, sep, regime = pair.partition("=")
        if not sep or not crossing.strip() or not regime.strip():
            raise DataError(f"--regime-at {pair!r}: write CROSSING=REGIME")
        parsed.append((crossing.strip(), regime.strip()))
    return tuple(parsed)


def _write_json(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)  # nothing half-written
