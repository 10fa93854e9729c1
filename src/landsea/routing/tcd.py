"""Time/cost-distance (the UNESCAP method): cumulative time and cost against distance.

Moves climb with distance; crossings, transfers, gauge changes, waits and loading add time and
cost at one distance, so they show as vertical steps: the picture points at the border or the
terminal that costs most.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from landsea.routing.explain import Route

TCD_COLUMNS = [
    "route",
    "step",
    "kind",
    "mode",
    "place_id",
    "crossing_id",
    "regime",
    "distance_km",
    "time_h",
    "cost_usd",
    "step_time_h",
    "step_cost_usd",
]
STEP_KINDS = ("crossing", "transfer", "gauge_change")


def tcd_table(routes: Sequence[Route], labels: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per leg end: cumulative km, h and USD along each route (per TEU)."""
    names = list(labels) if labels is not None else route_labels(routes)
    rows: list[dict[str, object]] = []
    for name, route in zip(names, routes, strict=True):
        km = hours = usd = 0.0
        rows.append(_row(name, 0, "start", "", route.origin, "", "", km, hours, usd, 0.0, 0.0))
        for step, leg in enumerate(route.steps, start=1):
            km += leg.length_km
            hours += leg.time_h
            usd += leg.cost_usd
            rows.append(
                _row(
                    name,
                    step,
                    leg.kind,
                    leg.mode,
                    leg.to_id,
                    leg.crossing_id,
                    leg.regime,
                    km,
                    hours,
                    usd,
                    leg.time_h,
                    leg.cost_usd,
                )
            )
    return pd.DataFrame(rows, columns=TCD_COLUMNS)


def route_labels(routes: Sequence[Route]) -> list[str]:
    """`1 road+rail_1435 via MOHAN_BOTEN_RAIL`: numbered, so routes with one mode mix differ."""
    labels = []
    for rank, r in enumerate(routes, start=1):
        via = f" via {r.crossings[0]}" if r.crossings else ""
        labels.append(f"{rank} {r.mode_mix}{via}")
    return labels


def _row(*values: object) -> dict[str, object]:
    return dict(zip(TCD_COLUMNS, values, strict=True))


def plot_tcd(table: pd.DataFrame, path: Path, title: str) -> Path:
    """Draw time-distance and cost-distance panels side by side; PNG or SVG by suffix."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_time, ax_cost) = plt.subplots(1, 2, figsize=(13, 5.5), constrained_layout=True)
    for name, rows in table.groupby("route", sort=False):
        for ax, column in ((ax_time, "time_h"), (ax_cost, "cost_usd")):
            (line,) = ax.plot(rows["distance_km"], rows[column], label=str(name), lw=1.8)
            _mark_steps(ax, rows, column, line.get_color())
    ax_time.set(xlabel="distance (km)", ylabel="cumulative time (h)", title="Time-distance")
    ax_cost.set(xlabel="distance (km)", ylabel="cumulative cost (USD/TEU)", title="Cost-distance")
    for ax in (ax_time, ax_cost):
        ax.grid(alpha=0.3)
    ax_time.legend(fontsize=8, loc="upper left")
    fig.suptitle(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _mark_steps(ax: object, rows: pd.DataFrame, column: str, color: str) -> None:
    steps = rows[rows["kind"].isin(STEP_KINDS)]
    ax.scatter(steps["distance_km"], steps[column], color=color, s=18, zorder=3)  # type: ignore[attr-defined]
    for _, step in steps.iterrows():
        label = step["crossing_id"] or step["kind"].replace("_", " ")
        ax.annotate(  # type: ignore[attr-defined]
            f"{str(label)[:22]} @{step['place_id']}",
            (step["distance_km"], step[column]),
            fontsize=6,
            xytext=(3, -9),
            textcoords="offset points",
            color=color,
        )
