"""Rich renderings of corridor answers for people (JSON is for programs)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from rich.table import Table

from landsea.cli.output import console
from landsea.network.model import Network
from landsea.routing.explain import Route, Step
from landsea.routing.lines import LineResult
from landsea.routing.request import RouteRequest


def lines_table(results: Sequence[LineResult]) -> Table:
    table = Table(title="The paper's lines (footnotes 7 and 8), modelled")
    for col in ("line", "name", "status", "paper km", "modelled km", "diff", "modes", "crossings"):
        table.add_column(col, justify="right" if "km" in col or col == "diff" else "left")
    for r in results:
        km, diff = r.modelled_km, r.difference_pct
        table.add_row(
            r.line_id,
            r.name,
            r.status,
            f"{r.paper_km:,.0f}" if r.paper_km else "-",
            f"{km:,.0f}" if km is not None else f"[red]{r.problem}[/]",
            f"{diff:+.1f}%" if diff is not None else "-",
            ", ".join(r.modes),
            ", ".join(r.crossings),
        )
    return table


def routes_view(network: Network, routes: Sequence[Route], request: RouteRequest) -> None:
    out = console()
    first = routes[0]
    out.print(
        f"[bold]{network.place_name(first.origin)} -> "
        f"{network.place_name(first.destination)}[/], "
        f"by {request.by}, {request.commodity}, regime {request.regime}, per TEU"
    )
    for rank, r in enumerate(routes, start=1):
        out.print(
            f"\n[bold cyan]Option {rank}: {r.mode_mix}[/]  {r.length_km:,.0f} km  "
            f"{r.time_h:,.1f} h (P90 {r.p90_time_h:,.1f} h)  USD {r.cost_usd:,.0f}  "
            f"{r.co2_kg:,.0f} kg CO2  generalized USD {r.generalized_usd:,.0f}"
        )
        out.print(_legs_table(network, r))


def _legs_table(network: Network, r: Route) -> Table:
    table = Table(show_edge=False, pad_edge=False)
    for col in ("step", "mode", "from", "to", "km", "h", "USD", "kg CO2", "note"):
        table.add_column(col, justify="right" if col in ("km", "h", "USD", "kg CO2") else "left")
    for leg in merge_moves(r.steps, network.place_name):
        table.add_row(
            leg.kind,
            leg.mode,
            short_name(network, leg.from_id),
            short_name(network, leg.to_id),
            f"{leg.length_km:,.0f}" if leg.length_km else "",
            f"{leg.time_h:,.1f}",
            f"{leg.cost_usd:,.0f}",
            f"{leg.co2_kg:,.0f}" if leg.co2_kg else "",
            " ".join(x for x in (_crossing(network, leg.crossing_id), leg.regime, leg.note) if x),
        )
    return table


def _crossing(network: Network, crossing_id: str | None) -> str:
    """A crossing by name, shortened as places are (the id is in --json)."""
    if not crossing_id or crossing_id not in network.crossings.index:
        return crossing_id or ""
    return str(network.crossings.at[crossing_id, "name"]).split("(")[0].strip()


def short_name(network: Network, place_id: str) -> str:
    """`Vientiane South station (CLR freight ...)` -> `Vientiane South station` (the id is in
    --json)."""
    return network.place_name(place_id).split("(")[0].strip()[:24]


def merge_moves(legs: Sequence[Step], name: Callable[[str], str] = str) -> list[Step]:
    """Consecutive moves on one mode shown as one leg (the JSON keeps every link); the note
    names the places passed ("via Strait of Malacca") by `name`."""
    merged: list[Step] = []
    for leg in legs:
        last = merged[-1] if merged else None
        if last and leg.kind == "move" and last.kind == "move" and last.mode == leg.mode:
            merged[-1] = Step(
                kind="move",
                mode=leg.mode,
                from_id=last.from_id,
                to_id=leg.to_id,
                length_km=last.length_km + leg.length_km,
                time_h=last.time_h + leg.time_h,
                cost_usd=last.cost_usd + leg.cost_usd,
                co2_kg=last.co2_kg + leg.co2_kg,
                note=f"via {name(last.to_id)}"
                if not last.note
                else f"{last.note}, {name(last.to_id)}",
            )
        else:
            merged.append(leg)
    return merged


def tcd_view(table: pd.DataFrame, plot: Path | None) -> None:
    out = console()
    summary = table.groupby("route", sort=False).last()
    view = Table(title="Time/cost-distance, per TEU")
    for col in ("route", "km", "h", "USD", "steps at borders and terminals (h)"):
        view.add_column(col)
    for name, row in summary.iterrows():
        steps = table[
            (table["route"] == name)
            & table["kind"].isin(("crossing", "transfer", "gauge_change", "wait"))
        ]
        view.add_row(
            str(name),
            f"{row['distance_km']:,.0f}",
            f"{row['time_h']:,.1f}",
            f"{row['cost_usd']:,.0f}",
            f"{steps['step_time_h'].sum():,.1f}",
        )
    out.print(view)
    if plot is not None:
        out.print(f"chart: {plot}")
