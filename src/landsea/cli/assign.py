"""`landsea assign` (freight on the corridor) and `landsea demand show`.

`landsea assign --json` prints (stable): algorithm, year, converged, iterations, relative_gap,
relative_change (logit), objective (frank-wolfe, msa), mode_shares (mode, teu_per_year,
teu_km_per_year, share_teu, share_teu_km),
crossings (crossing_id, mode, unit, teu_per_day_a_to_b, teu_per_day_b_to_a,
loaded_trips_per_day, trips_per_day, empty_trips_per_day, capacity_per_day, scheduled_per_day,
designed_per_day, observed_per_day_high, utilisation, utilisation_designed, utilisation_observed),
terminals (terminal, teu_per_day, capacity_teu_per_day, utilisation, delay_h), links,
mode_shares_by_pair, backhaul (per pair), lines (per paper line), chongqing_shuttles, unreachable,
network_totals (mode, country, teu_km_per_year, vehicle, vehicle_km_per_year,
charges_usd_per_year, co2_t_per_year: `scenarios.totals`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from landsea.regimes import STANDARD_NAME, regime_names
from landsea.vocabulary import choices

demand_app = typer.Typer(no_args_is_help=True, help="Freight demand tables.")


def register(app: typer.Typer) -> None:
    """Add `assign` and the `demand` group to the top-level app."""
    app.command("assign")(assign)
    app.add_typer(demand_app, name="demand")


def _algorithm_help() -> str:
    from landsea.assignment.algorithms import algorithm_names

    return f"Equilibrium algorithm: {algorithm_names('corridor')}."


AlgorithmOption = Annotated[str, typer.Option(help=_algorithm_help())]
GapOption = Annotated[
    float, typer.Option(help="Target: flow change (logit) or relative gap (the others).")
]
YearOption = Annotated[
    int | None,
    typer.Option(
        help="Year: planned links open, and the bundled demand grows to it by the sourced "
        "trade growth rates (a --demand file is taken as given)."
    ),
]
RegimeOption = Annotated[str, typer.Option(help=f"Crossing regime: {choices(regime_names())}.")]
CurvesOption = Annotated[
    Path | None,
    typer.Option(help="Crossing delay curves (CSV of `landsea simulate curves`) instead of BPR."),
]
CompareOption = Annotated[
    list[int] | None,
    typer.Option(help="Only mode shares, for each of these years (repeatable): CLR effect."),
]
DemandOption = Annotated[
    Path | None, typer.Option(help="Demand file (.csv or .omx); default: the baseline.")
]


def assign(
    demand: DemandOption = None,
    algorithm: AlgorithmOption = "logit",
    gap: GapOption = 2e-3,
    year: YearOption = None,
    regime: RegimeOption = STANDARD_NAME,
    max_iterations: Annotated[int, typer.Option(help="Iteration limit.")] = 300,
    allow_unconverged: Annotated[bool, typer.Option(help="Report instead of exit 4.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    geojson: Annotated[Path | None, typer.Option(help="Write link loads as GeoJSON.")] = None,
    delay_curves: CurvesOption = None,
    compare_year: CompareOption = None,
) -> None:
    """Assign freight demand on the corridor: crossing loads, mode shares, backhaul."""
    from landsea.assignment.multimodal_problem import CapacitySettings
    from landsea.network import corridor_network
    from landsea.scenarios.studies.backhaul import shuttle_study
    from landsea.scenarios.studies.railway import clr_comparison

    network = corridor_network()
    table = _demand_table(demand, network.tables, None if compare_year else year)
    settings: dict[str, Any] = {
        "algorithm": algorithm,
        "gap": gap,
        "max_iterations": max_iterations,
        "allow_unconverged": allow_unconverged,
        "capacity": CapacitySettings(curves=_curves(delay_curves)) if delay_curves else None,
    }
    if compare_year:
        _print_years(clr_comparison(network, table, tuple(compare_year), regime, **settings), json)
        return
    study = shuttle_study(network, table, year=year, regime=regime, **settings)
    if geojson is not None:
        _write_geojson(geojson, network.tables, study.assignment.links)
    _report(study, network, settings["capacity"], json)


def _report(study: Any, network: Any, capacity: Any, as_json: bool) -> None:
    """The assignment with its network totals (`scenarios.totals`), as JSON or tables."""
    from landsea.scenarios.totals import network_totals

    totals = network_totals(study.assignment, network, capacity)
    if as_json:
        from landsea.cli.output import print_json

        print_json({**study.to_dict(), "network_totals": totals.to_dict("records")})
        return
    _print_assignment(study, network)
    print_network_totals(totals)


def print_network_totals(totals: Any) -> None:
    """TEU-km, vehicle-km, charges and CO2 a year by mode and country (millions)."""
    from landsea.cli.output import console

    rows = (
        (
            str(r["mode"]),
            str(r["country"]),
            f"{r['teu_km_per_year'] / 1e6:,.1f}",
            f"{r['vehicle_km_per_year'] / 1e6:,.2f} {r['vehicle']}-km" if r["vehicle"] else "-",
            f"{r['charges_usd_per_year'] / 1e6:,.1f}",
            f"{r['co2_t_per_year'] / 1e3:,.1f}",
        )
        for r in totals.to_dict("records")
    )
    columns = ("mode", "country", "M TEU-km", "M vehicle-km", "USD M charges", "kt CO2")
    console().print(_table("network totals a year by mode and country", columns, rows))


def _print_years(shares: Any, as_json: bool) -> None:
    """Mode shares by year (the China-Laos Railway from its opening year, 2021)."""
    from rich.table import Table

    from landsea.cli.output import console, print_json

    if as_json:
        print_json(shares.to_dict("records"))
        return
    view = Table(
        "year", "CLR", "mode", "TEU/yr", "share TEU", "share TEU-km", title="mode shares by year"
    )
    for row in shares.itertuples(index=False):
        view.add_row(
            str(row.year),
            "yes" if row.clr else "no",
            row.mode,
            f"{row.teu_per_year:,.0f}",
            f"{row.share_teu:.1%}",
            f"{row.share_teu_km:.1%}",
        )
    console().print(view)


def _curves(path: Path) -> Any:
    from landsea.assignment.delay import curves_from_table
    from landsea.data.delay_curves import read_delay_curves

    return curves_from_table(read_delay_curves(path), str(path))


def _demand_table(path: Path | None, tables: Any, year: int | None) -> Any:
    """A --demand file as given; else the bundled baseline grown to `year` (None: as derived)."""
    from landsea.data.demand import demand_for_year, place_lookup, read_demand
    from landsea.vocabulary import COMMODITIES

    if path is None:
        return demand_for_year(year, tables.places)
    return read_demand(str(path), place_lookup(tables.places), COMMODITIES)


def _write_geojson(path: Path, tables: Any, links: Any) -> None:
    """Link loads as LineString features between the link's end places (lon, lat)."""
    import json as json_lib
    import os

    places = tables.places
    features = []
    for row in links.itertuples(index=False):
        link = tables.links.loc[row.link_id]
        ends = [places.loc[link["from_id"]], places.loc[link["to_id"]]]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[float(p["lon"]), float(p["lat"])] for p in ends],
                },
                "properties": {
                    "link_id": row.link_id,
                    "mode": row.mode,
                    "teu_per_day": float(row.teu_per_day),
                    "teu_km_per_day": float(row.teu_km_per_day),
                    "crossing_id": str(link["crossing_id"] or ""),
                },
            }
        )
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json_lib.dumps({"type": "FeatureCollection", "features": features}))
    os.replace(partial, path)


def _convergence(result: Any) -> str:
    """What the iterations converged on. A logit assignment stops on the flow change; its gap
    to a user equilibrium stays above zero by design (it spreads flow over dearer routes), so
    the gap is printed as that, not as a residual next to 'converged'."""
    gap = f"{result.relative_gap:.3g}"
    if result.relative_change is None:
        return f"relative gap {gap}"
    return (
        f"flow change {result.relative_change:.2g}; relative gap to a user equilibrium {gap}, "
        "above zero by design: a logit choice spreads flow over routes dearer than the cheapest"
    )


def _print_assignment(study: Any, network: Any) -> None:
    from landsea.cli.output import console

    out, result = console(), study.assignment
    state = "converged" if result.converged else "NOT converged"
    out.print(
        f"corridor assignment ({result.algorithm}, year {result.year or 'any'}): {state} after "
        f"{result.iterations} iterations ({_convergence(result)})"
    )
    names = network.crossings["name"]
    for table in (_shares(result), _crossings(result, names), _yards(result), _empties(result)):
        out.print(table)
    shuttles = study.shuttles
    out.print(
        f"Chongqing shuttles back/out: model {shuttles['model_back_to_out']:.3f}, paper "
        f"{shuttles['paper_back_to_out']:.3f} (107/1,353)"
    )
    if len(result.unreachable):
        lost = float(result.unreachable["teu_per_year"].sum())
        out.print(f"unreachable: {len(result.unreachable)} pairs, {lost:,.0f} TEU/yr not assigned")


def _table(title: str, columns: tuple[str, ...], rows: Any) -> Any:
    """A rich table of `columns` with one row of cells per item of `rows`."""
    from rich.table import Table

    view = Table(*columns, title=title)
    for cells in rows:
        view.add_row(*cells)
    return view


def _shares(result: Any) -> Any:
    rows = (
        (
            row.mode,
            f"{row.teu_per_year:,.0f}",
            f"{row.share_teu:.1%}",
            f"{row.teu_km_per_year:,.0f}",
            f"{row.share_teu_km:.1%}",
        )
        for row in result.shares_total.itertuples(index=False)
    )
    columns = ("mode", "TEU/yr", "share TEU", "TEU-km/yr", "share TEU-km")
    return _table("mode shares", columns, rows)


def _crossings(result: Any, names: Any) -> Any:
    """Crossings by name (`names`: crossing id -> name); the ids are in --json."""

    def use(row: Any) -> str:
        return f"{row.utilisation:.0%}"  # of the one capacity assignment and simulation use

    rows = (
        (
            str(names.get(row.crossing_id, row.crossing_id)),
            f"{row.teu_per_day_a_to_b:,.0f}",
            f"{row.teu_per_day_b_to_a:,.0f}",
            f"{row.trips_per_day:,.0f} {row.unit}",
            use(row),
        )
        for row in result.crossings.itertuples(index=False)
        if row.trips_per_day > 0
    )
    columns = ("crossing", "TEU/day a>b", "TEU/day b>a", "trips/day", "vs capacity")
    return _table("border crossings", columns, rows)


def _yards(result: Any) -> Any:
    rows = (
        (
            row.terminal,
            f"{row.teu_per_day:,.0f}",
            f"{row.capacity_teu_per_day:,.0f}",
            f"{row.utilisation:.0%}",
            f"{row.delay_h:.1f}",
        )
        for row in result.terminals.itertuples(index=False)
    )
    columns = ("terminal or yard", "TEU/day", "capacity", "use", "delay h")
    return _table("terminals and gauge-change yards", columns, rows)


def _empties(result: Any) -> Any:
    largest = result.backhaul.sort_values("empty_teu_per_year", ascending=False).head(5)
    rows = (
        (
            f"{row.place_a}-{row.place_b}",
            f"{row.teu_per_year_a_to_b:,.0f}",
            f"{row.teu_per_year_b_to_a:,.0f}",
            f"{row.empty_teu_per_year:,.0f}",
            f"{row.empty_cost_usd_per_year:,.0f}",
        )
        for row in largest.itertuples(index=False)
    )
    columns = ("pair", "TEU/yr a>b", "TEU/yr b>a", "empty TEU/yr", "empty USD/yr")
    return _table("backhaul: largest empty repositioning", columns, rows)


@demand_app.command("show")
def demand_show(
    demand: Annotated[
        Path | None, typer.Option(help="Demand file (.csv or .omx); default: the baseline.")
    ] = None,
    teu_per_truck: Annotated[float, typer.Option(help="TEU per truck, for trucks a day.")] = 2.0,
    teu_per_train: Annotated[float, typer.Option(help="TEU per train, for trains a day.")] = 70.0,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write the table (.csv or .omx).")] = None,
    year: Annotated[
        int | None, typer.Option(help="Grow the bundled demand to this year (growth.csv).")
    ] = None,
) -> None:
    """Show a demand table: TEU a year by pair and commodity, trucks or trains a day derived.

    Trucks a day: the pair's TEU as if all went by road; trains a day: as if all went by rail
    (the mode split is the assignment's business).
    """
    from landsea.data.demand import write_demand_csv, write_demand_omx
    from landsea.network import corridor_network
    from landsea.units import DAYS_PER_YEAR

    table = _demand_table(demand, corridor_network().tables, year)
    if teu_per_truck <= 0 or teu_per_train <= 0:
        from landsea.errors import DataError

        raise DataError("--teu-per-truck and --teu-per-train must be positive")
    per_day = table["teu_per_year"] / DAYS_PER_YEAR
    table = table.assign(
        trucks_per_day=per_day / teu_per_truck, trains_per_day=per_day / teu_per_train
    )
    if out is not None:
        writer = write_demand_omx if str(out).lower().endswith(".omx") else write_demand_csv
        writer(table, out)
    if json:
        from landsea.cli.output import print_json

        print_json(table.to_dict("records"))
        return
    _print_demand(table, corridor_network())


def _place(network: Any, place_id: str) -> str:
    """A place by name; a --demand file's id the network lacks stays as written."""
    return network.place_name(place_id) if place_id in network.places.index else place_id


def _print_demand(table: Any, network: Any) -> None:
    from rich.table import Table

    from landsea.cli.output import console

    by_pair = table.groupby(["origin", "destination"], as_index=False)[
        ["teu_per_year", "trucks_per_day", "trains_per_day"]
    ].sum()
    view = Table(
        "origin",
        "destination",
        "TEU/yr",
        "trucks/day",
        "or trains/day",
        title="demand by pair (directional)",
    )
    for row in by_pair.sort_values("teu_per_year", ascending=False).itertuples(index=False):
        view.add_row(
            _place(network, str(row.origin)),
            _place(network, str(row.destination)),
            f"{row.teu_per_year:,.0f}",
            f"{row.trucks_per_day:,.1f}",
            f"{row.trains_per_day:,.2f}",
        )
    console().print(view)
    console().print(f"total {table['teu_per_year'].sum():,.0f} TEU a year")
