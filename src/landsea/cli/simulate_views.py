"""What `landsea simulate` prints for a person: lines and tables; names before ids.

The JSON of the same results is the rooms' `to_dict`; this module only formats. The commands
import it inside their functions, when the simulation is loaded anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from landsea.cli.output import console
from landsea.simulation.kpis import MIN_TRUCKS_FOR_INTERVAL

if TYPE_CHECKING:  # types only: the CLI imports the simulation inside its commands
    from landsea.scenarios.crossing_study import CrossingStudyResult
    from landsea.scenarios.terminal_study import TerminalStudyResult
    from landsea.simulation.crossing import CrossingRun
    from landsea.simulation.kpis import DwellSummary
    from landsea.simulation.queue import QueueResult
    from landsea.simulation.replications import Replicated

REPLICATED_KPIS = ("dwell_mean_h", "dwell_p90_h", "dwell_p99_h", "throughput_per_day")


def print_queue(result: QueueResult) -> None:
    """The simulated M/M/c wait with its interval, and whether Erlang C falls inside it."""
    out, wait = console(), result.wait
    out.print(
        f"M/M/{result.servers}  utilisation {result.utilisation:.3f}  "
        f"{result.customers:,} customers ({result.warmup_customers:,} warm-up)  seed {result.seed}"
    )
    out.print(
        f"mean wait   {wait.mean:.5f}  95% CI [{wait.ci_low:.5f}, {wait.ci_high:.5f}] "
        f"({wait.batches} batch means)"
    )
    verdict = "inside" if wait.contains(result.erlang_c_wait) else "OUTSIDE"
    out.print(f"Erlang C    {result.erlang_c_wait:.5f}  ({verdict} the interval)")
    out.print(f"P(wait)     {result.p_wait:.4f}  Erlang C {result.erlang_c_p_wait:.4f}")


def print_crossing_study(result: CrossingStudyResult) -> None:
    """The run of the chosen regime, the others beside it, and what was written."""
    print_crossing_run(result.run)
    if result.compared:
        print_regimes(result.compared)
    if result.plot is not None:
        console().print(f"plot written to {result.plot}")
    if result.replicated is not None:
        print_replicated(result.replicated)
    if result.tables:
        console().print(f"tables written to {result.tables[0].parent}")


def print_crossing_run(run: CrossingRun) -> None:
    """The crossing, its capacity and work per truck, dwell, throughput and the stages."""
    out = console()
    spec, summary = run.plan.spec, run.summary
    out.print(
        f"[bold]{spec.name}[/] ({spec.crossing_id}), regime {run.plan.regime}, {run.days} days "
        f"({run.warmup_days} warm-up), seed {run.seed}"
    )
    out.print(f"capacity {spec.capacity_per_day:g} {spec.capacity_unit}/day: {spec.capacity_basis}")
    out.print(
        f"work per truck: {spec.service_scale:.0%} of the dataset's process time (calibrated so "
        "normal traffic sees the dataset's normal dwell)"
    )
    out.print(
        f"dwell mean {summary.dwell_mean_h:.1f} h ({_interval(summary)}), "
        f"P50 {summary.dwell_p50_h:.1f}, P90 {summary.dwell_p90_h:.1f}, "
        f"P99 {summary.dwell_p99_h:.1f} h"
    )
    over_design = summary.throughput_per_day / summary.designed_per_day
    out.print(
        f"arrivals {summary.arrivals_per_day:.0f}/day, throughput "
        f"{summary.throughput_per_day:.0f}/day = {over_design:.2f}"
        f" x design; left waiting at closing: mean {run.daily['left_waiting'].mean():.0f}, "
        f"max {run.daily['left_waiting'].max()}; at the end {summary.in_system_at_end}"
    )
    out.print(_stage_table(run))


def _interval(summary: DwellSummary) -> str:
    if summary.dwell_mean_ci95_h is None:
        return (
            f"no 95% CI: {summary.trucks} arrivals kept, batch means need "
            f"{MIN_TRUCKS_FOR_INTERVAL}; see --replications"
        )
    low, high = summary.dwell_mean_ci95_h
    return f"95% CI {low:.1f}-{high:.1f}"


def _stage_table(run: CrossingRun) -> Table:
    table = Table("direction", "stage", "servers", "work/truck h", "wait h", "utilisation")
    for row in run.stages.to_dict(orient="records"):
        table.add_row(
            str(row["direction"]),
            str(row["stage"]),
            str(row["servers"]),
            f"{row['mean_service_h']:.2f}",
            f"{row['mean_wait_h']:.2f}",
            f"{row['utilisation']:.2f}",
        )
    return table


def print_regimes(runs: dict[str, CrossingRun]) -> None:
    """One row per regime run on the same arrivals: dwell percentiles and throughput."""
    table = Table("regime", "mean h", "P50 h", "P90 h", "P99 h", "throughput/day")
    for name, run in runs.items():
        s = run.summary
        table.add_row(
            name,
            f"{s.dwell_mean_h:.1f}",
            f"{s.dwell_p50_h:.1f}",
            f"{s.dwell_p90_h:.1f}",
            f"{s.dwell_p99_h:.1f}",
            f"{s.throughput_per_day:.0f}",
        )
    console().print(table)


def print_replicated(replicated: Replicated) -> None:
    """Each headline KPI's mean over the replications with its 95% interval."""
    out = console()
    out.print(f"over {len(replicated.runs)} independent replications (mean, 95% CI):")
    for kpi in REPLICATED_KPIS:
        centre, low, high = replicated.interval(kpi)
        out.print(f"  {kpi:20s} {centre:10.1f}  [{low:.1f}, {high:.1f}]")


def print_terminal_study(result: TerminalStudyResult) -> None:
    """Container dwell against the dataset's transfer time, track wait and load factor."""
    out, chosen, run = console(), result.terminal, result.run
    summary, spec = run.summary, run.spec
    out.print(
        f"[bold]{spec.name}[/] ({chosen.place_id}), {run.trains_per_day:.2f} arrivals/day, "
        f"{run.days} days"
    )
    out.print(
        f"container dwell mean {summary['dwell_mean_h']:.1f} h, P50 {summary['dwell_p50_h']:.1f}, "
        f"P90 {summary['dwell_p90_h']:.1f}, P99 {summary['dwell_p99_h']:.1f} h "
        f"(dataset's normal transfer {chosen.normal_time_h:g} h)"
    )
    out.print(
        f"wait for a track or berth {summary['train_wait_mean_h']:.2f} h, utilisation "
        f"{summary['track_utilisation']:.2f}, outbound load factor "
        f"{summary['outbound_load_factor']:.2f} of {spec.outbound_teu} TEU"
    )
    if result.plot is not None:
        out.print(f"plot written to {result.plot}")
