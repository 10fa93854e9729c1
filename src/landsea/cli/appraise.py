"""`landsea appraise SCENARIO --baseline B` and `landsea appraise rank SCENARIO...`.

`landsea appraise SCENARIO` is short for `landsea appraise project SCENARIO` (a word that is a
shipped scenario or a file goes to `project`). Heavy imports happen inside the commands; what
they print is appraise_views.py.

`landsea appraise ... --json` prints (stable): name, title, baseline, parameters
(discount_rate, carbon_price_usd_per_t or null for the ADB path, reliability_ratio,
growth_years, ramp_start), project (start_year, construction_years, horizon_years,
ramp_up_years, life_years, opening_year, capex_usd, capex_source, opex_usd_per_year,
opex_source), annual_benefits_usd (component -> USD a year at the model year; co2_t in tonnes;
time_usd.<commodity>), figures (npv_usd, bcr, eirr, first_year_return: central, p10, p50, p90,
mean), p_npv_positive, switching (item, label, pv_usd, switching_change), years (year,
capex_usd, opex_usd, <component>_usd, residual_usd, net_usd), monte_carlo (samples,
model_runs, failed_runs, surface, seed). `rank --json`: projects (as above, without years, with
npv_per_dollar), order, order_by_bcr, interactions (first, second, alone_usd_per_year,
together_usd_per_year, difference_usd_per_year, share, pv_usd), note.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from landsea.scenarios.appraisal import Parameters


def _is_scenario(word: str) -> bool:
    from landsea.scenarios.files import library_names

    return word.endswith(".toml") or word in library_names() or Path(word).is_file()


class _ProjectByDefault(TyperGroup):
    """A group whose first word may be a scenario: then it runs the `project` command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        first = args[0] if args else ""
        if first and first not in self.commands and not first.startswith("-"):
            args = ["project", *args] if _is_scenario(first) else args
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except Exception as err:  # click's UsageError (typer's copy of click or the real one)
            if hasattr(err, "message") and args:
                err.message = (
                    f"{err.message} It is not a shipped scenario or a file either: give "
                    "`landsea appraise SCENARIO --baseline B` or `landsea appraise rank A B ...`"
                )
            raise


app = typer.Typer(
    cls=_ProjectByDefault,
    no_args_is_help=True,
    help="Cost-benefit appraisal of project scenarios: NPV, BCR, EIRR, Monte Carlo, ranking. "
    "`landsea appraise SCENARIO --baseline B` is short for `landsea appraise project ...`; "
    "method and sourced defaults: docs/appraisal.md.",
)


def register(parent: typer.Typer) -> None:
    parent.add_typer(app, name="appraise")


BaselineOption = Annotated[str, typer.Option(help="The baseline scenario (file or name).")]
RateOption = Annotated[
    float, typer.Option(help="Discount rate, a share (0.09: ADB's 9 %; 0.06: World Bank).")
]
CarbonOption = Annotated[
    float | None,
    typer.Option(help="Carbon price USD/t CO2, flat (default: ADB's 36.3 in 2016, +2 %/yr)."),
]
SamplesOption = Annotated[int, typer.Option(help="Monte Carlo samples of the appraisal.")]
RunsOption = Annotated[
    int, typer.Option(help="Sampled pairs of model runs behind the response surface (0: none).")
]
SeedOption = Annotated[int, typer.Option(help="Seed of the designs and of every run.")]
WorkersOption = Annotated[
    int | None, typer.Option(help="Run the model runs on a local Dask cluster of N workers.")
]
SchedulerOption = Annotated[
    str | None, typer.Option(help="Run the model runs on a Dask scheduler, tcp://HOST:PORT.")
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the scenario store.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("project")
def project(
    scenario: Annotated[str, typer.Argument(help="Project scenario with a \\[project] table.")],
    baseline: BaselineOption = "baseline_2025",
    discount_rate: RateOption = 0.09,
    carbon_price: CarbonOption = None,
    samples: SamplesOption = 1000,
    model_runs: RunsOption = 8,
    seed: SeedOption = 0,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    chart: Annotated[
        Path | None, typer.Option(help="Write a PNG chart of benefits and costs by year.")
    ] = None,
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Appraise one project against a baseline: NPV, BCR, EIRR, switching values, P(NPV>0)."""
    from landsea.cli.appraise_views import appraisal_dict, clean, print_appraisal, write_chart
    from landsea.cli.output import print_json
    from landsea.scenarios.appraisal_runs import appraise
    from landsea.scenarios.files import load_scenario

    params = _parameters(discount_rate, carbon_price)
    spec, base = load_scenario(scenario), load_scenario(baseline)
    with _runner(workers, scheduler, model_runs * 2 + 2) as (executor, tick):
        settings = {"samples": samples, "model_runs": model_runs, "seed": seed}
        store = _store(no_cache)
        result = appraise(
            spec, base, params, **settings, executor=executor, store=store, progress=tick
        )
    if chart is not None:
        write_chart(result, chart)
    if as_json:
        print_json(clean(appraisal_dict(result, seed)))
        return
    print_appraisal(result, chart)


@app.command("rank")
def rank_command(
    scenarios: Annotated[list[str], typer.Argument(help="Project scenarios (files or names).")],
    baseline: BaselineOption = "baseline_2025",
    discount_rate: RateOption = 0.09,
    carbon_price: CarbonOption = None,
    samples: SamplesOption = 1000,
    model_runs: RunsOption = 8,
    seed: SeedOption = 0,
    top: Annotated[int, typer.Option(help="Run the pairs among the first N (0: none).")] = 3,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Rank projects by NPV per dollar of capital and by BCR, with pairs' interactions."""
    from landsea.cli.appraise_views import clean, print_ranking, ranking_dict
    from landsea.cli.output import print_json
    from landsea.scenarios.appraisal_rank import rank
    from landsea.scenarios.files import load_scenario

    params = _parameters(discount_rate, carbon_price)
    specs, base = [load_scenario(s) for s in scenarios], load_scenario(baseline)
    with _runner(workers, scheduler, model_runs * (len(specs) + 1)) as (executor, tick):
        ranking = rank(
            specs,
            base,
            params,
            samples=samples,
            model_runs=model_runs,
            seed=seed,
            top=top,
            executor=executor,
            store=_store(no_cache),
            progress=tick,
        )
    if as_json:
        print_json(clean(ranking_dict(ranking, seed)))
        return
    print_ranking(ranking)


def _parameters(discount_rate: float, carbon_price: float | None) -> Parameters:
    from landsea.scenarios.appraisal import Parameters

    return Parameters(discount_rate=discount_rate, carbon_price_usd_per_t=carbon_price)


def _store(no_cache: bool) -> Any:
    from landsea.cli.scenario import _store as scenario_store

    return scenario_store(no_cache)


def _runner(workers: int | None, scheduler: str | None, total: int) -> Any:
    from contextlib import contextmanager

    from landsea.cli.scenario_sweep import _executor, _progress

    @contextmanager
    def both() -> Any:
        with _executor(scheduler, workers, 5.0) as executor, _progress(total) as tick:
            yield executor, tick

    return both()
