"""The hub's FastAPI application: `create_app(settings)`; `app_from_env()` for uvicorn.

The database is upgraded to the newest schema when the app is made. Domain errors from
`landsea.errors` become HTTP statuses here, and nothing a client sends should produce a 500.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from landsea.config import Settings
from landsea.errors import (
    DataError,
    HubError,
    LandseaError,
    NoRouteError,
    RefusedDocumentError,
    UnknownNameError,
)
from landsea.hub import migrate
from landsea.hub.context import HubContext
from landsea.hub.db import Database
from landsea.hub.groupcommit import WriteTimeoutError
from landsea.hub.limits import RequestSizeLimit
from landsea.hub.observability import HubMetrics, RequestTelemetry, configure_json_logging
from landsea.hub.routes import ROUTERS
from landsea.hub.services.federation_sync import FederationSync
from landsea.hub.services.subscriptions import WebhookDispatcher

if TYPE_CHECKING:
    from landsea.network import Network

log = logging.getLogger("landsea.hub")

DESCRIPTION = """The single-window logistics hub of the land-sea corridor: one consignment with one
document, its itinerary planned on the corridor network, tracking events in the DCSA Track & Trace
vocabulary, pre-arrival declarations per border crossing shared by the authorities on both sides,
public statistics, a tamper-evident audit log and signed exchange between national hubs.

Every endpoint but `/health` and `/stats/*` needs `Authorization: Bearer <token>`."""


def create_app(
    settings: Settings | None = None, network_loader: Callable[[], Network] | None = None
) -> FastAPI:
    """A hub app on `settings.database_url`, its database upgraded to the newest schema."""
    settings = settings or Settings()
    db = Database(settings.database_url)
    migrate.upgrade(db.engine)
    context = HubContext(settings, db)
    if network_loader is not None:
        context.network_loader = network_loader
    app = FastAPI(
        title="landsea hub", version="1", description=DESCRIPTION, lifespan=_lifespan(context)
    )
    app.state.hub = context
    for router in ROUTERS:
        app.include_router(router)
    _install_error_handlers(app)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    app.state.metrics = HubMetrics(db, context.writer.waiting)
    app.add_middleware(RequestTelemetry, metrics=app.state.metrics)  # outermost: sees every answer
    return app


def _lifespan(context: HubContext) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """While the app serves, background threads deliver webhooks and exchange with peer hubs."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        dispatcher = WebhookDispatcher(context.db, context.settings.webhook_allowed_hosts)
        context.dispatcher = dispatcher
        dispatcher.start()
        context.federation = FederationSync(context.db, context.settings)
        context.federation.start()
        try:
            yield
        finally:
            context.federation.stop()
            dispatcher.stop()
            context.writer.stop()

    return lifespan


def app_from_env() -> FastAPI:
    """The uvicorn factory: settings from the environment (LANDSEA_DATABASE_URL, ...); JSON
    logs, with a line per request when LANDSEA_ACCESS_LOG=1 (`landsea serve --access-log`)."""
    configure_json_logging(access=os.environ.get("LANDSEA_ACCESS_LOG") == "1")
    return create_app(Settings())


def _status_of(err: LandseaError) -> int:
    if isinstance(err, HubError):
        return err.status_code
    if isinstance(err, DataError | UnknownNameError | NoRouteError):
        return 422
    return 400


def _printable(text: str) -> str:
    """Text safe to put in a JSON answer: a lone surrogate becomes its escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _field_errors(err: RequestValidationError) -> list[dict[str, Any]]:
    """Each refusal naming its field, without the refused value: an input of NaN, Infinity or
    a lone surrogate cannot be rendered as JSON, and echoing input back helps no one."""
    return [
        {
            "loc": [part if isinstance(part, int) else _printable(str(part)) for part in e["loc"]],
            "msg": _printable(str(e["msg"])),
            "type": str(e["type"]),
        }
        for e in err.errors()
    ]


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _field_errors(err)}, status_code=422)

    @app.exception_handler(LandseaError)
    async def domain_error(_request: Request, err: LandseaError) -> JSONResponse:
        body: dict[str, object] = {"detail": str(err)}
        if isinstance(err, UnknownNameError):
            body["suggestions"] = err.suggestions
        if isinstance(err, NoRouteError) and err.cut_by:
            body["cut_by"] = err.cut_by
        if isinstance(err, RefusedDocumentError):  # read by the sending hub, not its text
            body["refused_sequence"] = err.sequence
        return JSONResponse(body, status_code=_status_of(err))

    @app.exception_handler(OperationalError)
    @app.exception_handler(WriteTimeoutError)
    async def database_unavailable(_request: Request, err: Exception) -> JSONResponse:
        # The database is down, locked past the busy timeout or out of connections: a reason to
        # come back later, not an error in what the client sent.
        log.warning("database unavailable: %s", err)
        return JSONResponse(
            {"detail": "the hub's database is unavailable; try again shortly"},
            status_code=503,
            headers={"Retry-After": "5"},
        )
