"""DCSA Track & Trace 2.2: `GET /v2/events`, `GET /v2/events/{eventID}` and
`/v2/event-subscriptions`, in DCSA's names, headers, pagination and error shape.

Every answer carries `API-Version: 2.2.0`; a request's optional `API-Version` must name major
version 2. Lists are paged by an opaque `cursor` carrying the filters: `Current-Page` and, when
more follow, `Next-Page` hold the links (DCSA puts them in headers, not in the body).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from datetime import datetime
from enum import StrEnum
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
    status,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from landsea.errors import LandseaError
from landsea.hub.auth import Principal
from landsea.hub.deps import Hub, allowed
from landsea.hub.models import utcnow
from landsea.hub.policy import Action
from landsea.hub.schemas.dcsa import (
    API_VERSION,
    BookingReference,
    DcsaEvent,
    DocumentReference,
    SecretIn,
    SubscriptionFilters,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionUpdate,
)
from landsea.hub.schemas.types import ContainerNumber, Locode, Time
from landsea.hub.services import dcsa
from landsea.vocabulary import EquipmentEventCode, EventType, ShipmentEventCode, TransportEventCode

_API_MAJOR = API_VERSION.split(".")[0]


def _dcsa_error(request: Request, status_code: int, messages: list[tuple[str, str]]) -> Response:
    """DCSA's error object: method, URI, status, time and (reason, message) pairs."""
    body = {
        "httpMethod": request.method,
        "requestUri": str(request.url.path),
        "statusCode": status_code,
        "statusCodeText": HTTPStatus(status_code).phrase,
        "errorDateTime": utcnow().isoformat(),
        "errors": [{"reason": reason, "message": message} for reason, message in messages],
    }
    headers = {"API-Version": API_VERSION}
    if status_code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status_code, headers=headers)


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class DcsaRoute(APIRoute):
    """A route answering errors in DCSA's shape (the rest of the hub keeps FastAPI's)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def dcsa_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except RequestValidationError as err:
                messages = [
                    (str(e["type"]), _printable(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"))
                    for e in err.errors()
                ]
                return _dcsa_error(request, 400, messages)
            except HTTPException as err:
                return _dcsa_error(request, err.status_code, [("http", str(err.detail))])
            except LandseaError as err:
                code = getattr(err, "status_code", 400)
                code = 400 if code == 422 else code
                return _dcsa_error(request, code, [(type(err).__name__, _printable(str(err)))])
            response.headers["API-Version"] = API_VERSION
            return response

        return dcsa_handler


def _api_version(
    api_version: Annotated[
        str | None,
        Header(alias="API-Version", max_length=20, description="the major version asked: 2"),
    ] = None,
) -> None:
    if api_version is not None and api_version.strip() != _API_MAJOR:
        raise HTTPException(400, f"this hub publishes DCSA Track & Trace {API_VERSION}")


router = APIRouter(
    prefix="/v2",
    tags=["DCSA Track & Trace 2.2"],
    route_class=DcsaRoute,
    dependencies=[Depends(_api_version)],
)

Reader = Annotated[Principal, Depends(allowed(Action.READ_EVENTS))]
Subscriber = Annotated[Principal, Depends(allowed(Action.SUBSCRIBE))]
SubscriptionId = Annotated[uuid.UUID, Path(alias="subscriptionID")]
Limit = Annotated[int, Query(ge=1, le=dcsa.MAX_PAGE)]
# A list's answer: the page, with DCSA's paging links in headers.
_PAGED: dict[int | str, dict[str, Any]] = {
    200: {"headers": {"Current-Page": {}, "Next-Page": {}, "API-Version": {}}}
}


def _codes(name: str) -> Any:
    return Query(alias=name, description="comma-separated: any of them", max_length=200)


def _split(raw: str | None, kind: type[StrEnum], name: str) -> list[Any] | None:
    """A DCSA comma-separated list (`style: form, explode: false`), each value checked."""
    if raw is None:
        return None
    try:
        return [kind(part.strip()) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise HTTPException(400, f"{name}: not one of {', '.join(kind)}") from None


def _page_link(request: Request, cursor: str) -> str:
    return str(request.url.replace_query_params(cursor=cursor))


@router.get(
    "/events",
    response_model_exclude_none=True,
    responses=_PAGED,
)
def list_events(
    request: Request,
    response: Response,
    context: Hub,
    caller: Reader,
    event_type: Annotated[str | None, _codes("eventType")] = None,
    shipment_codes: Annotated[str | None, _codes("shipmentEventTypeCode")] = None,
    transport_codes: Annotated[str | None, _codes("transportEventTypeCode")] = None,
    equipment_codes: Annotated[str | None, _codes("equipmentEventTypeCode")] = None,
    booking: Annotated[BookingReference | None, Query(alias="carrierBookingReference")] = None,
    document: Annotated[DocumentReference | None, Query(alias="transportDocumentReference")] = None,
    equipment: Annotated[ContainerNumber | None, Query(alias="equipmentReference")] = None,
    location: Annotated[Locode | None, Query(alias="UNLocationCode")] = None,
    created_eq: Annotated[Time | None, Query(alias="eventCreatedDateTime")] = None,
    created_gte: Annotated[Time | None, Query(alias="eventCreatedDateTime:gte")] = None,
    created_gt: Annotated[Time | None, Query(alias="eventCreatedDateTime:gt")] = None,
    created_lte: Annotated[Time | None, Query(alias="eventCreatedDateTime:lte")] = None,
    created_lt: Annotated[Time | None, Query(alias="eventCreatedDateTime:lt")] = None,
    created_eq_op: Annotated[Time | None, Query(alias="eventCreatedDateTime:eq")] = None,
    limit: Limit = 100,
    cursor: Annotated[str | None, Query(max_length=4000)] = None,
) -> list[DcsaEvent]:
    """Events the caller may read, filtered as DCSA's Track & Trace 2.2 says; with `cursor`,
    the page it points to (its filters travel with it; other filters are then ignored)."""
    if cursor is not None:
        query = dcsa.EventQuery.from_cursor(cursor)
    else:
        filters = SubscriptionFilters(
            eventType=_split(event_type, EventType, "eventType"),
            shipmentEventTypeCode=_split(
                shipment_codes, ShipmentEventCode, "shipmentEventTypeCode"
            ),
            transportEventTypeCode=_split(
                transport_codes, TransportEventCode, "transportEventTypeCode"
            ),
            equipmentEventTypeCode=_split(
                equipment_codes, EquipmentEventCode, "equipmentEventTypeCode"
            ),
            carrierBookingReference=booking,
            transportDocumentReference=document,
            equipmentReference=equipment,
            UNLocationCode=location,
        )
        times: list[tuple[str, datetime | None]] = [
            ("eq", created_eq),
            ("eq", created_eq_op),
            ("gte", created_gte),
            ("gt", created_gt),
            ("lte", created_lte),
            ("lt", created_lt),
        ]
        created = tuple((op, at) for op, at in times if at is not None)
        query = dcsa.EventQuery(filters, created, 0, limit)
    with context.db.read() as session:
        page, last = dcsa.find_events(session, caller, query)
    response.headers["Current-Page"] = _page_link(request, query.cursor(query.after))
    if last is not None:
        response.headers["Next-Page"] = _page_link(request, query.cursor(last))
    return page


@router.get("/events/{eventID}", response_model_exclude_none=True)
def get_event(
    context: Hub, caller: Reader, event_id: Annotated[str, Path(alias="eventID", max_length=40)]
) -> DcsaEvent:
    """One event by its DCSA `eventID` (404 when it is not the caller's to see)."""
    with context.db.read() as session:
        return dcsa.find_event(session, caller, event_id)


def _subscription_filters(body: SubscriptionFilters) -> SubscriptionFilters:
    return SubscriptionFilters.model_validate(
        body.model_dump(include=set(SubscriptionFilters.model_fields))
    )


@router.get(
    "/event-subscriptions",
    response_model_exclude_none=True,
    responses=_PAGED,
)
def list_subscriptions(
    request: Request,
    response: Response,
    context: Hub,
    caller: Subscriber,
    limit: Limit = 100,
    cursor: Annotated[uuid.UUID | None, Query()] = None,
) -> list[SubscriptionOut]:
    """Your organisation's live subscriptions."""
    after = str(cursor) if cursor else ""
    with context.db.read() as session:
        found = dcsa.own_subscriptions(session, caller, after, limit + 1)
        page = [dcsa.subscription_out(s) for s in found[:limit]]
    response.headers["Current-Page"] = str(request.url)
    if len(found) > limit:
        response.headers["Next-Page"] = str(
            request.url.replace_query_params(cursor=page[-1].subscriptionID, limit=limit)
        )
    return page


@router.post(
    "/event-subscriptions", status_code=status.HTTP_201_CREATED, response_model_exclude_none=True
)
def add_subscription(context: Hub, caller: Subscriber, body: SubscriptionIn) -> SubscriptionOut:
    """Have the events you may read that meet the filters posted to `callbackUrl`, each as a
    JSON array with `Notification-Signature: sha256=<HMAC-SHA256 of the body under the
    base64-decoded secret>`, `Subscription-ID` and `API-Version`; failures are retried."""
    with context.db.write() as session:
        subscription = dcsa.add_subscription(
            session,
            caller,
            str(body.callbackUrl),
            body.secret,
            _subscription_filters(body),
            context.settings.webhook_allowed_hosts,
        )
        return dcsa.subscription_out(subscription)


@router.get("/event-subscriptions/{subscriptionID}", response_model_exclude_none=True)
def get_subscription(
    context: Hub,
    caller: Subscriber,
    subscription_id: SubscriptionId,
) -> SubscriptionOut:
    """One of your organisation's subscriptions."""
    with context.db.read() as session:
        return dcsa.subscription_out(dcsa.own_subscription(session, caller, str(subscription_id)))


@router.put("/event-subscriptions/{subscriptionID}", response_model_exclude_none=True)
def update_subscription(
    context: Hub,
    caller: Subscriber,
    subscription_id: SubscriptionId,
    body: SubscriptionUpdate,
) -> SubscriptionOut:
    """Replace a subscription's callback and filters."""
    if body.subscriptionID is not None and body.subscriptionID != str(subscription_id):
        raise HTTPException(400, "subscriptionID in the body is not the one in the path")
    with context.db.write() as session:
        subscription = dcsa.update_subscription(
            session,
            caller,
            str(subscription_id),
            str(body.callbackUrl),
            _subscription_filters(body),
            context.settings.webhook_allowed_hosts,
        )
        return dcsa.subscription_out(subscription)


@router.put("/event-subscriptions/{subscriptionID}/secret", status_code=status.HTTP_204_NO_CONTENT)
def reset_secret(
    context: Hub,
    caller: Subscriber,
    subscription_id: SubscriptionId,
    body: SecretIn,
) -> None:
    """Replace a subscription's shared secret."""
    with context.db.write() as session:
        dcsa.reset_secret(session, caller, str(subscription_id), body.secret)


@router.delete("/event-subscriptions/{subscriptionID}", status_code=status.HTTP_204_NO_CONTENT)
def remove_subscription(
    context: Hub,
    caller: Subscriber,
    subscription_id: SubscriptionId,
) -> None:
    """Stop a subscription."""
    with context.db.write() as session:
        dcsa.remove_subscription(session, caller, str(subscription_id))
