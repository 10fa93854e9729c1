"""The `landsea` command: one Typer app, one thin module per command group.

Command modules import heavy libraries inside their functions, so `landsea route` in a fresh
process does not pay for the hub, the assignment or matplotlib.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from landsea.cli import (
    appraise,
    assign,
    calibrate,
    hub,
    indicators,
    locate,
    network,
    route,
    scenario,
    scenario_sweep,
    serve,
    simulate,
    tntp,
)
from landsea.cli.output import error_console
from landsea.errors import LandseaError

app = typer.Typer(
    name="landsea",
    help="Corridor model and single-window hub for the ILSTC and the Lancang-Mekong region.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
route.register(app)
assign.register(app)
calibrate.register(app)
app.add_typer(network.app, name="network", help="Validate, import and export networks.")
app.add_typer(tntp.app, name="tntp", help="TNTP test networks: shortest-path trees, assignment.")
app.add_typer(simulate.app, name="simulate", help="Border-crossing and queue simulation.")
hub.register(app)
serve.register(app)
scenario.register(app)
scenario_sweep.register(scenario.app)
locate.register(app)
indicators.register(app)
appraise.register(app)


def main() -> None:
    """Entry point: a LandseaError becomes a message and its exit code, never a traceback.

    Click's standalone mode turns its own usage errors into one line and exit 2, and a
    `typer.Exit` into its code, whichever click (its own or the copy typer bundles) is in use;
    only our own errors are left to translate here.
    """
    try:
        app()
    except LandseaError as err:
        error_console().print(f"[bold red]error:[/] {escape(str(err))}", soft_wrap=True)
        sys.exit(err.exit_code)


if __name__ == "__main__":
    main()
