"""`landsea indicators`: CPMM-style corridor performance indicators, modelled and observed.

`--json` prints: scenario, crossings (crossing_id, name, mode, regime, time_to_clear_h, delay_h,
cost_to_clear_usd), sections (line_id, name, modes, length_km, moving_h, stops_h, delay_h,
speed_without_delay_kmh, speed_with_delay_kmh, cost_usd_per_teu_km), observed (crossing_id,
quarter, n_consignments, dwell_p50_h, dwell_mean_h; null without --observed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    import pandas as pd


def register(parent: typer.Typer) -> None:
    """Add the `indicators` command to the top-level app."""
    parent.command("indicators")(indicators_command)


def indicators_command(
    scenario: Annotated[str, typer.Option(help="Scenario (shipped name or file).")] = (
        "baseline_2025"
    ),
    observed: Annotated[
        str | None, typer.Option(help="Hub database URL: observed dwell by quarter beside.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Time and cost to clear each crossing; speed and cost per TEU-km per section (line)."""
    crossings, sections = _modelled(scenario)
    seen = _observed(observed) if observed else None
    if as_json:
        from landsea.cli.output import print_json

        print_json(
            {
                "scenario": scenario,
                "crossings": _records(crossings),
                "sections": _records(sections),
                "observed": None if seen is None else _records(seen),
            }
        )
        return
    _print(crossings, sections, seen)


def _modelled(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    from landsea.config import Settings
    from landsea.scenarios.edits import prepare
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.indicators import crossing_indicators, section_indicators
    from landsea.scenarios.runner import run_scenario
    from landsea.scenarios.sampling import resolve
    from landsea.scenarios.store import ResultStore

    spec = load_scenario(name)
    network = prepare(resolve(spec)).network
    result = run_scenario(spec, store=ResultStore(Settings().out_dir / "scenario-cache"))
    delays = dict(zip(result.crossings["crossing_id"], result.crossings["delay_h"], strict=True))
    return crossing_indicators(network, result.crossings), section_indicators(network, delays)


def _observed(url: str) -> pd.DataFrame:
    from landsea.config import Settings
    from landsea.hub.services.indicator_queries import observed_crossings

    return observed_crossings(url, Settings().min_public_consignments)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[return-value]


def _print(crossings: pd.DataFrame, sections: pd.DataFrame, seen: pd.DataFrame | None) -> None:
    from rich.table import Table

    from landsea.cli.output import console

    out = console()
    table = Table(title="Border crossings: time and cost to clear (modelled)")
    for column in ("crossing", "regime", "time to clear h", "of which delay h", "cost USD/TEU"):
        table.add_column(column, justify="left" if column in ("crossing", "regime") else "right")
    if seen is not None:
        table.add_column("observed dwell P50 h by quarter")
    for row in crossings.itertuples(index=False):
        cells = [
            str(row.name),
            str(row.regime),
            f"{row.time_to_clear_h:.1f}",
            f"{row.delay_h:.1f}",
            f"{row.cost_to_clear_usd:.0f}",
        ]
        if seen is not None:
            mine = seen[seen["crossing_id"] == row.crossing_id]
            cells.append(
                ", ".join(
                    f"{q}: {h:.1f} (n={n})"
                    for q, h, n in zip(
                        mine["quarter"], mine["dwell_p50_h"], mine["n_consignments"], strict=True
                    )
                )
                or "-"
            )
        table.add_row(*cells)
    out.print(table)
    _print_sections(out, sections)


def _print_sections(out: Any, sections: pd.DataFrame) -> None:
    from rich.table import Table

    table = Table(title="Corridor sections (the paper's lines): speed and cost (modelled)")
    for column in (
        "section",
        "modes",
        "km",
        "speed w/o delay km/h",
        "speed with delay km/h",
        "USD/TEU-km",
    ):
        table.add_column(column, justify="left" if column in ("section", "modes") else "right")
    for row in sections.itertuples(index=False):
        table.add_row(
            str(row.name),
            str(row.modes),
            f"{row.length_km:,.0f}",
            f"{row.speed_without_delay_kmh:.1f}",
            f"{row.speed_with_delay_kmh:.1f}",
            f"{row.cost_usd_per_teu_km:.2f}",
        )
    out.print(table)
