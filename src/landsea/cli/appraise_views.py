"""What `landsea appraise` prints: the JSON documents (stable, see appraise.py) and the tables
for a person, and the chart of benefits and costs by year.

This module only formats; the commands import it inside their functions, when the appraisal
is loaded anyway.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landsea.scenarios.appraisal import Parameters
    from landsea.scenarios.appraisal_rank import Ranking
    from landsea.scenarios.appraisal_runs import Appraisal


def clean(value: Any) -> Any:
    """JSON has no NaN or infinity: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


# ---- JSON ---------------------------------------------------------------------------------
def _parameters_dict(params: Parameters) -> dict[str, Any]:
    return {
        "discount_rate": params.discount_rate,
        "carbon_price_usd_per_t": params.carbon_price_usd_per_t,
        "reliability_ratio": params.reliability_ratio,
        "growth_years": params.growth_years,
        "ramp_start": params.ramp_start,
    }


def _project_dict(result: Appraisal) -> dict[str, Any]:
    spec, flows = result.project, result.central_flows
    return {
        "start_year": spec.start_year,
        "construction_years": spec.construction_years,
        "horizon_years": spec.horizon_years,
        "ramp_up_years": spec.ramp_up_years,
        "life_years": spec.life_years,
        "opening_year": spec.opening_year,
        "capex_usd": float(flows.capex.sum()),
        "capex_source": spec.capex.source,
        "opex_usd_per_year": float(flows.opex[0].max()),
        "opex_source": spec.opex.source,
    }


def appraisal_dict(result: Appraisal, seed: int, years: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": result.name,
        "title": result.title,
        "baseline": result.baseline,
        "parameters": _parameters_dict(result.parameters),
        "project": _project_dict(result),
        "annual_benefits_usd": result.central_annual,
        "figures": result.quantiles(),
        "p_npv_positive": result.p_npv_positive,
        "switching": result.switching,
        "monte_carlo": {
            "samples": len(result.samples.npv_usd),
            "model_runs": result.runs,
            "failed_runs": result.failed_runs,
            "surface": result.surface,
            "seed": seed,
        },
    }
    if years:
        out["years"] = result.year_table().to_dict("records")
    return out


def ranking_dict(ranking: Ranking, seed: int) -> dict[str, Any]:
    from landsea.scenarios.appraisal_rank import npv_per_dollar

    return {
        "projects": [
            {**appraisal_dict(a, seed, years=False), "npv_per_dollar": npv_per_dollar(a)}
            for a in ranking.appraisals
        ],
        "order": [a.name for a in ranking.appraisals],
        "order_by_bcr": ranking.by_bcr,
        "interactions": [
            {
                "first": i.first,
                "second": i.second,
                "alone_usd_per_year": i.alone_usd_per_year,
                "together_usd_per_year": i.together_usd_per_year,
                "difference_usd_per_year": i.difference_usd_per_year,
                "share": i.share,
                "pv_usd": i.pv_usd,
            }
            for i in ranking.interactions
        ],
        "note": ranking.note(),
    }


# ---- tables -------------------------------------------------------------------------------
def _m(usd: float) -> str:
    return "-" if not math.isfinite(usd) else f"{usd / 1e6:,.1f}"


def _pct(share: float) -> str:
    return "-" if not math.isfinite(share) else f"{share:.1%}"


def print_appraisal(result: Appraisal, chart: Path | None) -> None:
    from landsea.cli.output import console

    out = console()
    spec = result.project
    out.print(
        f"{result.title} against {result.baseline}: building {spec.start_year}-"
        f"{spec.opening_year - 1}, open {spec.opening_year}, appraised to "
        f"{spec.end_year} at {result.parameters.discount_rate:.1%}"
    )
    out.print(_benefit_table(result))
    out.print(_figure_table(result))
    out.print(_switching_table(result))
    out.print(_year_table(result))
    out.print(
        f"P(NPV > 0) = {result.p_npv_positive:.0%} over {len(result.samples.npv_usd):,} "
        f"samples; benefits from {result.surface}"
        + (f" ({result.failed_runs} runs failed)" if result.failed_runs else "")
    )
    out.print(f"[dim]capex {spec.capex.source}[/]")
    out.print(f"[dim]opex {spec.opex.source}[/]")
    if chart is not None:
        out.print(f"chart: {chart}")


def _benefit_table(result: Appraisal) -> Any:
    import numpy as np
    from rich.table import Table

    from landsea.scenarios.appraisal import COMPONENTS

    year = result.horizon.model_year
    table = Table("benefit", "USD M a year", title=f"benefits a year at {year} demand, full use")
    for name, label in COMPONENTS:
        if name == "co2":
            tonnes = result.central_annual["co2_t"]
            price = float(result.parameters.carbon_price(np.array([year]))[0])
            table.add_row(f"{label} ({tonnes:,.0f} t at {price:.1f} USD/t)", _m(tonnes * price))
            continue
        table.add_row(label, _m(result.central_annual[name]))
    for key, value in result.central_annual.items():
        if key.startswith("time_usd."):
            table.add_row(f"  of which time, {key.removeprefix('time_usd.')}", _m(value))
    return table


def _figure_table(result: Appraisal) -> Any:
    from rich.table import Table

    q = result.quantiles()
    table = Table("figure", "unit", "central", "P10", "P50", "P90", title="appraisal")
    rows = (
        ("NPV", "USD M", "npv_usd", _m),
        ("benefit-cost ratio", "ratio", "bcr", lambda v: f"{v:.2f}"),
        ("economic IRR", "a year", "eirr", _pct),
        ("first-year return", "of capex", "first_year_return", _pct),
    )
    for label, unit, key, fmt in rows:
        cells = [
            fmt(q[key][c]) if math.isfinite(q[key][c]) else "-"
            for c in ("central", "p10", "p50", "p90")
        ]
        table.add_row(label, unit, *cells)
    return table


def _switching_table(result: Appraisal) -> Any:
    from rich.table import Table

    table = Table("item", "PV USD M", "change that brings NPV to 0", title="switching values")
    for row in result.switching:
        change = float(str(row["switching_change"]))
        table.add_row(str(row["label"]), _m(float(str(row["pv_usd"]))), _change(change))
    return table


def _change(change: float) -> str:
    if not math.isfinite(change):
        return "-"
    if abs(change) > 9.99:
        return "beyond +999%" if change > 0 else "beyond -999%"
    return f"{change:+.0%}"


def _year_table(result: Appraisal) -> Any:
    from rich.table import Table

    years = result.year_table()
    benefits = years.drop(columns=["year", "capex_usd", "opex_usd", "net_usd"]).sum(axis=1)
    table = Table(
        "year", "capex", "opex", "benefits and residual", "net", title="central case by year, USD M"
    )
    for (_, row), total in zip(years.iterrows(), benefits, strict=True):
        table.add_row(
            str(int(row["year"])),
            _m(row["capex_usd"]),
            _m(row["opex_usd"]),
            _m(float(total)),
            _m(row["net_usd"]),
        )
    return table


def print_ranking(ranking: Ranking) -> None:
    from landsea.cli.output import console

    out = console()
    out.print(_npv_table(ranking))
    out.print(_ratio_table(ranking))
    for a in ranking.appraisals:
        out.print(f"  {a.name}: {a.title}")
    _print_interactions(ranking, out)
    out.print(ranking.note())


def _npv_table(ranking: Ranking) -> Any:
    from rich.table import Table

    from landsea.scenarios.appraisal_rank import npv_per_dollar

    first = ranking.appraisals[0]
    title = (
        f"projects against {first.baseline} by NPV per dollar of capital "
        f"({first.parameters.discount_rate:.0%}, {len(first.samples.npv_usd):,} samples)"
    )
    table = Table("#", "project", "capex USD M", "NPV USD M P10", "P50", "P90", title=title)
    table.add_column("NPV/capex")
    table.add_column("P(NPV>0)")
    for i, a in enumerate(ranking.appraisals, start=1):
        q = a.quantiles()["npv_usd"]
        table.add_row(
            str(i),
            a.name,
            f"{a.capex_usd / 1e6:,.0f}",
            *(f"{q[c] / 1e6:,.0f}" for c in ("p10", "p50", "p90")),
            f"{npv_per_dollar(a):+.2f}",
            f"{a.p_npv_positive:.0%}",
        )
    return table


def _ratio_table(ranking: Ranking) -> Any:
    from rich.table import Table

    bcr_rank = {name: i + 1 for i, name in enumerate(ranking.by_bcr)}
    table = Table("project", "BCR P10", "P50", "P90", "EIRR P10", "P50", "P90", "BCR rank")
    for a in ranking.appraisals:
        q = a.quantiles()
        table.add_row(
            a.name,
            *(f"{q['bcr'][c]:.2f}" for c in ("p10", "p50", "p90")),
            *(_pct(q["eirr"][c]) for c in ("p10", "p50", "p90")),
            str(bcr_rank[a.name]),
        )
    return table


def _print_interactions(ranking: Ranking, out: Any) -> None:
    from rich.table import Table

    if not ranking.interactions:
        return
    table = Table(
        "pair",
        "alone USD M/yr",
        "together USD M/yr",
        "difference",
        "PV of difference USD M",
        title="interactions: each pair run together against the two alone (central case)",
    )
    for i in ranking.interactions:
        table.add_row(
            f"{i.first} + {i.second}",
            _m(i.alone_usd_per_year),
            _m(i.together_usd_per_year),
            f"{_m(i.difference_usd_per_year)} ({_pct(i.share)})",
            _m(i.pv_usd),
        )
    out.print(table)


# ---- the chart ------------------------------------------------------------------------------
def write_chart(result: Appraisal, path: Path) -> None:
    """Benefits by component (stacked bars) and costs (negative bars) by year, USD M; the PNG
    is written whole or not at all."""
    import os
    import tempfile

    from matplotlib.figure import Figure

    from landsea.scenarios.appraisal import COMPONENTS

    years = result.year_table()
    figure = Figure(figsize=(10, 5.5))
    axes = figure.subplots()
    positive = negative = years["year"] * 0.0
    for name, label in (*COMPONENTS, ("residual", "residual value")):
        values = years[f"{name}_usd"] / 1e6
        bottom = positive.where(values >= 0, negative)
        axes.bar(years["year"], values, bottom=bottom, label=label)
        positive, negative = positive + values.clip(lower=0), negative + values.clip(upper=0)
    costs = -(years["capex_usd"] + years["opex_usd"]) / 1e6
    axes.bar(years["year"], costs, bottom=negative, label="capital and operating cost", color="0.6")
    axes.plot(years["year"], years["net_usd"] / 1e6, color="black", label="net")
    axes.axhline(0, color="black", linewidth=0.5)
    axes.set(
        xlabel="year",
        ylabel="USD M (constant prices)",
        title=f"{result.title}: benefits and costs by year",
    )
    axes.legend(fontsize="small", loc="best")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".chart-", suffix=".png")
    os.close(handle)
    try:
        figure.savefig(temporary, format="png", dpi=110, bbox_inches="tight")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
