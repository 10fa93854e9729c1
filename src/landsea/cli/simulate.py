"""`landsea simulate`: border-crossing, terminal and queue simulation; delay curves.

Heavy imports (numba kernels, pandas, matplotlib) happen inside the commands.
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


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
