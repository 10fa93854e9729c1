"""Operations: a request id on every request and log line, JSON logs, Prometheus metrics.

- `RequestTelemetry` (ASGI middleware) takes the caller's `X-Request-ID` (or makes one), returns
  it on the answer, keeps it in a context variable for every log line written meanwhile, counts
  the request and times it by route template (not by path: ids would make a series each) and
  status, and writes one access line (logger `landsea.hub.access`, INFO).
- `JsonLogFormatter` writes a log record as one JSON object with its request id;
  `configure_json_logging` installs it (`landsea serve` does).
- `HubMetrics` keeps one Prometheus registry per app: the request counters and histograms above,
  and gauges read from the database when scraped (events stored, webhook deliveries pending) and
  from the process (writes waiting for the group writer).
"""

from __future__ import annotations

import contextvars
import itertools
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from landsea.hub.db import Database
from landsea.hub.models import TrackingEvent, WebhookDelivery

__all__ = [
    "REQUEST_ID_HEADER",
    "HubMetrics",
    "JsonLogFormatter",
    "RequestTelemetry",
    "configure_json_logging",
    "current_request_id",
]

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's request id is kept when it is short and plain; anything else is replaced, so a log
# line can never be forged or bloated through it.
_GOOD_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "landsea_request_id", default=None
)
access_log = logging.getLogger("landsea.hub.access")
# Latency buckets in seconds: the hub's targets are 50 and 100 ms at p99.
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def current_request_id() -> str | None:
    """The id of the request being served (None outside a request)."""
    return _request_id.get()


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, and
    the fields a caller put in `extra={"fields": {...}}`."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a line of JSON."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            line["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure_json_logging(level: int = logging.INFO, access: bool = False) -> None:
    """Log the `landsea` loggers as JSON lines to stderr; request lines only with `access`
    (one line per request costs throughput)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger("landsea")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    access_log.setLevel(logging.INFO if access else logging.WARNING)


class HubMetrics:
    """The hub's Prometheus metrics, in a registry of its own (one per app)."""

    def __init__(self, db: Database, waiting_writes: Callable[[], int]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "landsea_hub_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "landsea_hub_request_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_StoredCounts(db, waiting_writes))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request and its latency."""
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def exposition(self) -> bytes:
        """Every metric in the Prometheus text format (version 0.0.4)."""
        return generate_latest(self.registry)


class _StoredCounts(Collector):
    """Gauges read when scraped: two cheap queries, no state kept between scrapes."""

    def __init__(self, db: Database, waiting_writes: Callable[[], int]) -> None:
        self.db = db
        self.waiting_writes = waiting_writes

    def describe(self) -> Iterable[Metric]:
        return []  # the gauges are made when collected; nothing to check at registration

    def collect(self) -> Iterable[Metric]:
        with self.db.read() as session:
            events = session.scalar(select(func.count()).select_from(TrackingEvent)) or 0
            pending = session.scalar(
                select(func.count())
                .select_from(WebhookDelivery)
                .where(WebhookDelivery.status == "pending")
            )
        yield GaugeMetricFamily(
            "landsea_hub_events_stored", "Tracking events in the database.", value=events
        )
        queue = GaugeMetricFamily(
            "landsea_hub_queue_depth", "Work waiting, by queue.", labels=["queue"]
        )
        queue.add_metric(["webhook_deliveries"], pending or 0)
        queue.add_metric(["group_writer"], self.waiting_writes())
        yield queue


class RequestTelemetry:
    """ASGI middleware: request id in and out, metrics by route and status, an access line."""

    def __init__(self, app: ASGIApp, metrics: HubMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id_of(scope)
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status = 500  # if the app fails before it answers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.observe(scope["method"], route, status, seconds)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %d",
                    scope["method"],
                    route,
                    status,
                    extra={"fields": _access_fields(scope, route, status, seconds)},
                )
            _request_id.reset(token)


# Ids this process makes: a random prefix per process and a counter (a uuid4 per request costs a
# system call for randomness; these need to be unique, not unguessable).
_OWN_PREFIX = uuid.uuid4().hex[:16]
_own_ids = itertools.count(1)


def _request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            given = value.decode("latin-1")
            if _GOOD_REQUEST_ID.match(given):
                return given
            break
    return f"{_OWN_PREFIX}{next(_own_ids):016x}"


def _access_fields(scope: Scope, route: str, status: int, seconds: float) -> dict[str, Any]:
    client = scope.get("client")
    return {
        "method": scope["method"],
        "path": scope.get("path", ""),
        "route": route,
        "status": status,
        "duration_ms": round(seconds * 1000, 3),
        "client": client[0] if client else None,
    }
