"""`landsea scenario sweep` (Monte Carlo, here or on Dask) and `landsea scenario disrupt`.

Registered on the `scenario` group by `register(app)`. Heavy imports happen inside commands.

`landsea scenario sweep --json` prints (stable): baseline, scenarios, seed, method, executor,
samples_per_scenario, kpis (scenario, kpi, p10, p50, p90, mean, samples, failed,
p_beats_baseline, drivers: [input, spearman_rho] strongest first), failures (scenario, sample,
seed, error, inputs). docs/scenarios-distributed.md shows runs on a Dask cluster.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from landsea.vocabulary import Fidelity, choices

if TYPE_CHECKING:
    from landsea.scenarios.executors import Executor
    from landsea.scenarios.sweep import SweepResult


def register(app: typer.Typer) -> None:
    """Add `sweep` and `disrupt` to the scenario group."""
    app.command("sweep")(sweep)
    app.command("disrupt")(disrupt)


_FIDELITY_HELP = "; ".join(f"{word}: {word.describe()}" for word in Fidelity)


def sweep(
    files: Annotated[
        list[str],
        typer.Argument(help="Scenario files or shipped names; the first is the baseline."),
    ],
    samples: Annotated[int, typer.Option(help="Samples per scenario.")] = 100,
    seed: Annotated[int, typer.Option(help="Seed of the design and of every sample.")] = 0,
    method: Annotated[str, typer.Option(help="lhs (Latin hypercube) or sobol.")] = "lhs",
    baseline: Annotated[str | None, typer.Option(help="Baseline scenario (by name).")] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="An existing Dask scheduler, tcp://HOST:PORT.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Start a local Dask cluster of N worker processes.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the scheduler.")] = 5.0,
    out: Annotated[
        Path | None, typer.Option(help="Folder for sweep_samples/summary/drivers.parquet.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON summary.")] = False,
    fidelity: Annotated[str, typer.Option(help=_FIDELITY_HELP)] = Fidelity.SURROGATE.value,
) -> None:
    """Monte Carlo: KPI P10/P50/P90, P(beats baseline), the inputs driving each KPI."""
    result = _run_sweep(
        files, samples, seed, method, baseline, scheduler, workers, timeout, fidelity
    )
    _report_sweep(result, out, as_json)


def _run_sweep(
    files: list[str], samples: int, seed: int, method: str, baseline: str | None,
    scheduler: str | None, workers: int | None, timeout: float, fidelity: str,
) -> SweepResult:  # fmt: skip
    from landsea.errors import ScenarioError
    from landsea.scenarios.files import load_scenario
    from landsea.scenarios.runner import SAMPLERS
    from landsea.scenarios.sweep import sweep as run_sweep

    if fidelity not in set(Fidelity):
        raise ScenarioError(f"--fidelity {fidelity!r}: give {choices(Fidelity)}")
    sample_kpis = SAMPLERS[Fidelity(fidelity)]
    scenarios = [load_scenario(ref) for ref in files]
    with (
        _executor(scheduler, workers, timeout) as executor,
        _progress(len(files) * samples) as tick,
    ):
        return run_sweep(
            scenarios, samples, seed, sample_kpis, executor, baseline,
            method,  # type: ignore[arg-type]
            tick,
        )  # fmt: skip


def _report_sweep(result: SweepResult, out: Path | None, as_json: bool) -> None:
    """Parquet if asked, the table or the JSON summary; exit 1 when a sample failed."""
    from landsea.cli.output import print_json
    from landsea.scenarios.sweep import summary_dict, write_parquet

    if out is not None:
        write_parquet(result, out)
    if as_json:
        print_json(summary_dict(result))
    else:
        _print_sweep(result)
    if len(result.failures):
        raise typer.Exit(1)


def _executor(
    scheduler: str | None, workers: int | None, timeout: float
) -> AbstractContextManager[Executor | None]:
    if scheduler is None and workers is None:
        return nullcontext(None)
    from landsea.scenarios.executors import dask_executor

    return dask_executor(scheduler, workers, timeout)


def _progress(total: int) -> Any:
    from contextlib import contextmanager

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from landsea.cli.output import error_console

    @contextmanager
    def bar() -> Any:
        columns = (
            TextColumn("samples"), BarColumn(), MofNCompleteColumn(),
            TextColumn("failed {task.fields[failed]}"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(),
        )  # fmt: skip
        with Progress(*columns, console=error_console(), transient=True) as progress:
            task = progress.add_task("sweep", total=total, failed=0)
            failed = 0

            def tick(outcome: Any) -> None:
                nonlocal failed
                failed += int(outcome.failed)
                progress.update(task, advance=1, failed=failed)

            yield tick

    return bar()


def _print_sweep(result: SweepResult) -> None:
    import numpy as np
    from rich.table import Table

    from landsea.cli.output import console

    out = console()
    summary = result.summary()
    shown = summary[summary["kpi"].str.startswith("total.")]
    drivers = result.drivers()
    out.print(
        f"sweep: {len(result.scenarios)} scenarios x "
        f"{int(result.samples.groupby('scenario').size().max())} samples ({result.method}, "
        f"seed {result.seed}, {result.executor}); baseline {result.baseline}"
    )
    table = Table("scenario", "KPI (unit in the name)", "P10", "P50", "P90", "P(beats base)",
                  "top driver (Spearman)")  # fmt: skip
    for row in shown.to_dict("records"):
        top = drivers[(drivers["scenario"] == row["scenario"]) & (drivers["kpi"] == row["kpi"])]
        first = top.head(1).to_dict("records")
        driver = f"{first[0]['input']} ({first[0]['spearman_rho']:+.2f})" if first else ""
        p = float(row["p_beats_baseline"])
        table.add_row(
            str(row["scenario"]), str(row["kpi"]).removeprefix("total."),
            *(f"{float(row[q]):,.1f}" for q in ("p10", "p50", "p90")),
            "" if np.isnan(p) else f"{p:.0%}", driver,
        )  # fmt: skip
    out.print(table)
    out.print(
        f"{summary['kpi'].nunique()} KPIs in all (per pair, crossing and mode): --json or --out"
    )
    for failure in result.failures.to_dict("records"):
        inputs = {k: v for k, v in failure.items() if str(k).startswith("input:")}
        out.print(
            f"[red]sample {failure['sample']} of {failure['scenario']} failed[/]: "
            f"{failure['error']} (seed {failure['seed']}, inputs {inputs})"
        )


def disrupt(
    scenario: Annotated[
        str,
        typer.Argument(help="Scenario (file or shipped name); its \\[disruption] table if any."),
    ] = "baseline_2025",
    close: Annotated[
        str | None,
        typer.Option(
            help="A crossing, border place, port or sea passage (Strait of Malacca) to close."
        ),
    ] = None,
    days: Annotated[float | None, typer.Option(help="Days closed.")] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day closed (YYYY-MM-DD), for the report.")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed (default: the scenario's).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """An element closed D days: rerouting, extra cost/time/CO2, backlog and days to clear."""
    from landsea.cli.output import console, print_json
    from landsea.scenarios.disrupt import closure_of
    from landsea.scenarios.disrupt import disrupt as run_disruption
    from landsea.scenarios.files import load_scenario

    spec = load_scenario(scenario)
    closure = closure_of(spec, close, days, start)
    result = run_disruption(spec, closure, spec.seed if seed is None else seed)
    if as_json:
        print_json(result.to_dict())
        return
    console().print(result.text())
