"""The dashboard's JSON endpoints (`/api/...`): the map, the planner, scenarios, crossings.

Each handler parses its query, calls the function the matching CLI command calls and returns
what comes back; domain errors become 4xx answers through the hub's error handlers (an unknown
place is 422 with suggestions, no route is 422 naming the constraint that cut it). These
endpoints read the public corridor model only: nothing here touches the hub's database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field

from landsea.regimes import STANDARD_NAME
from landsea.vocabulary import Commodity
from landsea.web import corridor_map, crossing_views, planner, scenario_views
from landsea.web.state import DashboardState

router = APIRouter(prefix="/api", tags=["dashboard"])


JSON = "application/json"


def _json(payload: Any) -> Response:
    """JSON written at once: the answers are plain dicts, and FastAPI's encoder walking a
    70 kB answer cell by cell costs more than the search that made it."""
    return Response(json.dumps(payload, ensure_ascii=False, allow_nan=False), media_type=JSON)


def _state(request: Request) -> DashboardState:
    state: DashboardState = request.app.state.dashboard
    return state


def _network_document(state: DashboardState) -> dict[str, Any]:
    """The map's places, links and crossings, made once per app."""
    document: dict[str, Any] = state.cached(
        "network", lambda: corridor_map.network_document(state.network())
    )
    return document


def _flow_layer(state: DashboardState) -> dict[str, Any]:
    """The baseline assignment's flows, made once per app (seconds)."""
    layer: dict[str, Any] = state.cached("flows", lambda: corridor_map.flow_layer(state.network()))
    return layer


def warm_makers(state: DashboardState) -> dict[str, Callable[[], Any]]:
    """What `/api/network` and `/api/flows` compute on first use, to warm at start."""
    return {"network": partial(_network_document, state), "flows": partial(_flow_layer, state)}


@router.get("/network", response_class=Response, responses={200: {"content": {JSON: {}}}})
def network(request: Request) -> Response:
    """Places, links and crossings (GeoJSON) with the paper's lines and the form vocabulary."""
    state = _state(request)
    extra = {"vocabulary": corridor_map.vocabulary(), "basemap": state.settings.basemap_tiles}
    return _json({**_network_document(state), **extra})


@router.get("/flows")
def flows(request: Request) -> dict[str, Any]:
    """TEU a day per link and crossing loads from the baseline assignment (seconds, once)."""
    return _flow_layer(_state(request))


@router.get("/places")
def places(request: Request) -> list[dict[str, Any]]:
    """Every place (id, name, country, aliases) for the planner's type-ahead."""
    state = _state(request)
    return state.cached("places", lambda: corridor_map.place_choices(state.network()))


@router.get("/route", response_class=Response, responses={200: {"content": {JSON: {}}}})
def route(
    request: Request,
    origin: Annotated[str, Query(min_length=1, max_length=100)],
    destination: Annotated[str, Query(min_length=1, max_length=100)],
    commodity: Commodity = Commodity.ELECTRONICS,
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    regime: Annotated[str, Query(max_length=40)] = STANDARD_NAME,
    avoid_country: Annotated[list[str] | None, Query(max_length=10)] = None,
    avoid_mode: Annotated[list[str] | None, Query(max_length=10)] = None,
    avoid_crossing: Annotated[list[str] | None, Query(max_length=10)] = None,
) -> Response:
    """The Pareto options over time, cost and CO2 (`landsea route --pareto --json`)."""
    from landsea.routing import RouteRequest

    route_request = RouteRequest(
        origin,
        destination,
        commodity=commodity,
        avoid_countries=tuple(avoid_country or ()),
        avoid_modes=tuple(avoid_mode or ()),
        avoid_crossings=tuple(avoid_crossing or ()),
        year=year,
        regime=regime,
    )
    return _json(planner.plan(_state(request).network(), route_request))


@router.get("/scenarios")
def scenarios(request: Request) -> dict[str, Any]:
    """The shipped scenarios (with `stored` when a result is in the store) and the sweeps."""
    settings = _state(request).settings
    return {
        "scenarios": scenario_views.scenario_list(settings),
        "sweeps": scenario_views.sweep_list(settings),
    }


class ComparisonRequest(BaseModel):
    """Scenarios to compare, by shipped name; the baseline is one of them."""

    scenarios: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(max_length=6)
    baseline: str = Field(min_length=1, max_length=80)


@router.post("/scenarios/compare", status_code=202)
def compare(request: Request, body: ComparisonRequest) -> dict[str, Any]:
    """Start a comparison as a background job; poll `/api/jobs/{job_id}` for its progress."""
    state = _state(request)
    names = list(dict.fromkeys(body.scenarios))
    scenario_views.check_comparison(names, body.baseline)
    job = state.jobs.submit(
        f"compare {', '.join(names)} against {body.baseline}",
        lambda progress: scenario_views.comparison(state.settings, names, body.baseline, progress),
    )
    return job.to_dict()


@router.get("/scenarios/{name}/flows")
def scenario_flows(request: Request, name: Annotated[str, Path(max_length=80)]) -> dict[str, Any]:
    """A stored scenario's TEU a day per link and crossing loads (400 when not stored yet)."""
    return scenario_views.stored_flows(_state(request).settings, name)


@router.get("/jobs/{job_id}")
def job(request: Request, job_id: str) -> dict[str, Any]:
    """A background job's state and progress; its result once done."""
    found = _state(request).jobs.get(job_id)
    if found is None:
        raise HTTPException(404, f"no job {job_id!r} (jobs are forgotten when the server restarts)")
    return found.to_dict()


@router.get("/sweeps/{name}")
def sweep(request: Request, name: str) -> dict[str, Any]:
    """A stored sweep's KPI distributions per scenario (min, quartiles, max)."""
    return scenario_views.sweep_distributions(_state(request).settings, name)


@router.get("/crossings")
def crossings(request: Request) -> list[dict[str, Any]]:
    """The crossings the simulation knows (id, name, mode)."""
    state = _state(request)
    return state.cached("crossings", lambda: crossing_views.crossing_list(state.network()))


@router.get("/crossings/{crossing}/day")
def crossing_day(
    crossing: str,
    regime: Annotated[str, Query(max_length=40)] = STANDARD_NAME,
    days: Annotated[int, Query(ge=7, le=crossing_views.MAX_DAYS)] = 28,
    seed: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> dict[str, Any]:
    """Queue by hour of day and dwell per regime (`landsea simulate crossing --compare`)."""
    return crossing_views.crossing_day(crossing, regime, days, seed)
