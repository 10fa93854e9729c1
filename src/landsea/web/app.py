"""The dashboard app: the hub's FastAPI app with the page, its assets and `/api/...` beside it.

`create_app(settings)` builds the hub (`landsea.hub.app.create_app`, the database upgraded) and
mounts on it: `/` the page, `/static/` the bundle `make web` built from frontend/, `/api/` the
dashboard's JSON. One process, one origin: the page calls the hub API with a token and the
dashboard API without one (it shows the public corridor model only).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from landsea.config import Settings
from landsea.errors import DataError
from landsea.hub.app import create_app as create_hub_app
from landsea.hub.observability import configure_json_logging
from landsea.web import heap
from landsea.web.api import router, warm_makers
from landsea.web.state import DashboardState

if TYPE_CHECKING:
    from landsea.network import Network


def static_folder() -> Path:
    """Where the built assets are (package data); DataError if `make web` has not run."""
    folder = Path(str(resources.files("landsea.web") / "static"))
    if not (folder / "index.html").is_file() or not (folder / "app.js").is_file():
        raise DataError(
            f"the dashboard is not built: {folder} has no index.html/app.js; run `make web` "
            "(npm ci and esbuild in frontend/)"
        )
    return folder


def create_app(
    settings: Settings | None = None,
    network_loader: Callable[[], Network] | None = None,
    *,
    warm: bool = True,
    settle_heap: bool = False,
) -> FastAPI:
    """The hub app with the dashboard mounted; raises DataError when the assets are missing.

    `warm`: compute the map's network and flows in a background thread at once (seconds), so
    the page is quick from its first visit. `settle_heap`: for a server process (`landsea
    serve`), keep the start-up heap out of the garbage collector's full passes, now and after
    the warm-up (`landsea.web.heap`)."""
    settings = settings or Settings()
    folder = static_folder()
    app = create_hub_app(settings, network_loader)
    app.state.dashboard = state = DashboardState(app.state.hub)
    warming = state.warm(warm_makers(state)) if warm else None
    if settle_heap:
        heap.settle_after(warming)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=folder), name="static")
    index = folder / "index.html"

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    return app


def app_from_env() -> FastAPI:
    """The uvicorn factory for several worker processes: settings from the environment (JSON
    logs as `landsea serve` chose, through LANDSEA_ACCESS_LOG)."""
    configure_json_logging(access=os.environ.get("LANDSEA_ACCESS_LOG") == "1")
    return create_app(Settings(), settle_heap=True)
