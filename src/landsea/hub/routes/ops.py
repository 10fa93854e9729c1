"""Operations: `GET /metrics` in the Prometheus text format (admin token; a scraper sends it
as `authorization: Bearer ...`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from landsea.hub.auth import Principal
from landsea.hub.deps import allowed
from landsea.hub.policy import Action

router = APIRouter(tags=["operations"])

Operator = Annotated[Principal, Depends(allowed(Action.READ_METRICS))]


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text"}},
)
def metrics(request: Request, _caller: Operator) -> Response:
    """Requests and latency by route and status, events stored, queue depths."""
    return Response(request.app.state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
