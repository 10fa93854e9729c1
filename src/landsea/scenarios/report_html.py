"""The comparison as a report: `report.md` and `report.html` with three charts.

Charts (matplotlib, PNG beside the reports): the differences of the totals against the
baseline (bars, %), door-to-door time against cost for the main pairs (one marker per
scenario), and the crossings' P90 dwell per scenario (bars). Each file is written under a
temporary name and renamed, so a reader never sees half a report.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from landsea.markdown import markdown_table
from landsea.scenarios.compare import Comparison
from landsea.scenarios.figures import difference, figure

CHARTS = ("totals.png", "time_cost.png", "crossings.png")
MODE_KPIS = {"share_teu": "share of TEU", "share_teu_km": "share of TEU-km"}


def _write(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _save(figure: Figure, path: Path) -> None:
    partial = path.with_name(path.stem + ".partial.png")
    figure.savefig(partial, dpi=120, bbox_inches="tight")
    os.replace(partial, path)


def _totals_chart(c: Comparison, path: Path) -> None:
    others = [s for s in c.scenarios if s != c.baseline]
    frame = c.totals[c.totals["scenario"].isin(others)]
    table = frame.pivot(index="label", columns="scenario", values="relative")[others] * 100
    figure = Figure(figsize=(9, 5))
    axes = figure.subplots()
    table.rename(columns=c.titles).plot.barh(ax=axes)
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_xlabel(f"difference against {c.titles[c.baseline]} (%)")
    axes.set_ylabel("")
    axes.legend(fontsize=8)
    _save(figure, path)


def _time_cost_chart(c: Comparison, path: Path) -> None:
    pairs = c.pairs[c.pairs["kpi"].isin(["time_h", "cost_usd_per_teu"])]
    wide = pairs.pivot_table(index=["pair", "scenario"], columns="kpi", values="value")
    figure = Figure(figsize=(9, 6))
    axes = figure.subplots()
    markers = "osD^v<>pxh"
    for i, scenario in enumerate(c.scenarios):
        part = wide.xs(scenario, level="scenario")
        axes.scatter(
            part["cost_usd_per_teu"],
            part["time_h"],
            marker=markers[i % len(markers)],
            label=c.titles[scenario],
            alpha=0.8,
        )
    base = wide.xs(c.baseline, level="scenario")
    for pair, row in base.iterrows():
        axes.annotate(
            str(pair),
            (row["cost_usd_per_teu"], row["time_h"]),
            fontsize=7,
            xytext=(4, 4),
            textcoords="offset points",
        )
    axes.set_xlabel("cost (USD/TEU)")
    axes.set_ylabel("door-to-door time (h)")
    axes.legend(fontsize=8)
    _save(figure, path)


def _crossings_chart(c: Comparison, path: Path) -> None:
    dwell = c.crossings[c.crossings["kpi"] == "dwell_p90_h"]
    table = dwell.pivot(index="name", columns="scenario", values="value")[list(c.scenarios)]
    figure = Figure(figsize=(9, 0.5 * len(table) + 1.5))
    axes = figure.subplots()
    table.rename(columns=c.titles).plot.barh(ax=axes)
    axes.set_xlabel("dwell P90 (h)")
    axes.set_ylabel("")
    axes.legend(fontsize=8)
    _save(figure, path)


def _wide(frame: pd.DataFrame, keys: list[str], c: Comparison) -> pd.DataFrame:
    """One row per KPI: the baseline's figure, then each other scenario's difference, written
    as the console writes them (figures.py: shares in %, points, '=' for no change)."""
    others = [s for s in c.scenarios if s != c.baseline]
    rows = []
    for key, group in frame.groupby(keys, sort=False):
        by = group.set_index("scenario")
        unit = str(by["unit"].iloc[0]) if "unit" in by.columns else "share"
        row = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
        row["baseline"] = figure(_at(by, c.baseline, "value"), unit)
        for s in others:
            change = difference(_at(by, s, "difference"), _at(by, s, "relative"), unit)
            row[f"{c.titles[s]} (difference)"] = change
        rows.append(row)
    return pd.DataFrame(rows).set_index(keys)


def _at(by: pd.DataFrame, scenario: str, column: str) -> float:
    if scenario not in by.index or column not in by.columns:
        return float("nan")
    return float(by[column].loc[scenario])


def _tables(c: Comparison) -> list[tuple[str, pd.DataFrame]]:
    totals = c.totals.assign(what=c.totals["label"] + " (" + c.totals["unit"] + ")")
    pairs = c.pairs.assign(what=c.pairs["label"] + " (" + c.pairs["unit"] + ")")
    crossings = c.crossings.assign(what=c.crossings["label"] + " (" + c.crossings["unit"] + ")")
    modes = c.modes.assign(what=c.modes["kpi"].map(MODE_KPIS).fillna(c.modes["kpi"]))
    return [
        ("Totals", _wide(totals, ["what"], c)),
        ("Main pairs, door to door", _wide(pairs, ["pair", "what"], c)),
        ("Mode shares", _wide(modes, ["mode", "what"], c)),
        ("Border crossings", _wide(crossings, ["name", "what"], c)),
        ("Simulation-assignment loop", c.loop.set_index("scenario")),
    ]


def write_report(c: Comparison, folder: Path) -> Path:
    """Write report.md, report.html and the charts into `folder`; returns the Markdown path."""
    folder.mkdir(parents=True, exist_ok=True)
    _totals_chart(c, folder / CHARTS[0])
    _time_cost_chart(c, folder / CHARTS[1])
    _crossings_chart(c, folder / CHARTS[2])
    title = f"Scenarios against {c.titles[c.baseline]}"
    names = ", ".join(f"{c.titles[s]} (`{s}`)" for s in c.scenarios)
    md = [f"# {title}", "", f"Scenarios: {names}.", ""]
    page = [
        f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:80em;margin:auto}"
        "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;"
        "padding:2px 6px;text-align:right}th{background:#eee}</style>",
        f"<h1>{html.escape(title)}</h1><p>Scenarios: {html.escape(names)}.</p>",
    ]
    for chart, caption in zip(
        CHARTS,
        (
            "Totals against the baseline",
            "Time and cost of the main pairs",
            "Dwell P90 at the crossings",
        ),
        strict=True,
    ):
        md += [f"![{caption}]({chart})", ""]
        page.append(f"<h2>{caption}</h2><img src='{chart}' alt='{caption}'>")
    for heading, table in _tables(c):
        md += [f"## {heading}", "", _markdown(table), ""]
        page.append(f"<h2>{heading}</h2>" + table.to_html(na_rep="-", float_format=_number))
    _write(folder / "report.md", "\n".join(md))
    _write(folder / "report.html", "\n".join(page))
    return folder / "report.md"


def _number(value: float) -> str:
    if value != value:
        return "-"
    return f"{value:,.4g}" if abs(value) < 1e5 else f"{value:,.0f}"


def _markdown(table: pd.DataFrame) -> str:
    """A Markdown table: the index columns first, numbers to four significant figures."""
    flat = table.reset_index()
    rows = [
        [_number(v) if isinstance(v, float) else str(v) for v in row]
        for row in flat.itertuples(index=False)
    ]
    return markdown_table(list(flat.columns), rows)
