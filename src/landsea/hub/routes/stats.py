"""Public corridor statistics: aggregates of actual events, open to everyone, CSV or JSON.

Callers without a valid token are rate-limited per address (429 with `Retry-After`); the tables
themselves are computed once per interval off the request path (`services.public_tables`).
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import PlainTextResponse

from landsea.hub.auth import Principal
from landsea.hub.deps import Hub, optional_principal
from landsea.hub.services.stats_queries import TABLES

router = APIRouter(prefix="/stats", tags=["statistics"])

Table = Literal["crossings", "volumes", "lanes", "lines", "time-distance"]
MaybeCaller = Annotated[Principal | None, Depends(optional_principal)]


@router.get("")
def index(context: Hub) -> dict[str, Any]:
    """What is published, and the suppression threshold."""
    return {"tables": list(TABLES), "min_consignments": context.settings.min_public_consignments}


@router.get(
    "/{table}",
    response_model=None,
    responses={200: {"content": {"text/csv": {}}}, 429: {"description": "too many requests"}},
)
def read_table(
    request: Request,
    context: Hub,
    caller: MaybeCaller,
    table: Annotated[Table, Path(description="crossings, volumes, lanes, lines, time-distance")],
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> dict[str, Any] | PlainTextResponse:
    """One table; rows with fewer than `min_consignments` consignments are left out."""
    if caller is None:
        wait = context.stats_limit.wait_s(request.client.host if request.client else "")
        if wait > 0:
            raise HTTPException(
                429, "too many requests; try again later", {"Retry-After": str(math.ceil(wait))}
            )
    frame = context.stats.table(table)
    if format == "csv":
        return PlainTextResponse(frame.to_csv(index=False), media_type="text/csv")
    return {
        "table": table,
        "min_consignments": context.settings.min_public_consignments,
        "columns": list(frame.columns),
        "rows": json.loads(frame.to_json(orient="records")),  # NaN -> null, numpy -> JSON
    }
