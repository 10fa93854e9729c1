"""The corridor report: every paper line, Pareto options from Chongqing, TCD charts.

Written as Markdown with JSON beside it and PNG charts, into one folder; the Markdown is the
index a reader opens first. A study of the corridor rather than a routing engine, so it lives
in `scenarios/` (it moved from `routing/report.py`); `landsea report` (`make run`) writes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from landsea.network.model import Network
from landsea.routing.api import pareto_routes
from landsea.routing.explain import Route
from landsea.routing.lines import LineResult, model_lines
from landsea.routing.request import RouteRequest
from landsea.routing.tcd import plot_tcd, tcd_table

REPORT_ORIGIN = "CNCKG"
REPORT_DESTINATIONS = ("SGSIN", "THBKK", "VNHAN", "MMRGN", "LAVTE", "KHPNH")


class Printer(Protocol):
    """Where progress lines go: a rich `Console` in the CLI, anything with `print` in tests."""

    def print(self, *objects: object) -> None: ...


def write_report(network: Network, out: Path, printer: Printer) -> Path:
    """Write report.md, report.json and one TCD chart per destination into `out`.

    Returns the Markdown index. Progress goes to `printer`, one line per destination.

    Raises:
        NoRouteError: a report destination cannot be reached from Chongqing on `network`.
        OSError: `out` cannot be created or written.
    """
    out.mkdir(parents=True, exist_ok=True)
    lines = model_lines(network)
    printer.print(f"modelled {len(lines)} lines of the paper")
    options: dict[str, list[Route]] = {}
    for dest in REPORT_DESTINATIONS:
        options[dest] = pareto_routes(network, RouteRequest(REPORT_ORIGIN, dest))
        chart = out / f"tcd-{REPORT_ORIGIN}-{dest}.png"
        plot_tcd(
            tcd_table(options[dest]),
            chart,
            f"{_name(network, REPORT_ORIGIN)} to {_name(network, dest)}: Pareto options, per TEU",
        )
        printer.print(
            f"{_name(network, REPORT_ORIGIN)} -> {_name(network, dest)}: "
            f"{len(options[dest])} options, chart {chart}"
        )
    payload = {
        "lines": [r.to_dict() for r in lines],
        "options": {d: [r.to_dict() for r in rs] for d, rs in options.items()},
    }
    (out / "report.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")
    index = out / "report.md"
    index.write_text(_markdown(network, lines, options), encoding="utf-8")
    return index


def _name(network: Network, place_id: str) -> str:
    return network.place_name(place_id)


def _markdown(network: Network, lines: list[LineResult], options: dict[str, list[Route]]) -> str:
    parts = [
        "# landsea corridor report",
        "",
        "## The paper's lines",
        "",
        "| line | name | paper km | modelled km | diff | modes | crossings |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for line in lines:
        km, diff = line.modelled_km, line.difference_pct
        parts.append(
            f"| {line.line_id} | {line.name} | "
            f"{f'{line.paper_km:,.0f}' if line.paper_km else '-'} | "
            f"{f'{km:,.0f}' if km is not None else line.problem} | "
            f"{f'{diff:+.1f}%' if diff is not None else '-'} | {', '.join(line.modes)} | "
            f"{', '.join(line.crossings)} |"
        )
    for dest, routes in options.items():
        parts += [
            "",
            f"## {_name(network, REPORT_ORIGIN)} to {_name(network, dest)}",
            "",
            f"![time/cost-distance](tcd-{REPORT_ORIGIN}-{dest}.png)",
            "",
            "| option | modes | km | h | P90 h | USD/TEU | kg CO2/TEU | crossings |",
            "|---|---|---:|---:|---:|---:|---:|---|",
        ]
        for rank, r in enumerate(routes, start=1):
            parts.append(
                f"| {rank} | {r.mode_mix} | {r.length_km:,.0f} | {r.time_h:,.1f} | "
                f"{r.p90_time_h:,.1f} | {r.cost_usd:,.0f} | {r.co2_kg:,.0f} | "
                f"{', '.join(r.crossings)} |"
            )
    return "\n".join(parts) + "\n"
