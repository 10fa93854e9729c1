"""`landsea serve`: the dashboard and the hub API in one process (FastAPI on uvicorn).

By default it first fills the hub with the demo (`landsea.hub.demo.seed_demo`: an operator,
carriers, authorities, the public, consignments along the paper's lines) and prints a fresh
token per demo organisation, so the page is alive from the first minute. `--no-demo` is the
path for a real deployment: nothing is added to the database. Heavy imports happen inside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from landsea.cli.output import console

if TYPE_CHECKING:
    from landsea.config import Settings


def register(app: typer.Typer) -> None:
    """Add `serve` to the top-level app."""
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    database: Annotated[
        str | None,
        typer.Option("--database", help="SQLAlchemy URL (default: LANDSEA_DATABASE_URL)."),
    ] = None,
    demo: Annotated[
        bool, typer.Option(help="Seed the demo hub and print its tokens (--no-demo: don't).")
    ] = True,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes.")] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request (costs throughput).")] = False,
) -> None:
    """Run the dashboard and the hub API; the database is upgraded at start."""
    from landsea.config import Settings
    from landsea.web.app import static_folder

    settings = Settings(database_url=database) if database else Settings()
    static_folder()  # the built page, or exit 2 naming `make web`, before any work
    if demo:
        _seed_demo(settings)
    console().print(f"dashboard: http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    _run(settings, host, port, workers, access_log)


def _run(settings: Settings, host: str, port: int, workers: int, access_log: bool) -> None:
    import os

    import uvicorn

    from landsea.hub.observability import configure_json_logging
    from landsea.web.app import create_app

    # The hub logs JSON lines with request ids (one per request with --access-log) in place of
    # uvicorn's access log; worker processes read the choice from the environment.
    os.environ["LANDSEA_ACCESS_LOG"] = "1" if access_log else "0"
    configure_json_logging(access=access_log)
    if workers == 1:
        app = create_app(settings, settle_heap=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    create_app(settings)  # upgrades the database once, here, before the workers start
    os.environ["LANDSEA_DATABASE_URL"] = settings.database_url
    uvicorn.run(
        "landsea.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


def _seed_demo(settings: Settings) -> None:
    """The demo hub, and one line per demo organisation with its fresh token (whole: a token
    cut to fit a table is no use)."""
    from landsea.hub import migrate, seed_demo
    from landsea.hub.db import Database

    db = Database(settings.database_url)
    try:
        migrate.upgrade(db.engine)
        seeded = seed_demo(db)
    finally:
        db.dispose()
    out = console()
    out.print(f"demo hub: {seeded.created} consignments opened now, {seeded.kept} already there")
    out.print("demo tokens (sign in with one; earlier demo tokens are revoked):")
    for key, issued in seeded.tokens.items():
        typer.echo(f"  {key:<20} {issued.token}  {issued.organisation_name}")
