"""Public corridor statistics: aggregates of actual events, open to everyone, CSV or JSON."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import PlainTextResponse

from landsea.errors import LandseaError
from landsea.hub.context import HubContext
from landsea.hub.deps import Hub
from landsea.hub.services.stats_queries import TABLES, public_table

if TYPE_CHECKING:
    import pandas as pd

router = APIRouter(prefix="/stats", tags=["statistics"])
log = logging.getLogger("landsea.hub")

Table = Literal["crossings", "volumes", "lanes", "lines", "time-distance"]


@router.get("")
def index(context: Hub) -> dict[str, Any]:
    """What is published, and the suppression threshold."""
    return {"tables": list(TABLES), "min_consignments": context.settings.min_public_consignments}


@router.get("/{table}", response_model=None, responses={200: {"content": {"text/csv": {}}}})
def read_table(
    context: Hub,
    table: Annotated[Table, Path(description="crossings, volumes, lanes, lines, time-distance")],
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> dict[str, Any] | PlainTextResponse:
    """One table; rows with fewer than `min_consignments` consignments are left out."""
    threshold = context.settings.min_public_consignments
    frame = context.cached(f"stats:{table}", lambda: _compute(context, table, threshold))
    if format == "csv":
        return PlainTextResponse(frame.to_csv(index=False), media_type="text/csv")
    return {
        "table": table,
        "min_consignments": threshold,
        "columns": list(frame.columns),
        "rows": json.loads(frame.to_json(orient="records")),  # NaN -> null, numpy -> JSON
    }


def network_lines(context: HubContext) -> pd.DataFrame | None:
    """The named lines of the corridor network, or None when no network can be loaded."""
    try:
        tables = context.network().tables
    except LandseaError as err:
        log.warning("statistics without corridor lines: %s", err)
        return None
    return getattr(tables, "lines", None)


def _compute(context: HubContext, table: str, threshold: int) -> pd.DataFrame:
    lines = network_lines(context) if table == "lines" else None
    with context.db.read() as session:
        return public_table(session, table, threshold, lines)
