"""`landsea simulate`: border-crossing, terminal and queue simulation; delay curves.

Each command parses its options, calls one function of the simulation or scenarios room and
prints what comes back (simulate_views.py). Options are typed once, as `Annotated` aliases
below, so a command's signature reads one option a line. Heavy imports (numba kernels, pandas,
matplotlib) happen inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from landsea import vocabulary
from landsea.regimes import STANDARD_NAME, regime_names
from landsea.vocabulary import choices

app = typer.Typer(no_args_is_help=True)
REGIME_HELP = f"{choices(regime_names())}."

Seed = Annotated[int, typer.Option("--seed", help="Seed of the random streams.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Plot = Annotated[Path | None, typer.Option("--plot", help="Write a PNG/SVG/PDF.")]
Days = Annotated[int, typer.Option("--days", help="Days simulated.")]

CrossingName = Annotated[
    str, typer.Argument(metavar="name", help="Crossing id, name or a place beside it.")
]
Regime = Annotated[str, typer.Option("--regime", help=REGIME_HELP)]
ArrivalsPerDay = Annotated[
    float | None,
    typer.Option("--arrivals-per-day", help="Both directions; default: observed traffic."),
]
PeakFactor = Annotated[
    float, typer.Option("--peak-factor", help="Fruit-season arrivals multiplier (1: none).")
]
PeakDay = Annotated[
    float | None, typer.Option("--peak-day", help="Day of the peak (default mid-run).")
]
PeakWidth = Annotated[
    float | None, typer.Option("--peak-width-days", help="Half-width of the peak in days.")
]
PeakRedShare = Annotated[
    float,
    typer.Option("--peak-red-share", help="Extra red-channel share at the peak (fruit checks)."),
]
ShareAToB = Annotated[
    float, typer.Option("--share-a-to-b", help="Share of arrivals leaving place_a's side.")
]
HourlyProfile = Annotated[
    str | None,
    typer.Option("--hourly-profile", help="24 comma-separated arrival weights, 00h to 23h."),
]
WarmupDays = Annotated[
    int | None, typer.Option("--warmup-days", help="Days left out (default 10%).")
]
ExtendedHours = Annotated[
    bool, typer.Option("--extended-hours", help="Work to the later closing every day.")
]
ExtendAtQueue = Annotated[
    float | None,
    typer.Option("--extend-at-queue", help="Trucks waiting at closing that keep it open late."),
]
GateHours = Annotated[
    str | None, typer.Option("--hours", help="Gate hours HH:MM-HH:MM instead of the data's.")
]
CapacityPerDay = Annotated[
    float | None,
    typer.Option("--capacity-per-day", help="Both directions, instead of the data's."),
]
Mode = Annotated[str | None, typer.Option("--mode", help=f"{choices(vocabulary.Mode)}.")]
Compare = Annotated[bool, typer.Option("--compare", help="Run every regime too.")]
Replications = Annotated[
    int, typer.Option("--replications", help="Independent runs for 95% CIs of the KPIs.")
]
CsvFolder = Annotated[
    Path | None, typer.Option("--csv", help="Folder for trucks/daily/hourly/stages CSVs.")
]


@app.command("queue")
def queue(
    servers: Annotated[int, typer.Option("--servers", help="Parallel servers c.")],
    arrival_rate: Annotated[float, typer.Option("--arrival-rate", help="Arrivals per unit time.")],
    service_rate: Annotated[float, typer.Option("--service-rate", help="Services per unit time.")],
    customers: Annotated[
        int, typer.Option("--customers", help="Customers to simulate.")
    ] = 1_000_000,
    seed: Seed = 0,
    as_json: AsJson = False,
) -> None:
    """M/M/c validation: simulated mean wait with its 95% CI beside Erlang C."""
    from landsea.cli.output import print_json
    from landsea.cli.simulate_views import print_queue
    from landsea.simulation.queue import simulate_mmc

    result = simulate_mmc(servers, arrival_rate, service_rate, customers, seed)
    if as_json:
        print_json(result.to_dict())
    else:
        print_queue(result)


@app.command("crossing")
def crossing_command(
    crossing: CrossingName,
    days: Days = 60,
    regime: Regime = STANDARD_NAME,
    arrivals_per_day: ArrivalsPerDay = None,
    seed: Seed = 0,
    peak_factor: PeakFactor = 1.5,
    peak_day: PeakDay = None,
    peak_width_days: PeakWidth = None,
    peak_red_share: PeakRedShare = 0.2,
    share_a_to_b: ShareAToB = 0.5,
    hourly_profile: HourlyProfile = None,
    warmup_days: WarmupDays = None,
    extended_hours: ExtendedHours = False,
    extend_at_queue: ExtendAtQueue = None,
    hours: GateHours = None,
    capacity_per_day: CapacityPerDay = None,
    mode: Mode = None,
    compare: Compare = False,
    replications: Replications = 1,
    as_json: AsJson = False,
    plot: Plot = None,
    csv: CsvFolder = None,
) -> None:
    """Simulate a border crossing: dwell P50/P90/P99, queue, backlog, stage use."""
    options = dict(locals())  # every option but --json is a field of the study, same name
    del options["as_json"]
    from landsea.cli.output import print_json
    from landsea.cli.simulate_views import print_crossing_study
    from landsea.scenarios.crossing_study import CrossingStudy, run_crossing_study

    result = run_crossing_study(CrossingStudy(**options))
    if as_json:
        print_json(result.to_dict())
    else:
        print_crossing_study(result)


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
    seed: Seed = 0,
    loads: Annotated[
        str | None,
        typer.Option("--loads", help="Comma-separated fractions of capacity, e.g. 0.2,0.8,1.1."),
    ] = None,
    plot: Plot = None,
) -> None:
    """Delay curves (mean and P90 time against daily flow) for the assignment, as CSV."""
    from landsea.cli.output import console
    from landsea.data.delay_curves import write_delay_curves
    from landsea.scenarios.crossing_study import delay_curve_table
    from landsea.simulation.plots import check_picture_path, plot_curves

    if plot is not None:
        check_picture_path(plot)
    table = delay_curve_table(crossing, regime, loads, days, seed)
    written = write_delay_curves(table, out)
    crossings, regimes = table["crossing_id"].nunique(), table["regime"].nunique()
    flows = len(table) // (crossings * regimes)  # every curve has a row per distinct load
    console().print(
        f"{len(table)} points: {crossings} crossings x {regimes} regimes x {flows} flows, "
        f"written to {written}"
    )
    if plot is not None:
        console().print(f"plot written to {plot_curves(table, plot)}")


@app.command("terminal")
@app.command("yard", hidden=True)
def terminal(
    place: Annotated[str, typer.Argument(help="Gauge-change yard or sea-rail port: id or name.")],
    days: Days = 60,
    arrivals_per_day: Annotated[
        float | None,
        typer.Option(
            "--arrivals-per-day",
            "--trains-per-day",
            help="Trains or ships arriving a day (default 80% of capacity).",
        ),
    ] = None,
    from_mode: Annotated[
        str, typer.Option("--from-mode", help=f"Arrivals by this mode: {choices(vocabulary.Mode)}.")
    ] = vocabulary.Mode.RAIL_1435,
    outbound_per_day: Annotated[
        float | None, typer.Option("--outbound-per-day", help="Departures on the far side.")
    ] = None,
    tracks: Annotated[int | None, typer.Option("--tracks", help="Tracks or berths.")] = None,
    cranes: Annotated[int | None, typer.Option("--cranes", help="Cranes per train/ship.")] = None,
    seed: Seed = 0,
    as_json: AsJson = False,
    plot: Plot = None,
) -> None:
    """Simulate a terminal: trains or ships in batches, tracks/berths and cranes, departures."""
    from landsea.cli.output import print_json
    from landsea.cli.simulate_views import print_terminal_study
    from landsea.scenarios.terminal_study import TerminalStudy, run_terminal_study

    study = TerminalStudy(
        place, days, arrivals_per_day, from_mode, outbound_per_day, tracks, cranes, seed, plot
    )
    result = run_terminal_study(study)
    if as_json:
        print_json(result.to_dict())
    else:
        print_terminal_study(result)
