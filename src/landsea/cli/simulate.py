"""`landsea simulate`: border-crossing, terminal and queue simulation; delay curves.

Heavy imports (numba kernels, pandas, matplotlib) happen inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # types only: the CLI imports the simulation inside its commands
    from landsea.simulation.crossing import CrossingRun
    from landsea.simulation.replications import Replicated

app = typer.Typer(no_args_is_help=True)
REGIME_HELP = "standard, single_window, joint_inspection or tir."


@app.command("queue")
def queue(
    servers: Annotated[int, typer.Option("--servers", help="Parallel servers c.")],
    arrival_rate: Annotated[float, typer.Option("--arrival-rate", help="Arrivals per unit time.")],
    service_rate: Annotated[float, typer.Option("--service-rate", help="Services per unit time.")],
    customers: Annotated[
        int, typer.Option("--customers", help="Customers to simulate.")
    ] = 1_000_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random streams.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """M/M/c validation: simulated mean wait with its 95% CI beside Erlang C."""
    from landsea.cli.output import console, print_json
    from landsea.simulation.queue import simulate_mmc

    result = simulate_mmc(servers, arrival_rate, service_rate, customers, seed)
    if as_json:
        print_json(result.to_dict())
        return
    out = console()
    wait = result.wait
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


def _print_crossing(
    run: CrossingRun, runs: dict[str, CrossingRun] | None, plot: Path | None
) -> None:
    from rich.table import Table

    from landsea.cli.output import console

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
    low, high = summary.dwell_mean_ci95_h
    out.print(
        f"dwell mean {summary.dwell_mean_h:.1f} h (95% CI {low:.1f}-{high:.1f}), "
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
    stages = Table("direction", "stage", "servers", "work/truck h", "wait h", "utilisation")
    for row in run.stages.to_dict(orient="records"):
        stages.add_row(str(row["direction"]), str(row["stage"]), str(row["servers"]),
                       f"{row['mean_service_h']:.2f}", f"{row['mean_wait_h']:.2f}",
                       f"{row['utilisation']:.2f}")  # fmt: skip
    out.print(stages)
    if runs:
        table = Table("regime", "mean h", "P50 h", "P90 h", "P99 h", "throughput/day")
        for name, other in runs.items():
            s = other.summary
            table.add_row(name, f"{s.dwell_mean_h:.1f}", f"{s.dwell_p50_h:.1f}",
                          f"{s.dwell_p90_h:.1f}", f"{s.dwell_p99_h:.1f}",
                          f"{s.throughput_per_day:.0f}")  # fmt: skip
        out.print(table)
    if plot is not None:
        out.print(f"plot written to {plot}")


def _print_replicated(replicated: Replicated) -> None:
    from landsea.cli.output import console

    out = console()
    out.print(f"over {len(replicated.runs)} independent replications (mean, 95% CI):")
    for kpi in ("dwell_mean_h", "dwell_p90_h", "dwell_p99_h", "throughput_per_day"):
        centre, low, high = replicated.interval(kpi)
        out.print(f"  {kpi:20s} {centre:10.1f}  [{low:.1f}, {high:.1f}]")


@app.command("crossing")
def crossing(
    name: Annotated[str, typer.Argument(help="Crossing id, name or a place beside it.")],
    days: Annotated[int, typer.Option("--days", help="Days simulated.")] = 60,
    regime: Annotated[str, typer.Option("--regime", help=REGIME_HELP)] = "standard",
    arrivals_per_day: Annotated[
        float | None,
        typer.Option("--arrivals-per-day", help="Both directions; default: observed traffic."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random streams.")] = 0,
    peak_factor: Annotated[
        float, typer.Option("--peak-factor", help="Fruit-season arrivals multiplier (1: none).")
    ] = 1.5,
    peak_day: Annotated[
        float | None, typer.Option("--peak-day", help="Day of the peak (default mid-run).")
    ] = None,
    peak_width_days: Annotated[
        float | None, typer.Option("--peak-width-days", help="Half-width of the peak in days.")
    ] = None,
    peak_red_share: Annotated[
        float,
        typer.Option(
            "--peak-red-share", help="Extra red-channel share at the peak (fruit checks)."
        ),
    ] = 0.2,
    share_a_to_b: Annotated[
        float, typer.Option("--share-a-to-b", help="Share of arrivals leaving place_a's side.")
    ] = 0.5,
    hourly_profile: Annotated[
        str | None,
        typer.Option("--hourly-profile", help="24 comma-separated arrival weights, 00h to 23h."),
    ] = None,
    warmup_days: Annotated[
        int | None, typer.Option("--warmup-days", help="Days left out (default 10%).")
    ] = None,
    extended_hours: Annotated[
        bool, typer.Option("--extended-hours", help="Work to the later closing every day.")
    ] = False,
    extend_at_queue: Annotated[
        float | None,
        typer.Option("--extend-at-queue", help="Trucks waiting at closing that keep it open late."),
    ] = None,
    hours: Annotated[
        str | None, typer.Option("--hours", help="Gate hours HH:MM-HH:MM instead of the data's.")
    ] = None,
    capacity_per_day: Annotated[
        float | None,
        typer.Option("--capacity-per-day", help="Both directions, instead of the data's."),
    ] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="road, rail_1435, ...")] = None,
    compare: Annotated[bool, typer.Option("--compare", help="Run every regime too.")] = False,
    replications: Annotated[
        int, typer.Option("--replications", help="Independent runs for 95% CIs of the KPIs.")
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG/SVG/PDF.")] = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="Folder for trucks/daily/hourly/stages CSVs.")
    ] = None,
) -> None:
    """Simulate a border crossing: dwell P50/P90/P99, queue, backlog, stage use."""
    from landsea.simulation.arrivals import SeasonalPeak
    from landsea.simulation.crossing import CrossingScenario
    from landsea.simulation.dataset_crossings import corridor_crossings, run_regimes
    from landsea.simulation.names import resolve_crossing
    from landsea.simulation.plan import check_regime
    from landsea.simulation.service_scale import calibrated

    check_regime(regime)
    if plot is not None:
        from landsea.simulation.plots import check_picture_path

        check_picture_path(plot)
    crossings = corridor_crossings()
    spec = crossings.specs[resolve_crossing(crossings.specs, name, crossings.places, mode)]
    spec = calibrated(spec)  # on the dataset's baseline, before any scenario change below
    if hours is not None:
        from dataclasses import replace

        from landsea.errors import Location
        from landsea.simulation.hours import parse_window

        spec = replace(spec, hours=parse_window(hours, Location("--hours")), extended_hours=None)
    if capacity_per_day is not None:
        from landsea.simulation.spec import with_capacity

        spec = with_capacity(spec, capacity_per_day)
    peak = None
    if peak_factor != 1.0:
        width = peak_width_days if peak_width_days is not None else max(1.0, days / 6)
        day = peak_day if peak_day is not None else days / 2
        peak = SeasonalPeak(day, width, peak_factor, extra_red_share=peak_red_share)
    scenario = CrossingScenario(
        arrivals_per_day if arrivals_per_day is not None else spec.typical_arrivals_per_day,
        share_a_to_b=share_a_to_b,
        peak=peak,
    )
    if hourly_profile is not None:
        from dataclasses import replace

        from landsea.simulation.arrivals import parse_hourly_weights

        scenario = replace(scenario, hourly_weights=parse_hourly_weights(hourly_profile))
    wanted = compare or plot is not None
    regimes = tuple(dict.fromkeys((regime, "standard", "single_window", "joint_inspection", "tir")))
    chosen = regimes if wanted else (regime,)
    runs = run_regimes(
        spec, days, scenario, seed, warmup_days, extended_hours, chosen, extend_at_queue
    )
    written = None
    if plot is not None:
        from landsea.simulation.plots import plot_crossing

        ordered = {name: runs[name] for name in regimes}
        written = plot_crossing(ordered, regime, plot)
    others = {name: runs[name] for name in regimes} if wanted else None
    tables = None
    if csv is not None:
        from landsea.simulation.report import write_run_tables

        tables = write_run_tables(runs[regime], csv)
    replicated = None
    if replications != 1:  # 0 or less is refused by replicate
        from landsea.simulation.crossing import simulate_crossing
        from landsea.simulation.replications import replicate

        replicated = replicate(
            lambda child: simulate_crossing(spec, regime, days, scenario, child, warmup_days,
                                            extended_hours, extend_at_queue),
            seed, replications,
        )  # fmt: skip
    if as_json:
        from landsea.cli.output import print_json
        from landsea.simulation.report import crossing_report

        report = crossing_report(runs[regime], others)
        if written is not None:
            report["plot"] = str(written)
        if replicated is not None:
            report["replicated"] = replicated.to_dict()
        if tables is not None:
            report["tables"] = [str(path) for path in tables]
        print_json(report)
    else:
        _print_crossing(runs[regime], others, written)
        if replicated is not None:
            _print_replicated(replicated)
        if tables is not None:
            from landsea.cli.output import console

            console().print(f"tables written to {csv}")


@app.command("curves")
def curves(
    out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    crossing: Annotated[
        list[str] | None, typer.Option("--crossing", help="Only these crossings (repeatable).")
    ] = None,
    regime: Annotated[
        list[str] | None, typer.Option("--regime", help="Only these regimes (repeatable).")
    ] = None,
    days: Annotated[int, typer.Option("--days", help="Days simulated per point.")] = 56,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random streams.")] = 0,
    loads: Annotated[
        str | None,
        typer.Option("--loads", help="Comma-separated fractions of capacity, e.g. 0.2,0.8,1.1."),
    ] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG/SVG/PDF.")] = None,
) -> None:
    """Delay curves (mean and P90 time against daily flow) for the assignment, as CSV."""
    from landsea.cli.output import console
    from landsea.data.delay_curves import write_delay_curves
    from landsea.errors import SimulationError
    from landsea.simulation.curves import DEFAULT_LOADS, delay_curves
    from landsea.simulation.dataset_crossings import corridor_crossings
    from landsea.simulation.names import resolve_crossing
    from landsea.simulation.plan import check_regime
    from landsea.simulation.stage_table import REGIME_NAMES

    if plot is not None:
        from landsea.simulation.plots import check_picture_path

        check_picture_path(plot)
    regimes = tuple(check_regime(name) for name in regime) if regime else REGIME_NAMES
    try:
        points = tuple(float(v) for v in loads.split(",")) if loads else DEFAULT_LOADS
    except ValueError:
        raise SimulationError(
            f"--loads {loads!r} is not a comma-separated list of numbers"
        ) from None
    found = corridor_crossings()
    names = [resolve_crossing(found.specs, n, found.places) for n in crossing] if crossing else None
    specs = {cid: found.specs[cid] for cid in names} if names else found.specs
    table = delay_curves(specs, regimes, points, days, seed)
    written = write_delay_curves(table, out)
    console().print(
        f"{len(table)} points: {len(specs)} crossings x {len(regimes)} regimes x "
        f"{len(set(points))} flows, written to {written}"
    )
    if plot is not None:
        from landsea.simulation.plots import plot_curves

        console().print(f"plot written to {plot_curves(table, plot)}")


@app.command("terminal")
@app.command("yard", hidden=True)
def terminal(
    place: Annotated[str, typer.Argument(help="Gauge-change yard or sea-rail port: id or name.")],
    days: Annotated[int, typer.Option("--days", help="Days simulated.")] = 60,
    arrivals_per_day: Annotated[
        float | None,
        typer.Option(
            "--arrivals-per-day",
            "--trains-per-day",
            help="Trains or ships arriving a day (default 80% of capacity).",
        ),
    ] = None,
    from_mode: Annotated[
        str, typer.Option("--from-mode", help="Arrivals by this mode (rail_1435, sea, ...).")
    ] = "rail_1435",
    outbound_per_day: Annotated[
        float | None, typer.Option("--outbound-per-day", help="Departures on the far side.")
    ] = None,
    tracks: Annotated[int | None, typer.Option("--tracks", help="Tracks or berths.")] = None,
    cranes: Annotated[int | None, typer.Option("--cranes", help="Cranes per train/ship.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random streams.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG/SVG/PDF.")] = None,
) -> None:
    """Simulate a terminal: trains or ships in batches, tracks/berths and cranes, departures."""
    from dataclasses import replace

    from landsea.cli.output import console, print_json
    from landsea.data.bundled import load_corridor
    from landsea.simulation.report import yard_report
    from landsea.simulation.yard_model import simulate_yard
    from landsea.simulation.yard_specs import corridor_yards, resolve_yard

    if plot is not None:
        from landsea.simulation.plots import check_picture_path

        check_picture_path(plot)
    tables = load_corridor()
    yards = corridor_yards(tables, from_mode)
    chosen = yards[resolve_yard(yards, place, tables.places)]
    spec = replace(
        chosen.spec,
        outbound_per_day=outbound_per_day or chosen.spec.outbound_per_day,
        tracks=tracks if tracks is not None else chosen.spec.tracks,
        cranes=cranes if cranes is not None else chosen.spec.cranes,
    )
    rate = arrivals_per_day if arrivals_per_day is not None else chosen.typical_trains_per_day
    run = simulate_yard(spec, rate, days, seed)
    written = None
    if plot is not None:
        from landsea.simulation.plots import plot_yard

        written = plot_yard(run, plot)
    payload = yard_report(
        chosen.place_id, chosen.inbound_mode, chosen.outbound_mode, chosen.normal_time_h, run
    )
    if written is not None:
        payload["plot"] = str(written)
    if as_json:
        print_json(payload)
        return
    out = console()
    summary = run.summary
    out.print(f"[bold]{spec.name}[/] ({chosen.place_id}), {rate:.2f} arrivals/day, {days} days")
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
    if written is not None:
        out.print(f"plot written to {written}")
