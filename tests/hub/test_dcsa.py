"""The hub as a DCSA Track & Trace 2.2 publisher, checked against DCSA's own OpenAPI (vendored
under tests/hub/vendor/dcsa): events, filters, cursor pages, errors and signed subscriptions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
import yaml
from fastapi.testclient import TestClient

from landsea.hub.db import Database
from landsea.hub.models import utcnow
from landsea.hub.services.dcsa import event_uuid, sequence_of
from landsea.hub.services.subscriptions import deliver_due

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]
SPEC = Path(__file__).parent / "vendor" / "dcsa" / "tnt_v2.2.0_bundled.yaml"
LOOPBACK = ("127.0.0.1",)
CONTAINER = "CSQU3054383"


@cache
def _spec() -> dict[str, Any]:
    # YAML reads the examples' unquoted times as datetimes and the secret's as bytes: as text,
    # they are what JSON Schema knows.
    spec: dict[str, Any] = json.loads(
        json.dumps(yaml.safe_load(SPEC.read_text(encoding="utf-8")), default=str)
    )
    return spec


def _schema_of(path: str, method: str, status: str) -> dict[str, Any]:
    operation = _spec()["paths"][path][method]
    content = operation["responses"][status]["content"]["application/json"]
    schema: dict[str, Any] = content["schema"]
    return schema


def conforms(data: Any, schema: dict[str, Any]) -> None:
    """Fail unless `data` meets `schema` of DCSA's specification (its `$ref`s resolved in it)."""
    root = {**schema, "components": {"schemas": _spec()["components"]["schemas"]}}
    errors = [str(e) for e in jsonschema_rs.validator_for(root).iter_errors(data)]
    assert not errors, errors


def conforms_to(response: httpx.Response, path: str, method: str = "get") -> None:
    """The answer meets DCSA's schema for its status (or the operation's error schema) and
    carries `API-Version` (and `Current-Page` on lists)."""
    assert response.headers["API-Version"] == "2.2.0"
    responses = _spec()["paths"][path][method]["responses"]
    status = str(response.status_code)
    if "content" in responses.get(status, {}):
        conforms(response.json(), _schema_of(path, method, status))
        if "Current-Page" in responses[status].get("headers", {}) and status == "200":
            assert response.headers["Current-Page"]
    elif status not in responses:
        conforms(response.json(), _schema_of(path, method, "default"))


@pytest.fixture
def consignment_id(client: TestClient, corridor_parties: Parties, consignment_body: Body) -> str:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    assert made.status_code == 201
    return str(made.json()["id"])


def _post(client: TestClient, headers: dict[str, str], cid: str, **event: Any) -> None:
    response = client.post(f"/consignments/{cid}/events", json=event, headers=headers)
    assert response.status_code == 201, response.text


def _journey(client: TestClient, parties: Parties, cid: str) -> None:
    """Five events of three types: received, loaded, departed, arrived, gated out."""
    _post(
        client,
        parties["operator"],
        cid,
        event_id="rece",
        event_type="SHIPMENT",
        event_classifier_code="ACT",
        shipment_event_type_code="RECE",
        event_datetime="2026-02-27T09:00:00+08:00",
        location="CNCKG",
    )
    rail = parties["rail"]
    common = {"event_classifier_code": "ACT", "location": "CNCKG"}
    _post(
        client,
        rail,
        cid,
        event_id="load",
        event_type="EQUIPMENT",
        equipment_event_type_code="LOAD",
        equipment_reference=CONTAINER,
        event_datetime="2026-03-01T07:00:00+08:00",
        **common,
    )
    _post(
        client,
        rail,
        cid,
        event_id="depa",
        event_type="TRANSPORT",
        transport_event_type_code="DEPA",
        event_datetime="2026-03-01T08:00:00+08:00",
        **common,
    )
    _post(
        client,
        rail,
        cid,
        event_id="arri",
        event_type="TRANSPORT",
        event_classifier_code="ACT",
        transport_event_type_code="ARRI",
        event_datetime="2026-03-02T20:00:00+07:00",
        location="LAVTS",
    )
    _post(
        client,
        parties["road"],
        cid,
        event_id="gtot",
        event_type="EQUIPMENT",
        event_classifier_code="ACT",
        equipment_event_type_code="GTOT",
        equipment_reference=CONTAINER,
        empty_indicator_code="LADEN",
        event_datetime="2026-03-03T08:00:00+07:00",
        location="LAVTS",
    )


def _events(client: TestClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = client.get("/v2/events", params=params, headers=headers)
    assert response.status_code == 200, response.text
    conforms_to(response, "/v2/events")
    found: list[dict[str, Any]] = response.json()
    return found


def test_events_come_in_dcsa_shape_and_validate_against_dcsa_openapi(
    client: TestClient, corridor_parties: Parties, consignment_id: str
) -> None:
    _journey(client, corridor_parties, consignment_id)
    found = _events(client, corridor_parties["operator"])
    assert [e["eventType"] for e in found] == [
        "SHIPMENT",
        "EQUIPMENT",
        "TRANSPORT",
        "TRANSPORT",
        "EQUIPMENT",
    ]
    shipment, load, depart, _arrive, gate_out = found
    assert shipment["shipmentEventTypeCode"] == "RECE"
    assert (shipment["documentTypeCode"], shipment["documentID"]) == ("TRD", "MTD-2026-0001")
    assert load["equipmentReference"] == CONTAINER and load["emptyIndicatorCode"] == "LADEN"
    assert load["eventLocation"] == {"UNLocationCode": "CNCKG"}
    assert depart["transportCall"]["modeOfTransport"] == "RAIL"
    assert depart["transportCall"]["UNLocationCode"] == "CNCKG"
    assert gate_out["transportCall"]["modeOfTransport"] == "TRUCK"
    assert all(value is not None for event in found for value in event.values())


def test_each_dcsa_filter_narrows_the_events(
    client: TestClient, corridor_parties: Parties, consignment_id: str
) -> None:
    _journey(client, corridor_parties, consignment_id)
    headers = corridor_parties["operator"]

    def ids(**params: Any) -> list[str]:
        found = _events(client, headers, **params)
        codes = ("transportEventTypeCode", "equipmentEventTypeCode", "shipmentEventTypeCode")
        return [next(e[c] for c in codes if c in e) for e in found]

    assert ids(eventType="TRANSPORT,SHIPMENT") == ["RECE", "DEPA", "ARRI"]
    assert ids(transportEventTypeCode="ARRI") == ["ARRI"]
    assert ids(equipmentEventTypeCode="GTOT,GTIN") == ["GTOT"]
    assert ids(shipmentEventTypeCode="RECE") == ["RECE"]
    # DCSA: a shipment code and an equipment code together match no event.
    assert ids(shipmentEventTypeCode="RECE", equipmentEventTypeCode="LOAD") == []
    assert len(ids(carrierBookingReference=consignment_id.replace("-", ""))) == 5
    assert ids(carrierBookingReference="0" * 32) == []
    assert len(ids(transportDocumentReference="MTD-2026-0001")) == 5
    assert ids(transportDocumentReference="MTD-OTHER") == []
    assert ids(equipmentReference=CONTAINER) == ["LOAD", "GTOT"]
    assert ids(UNLocationCode="LAVTS") == ["ARRI", "GTOT"]
    everything = _events(client, headers)
    third = everything[2]["eventCreatedDateTime"]
    assert len(ids(**{"eventCreatedDateTime:gte": third})) == 3
    assert len(ids(**{"eventCreatedDateTime:lt": third})) == 2
    assert ids(**{"eventCreatedDateTime:gt": "2200-01-01T00:00:00Z"}) == []


def test_pages_follow_next_page_links_with_the_filters_in_the_cursor(
    client: TestClient, corridor_parties: Parties, consignment_id: str
) -> None:
    _journey(client, corridor_parties, consignment_id)
    headers = corridor_parties["operator"]
    seen: list[str] = []
    url: str | None = "/v2/events?eventType=TRANSPORT,EQUIPMENT&limit=2"
    pages = 0
    while url is not None:
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        conforms_to(response, "/v2/events")
        seen += [e["eventID"] for e in response.json()]
        url = response.headers.get("Next-Page")
        pages += 1
    assert pages == 2 and len(seen) == 4 and len(set(seen)) == 4
    bad = client.get("/v2/events", params={"cursor": "not-a-cursor"}, headers=headers)
    assert bad.status_code == 400
    conforms_to(bad, "/v2/events")


def test_event_ids_are_uuids_carrying_the_sequence() -> None:
    assert sequence_of(event_uuid(12345)) == 12345
    assert sequence_of("123e4567-e89b-12d3-a456-426614174000") is None
    assert sequence_of("not a uuid") is None


def test_visibility_is_the_hubs_own(
    client: TestClient, corridor_parties: Parties, consignment_id: str
) -> None:
    _journey(client, corridor_parties, consignment_id)
    assert len(_events(client, corridor_parties["la"])) == 5  # Laos: the route crosses it
    assert len(_events(client, corridor_parties["rail"])) == 5
    assert _events(client, corridor_parties["vn"]) == []  # Viet Nam: not on the route
    assert _events(client, corridor_parties["other_operator"]) == []
    assert _events(client, corridor_parties["other_carrier"]) == []
    one = _events(client, corridor_parties["operator"])[1]
    url = f"/v2/events/{one['eventID']}"
    mine = client.get(url, headers=corridor_parties["th"])
    assert mine.status_code == 200 and mine.json() == one
    conforms_to(mine, "/v2/events/{eventID}")
    foreign = client.get(url, headers=corridor_parties["vn"])
    assert foreign.status_code == 404
    conforms_to(foreign, "/v2/events/{eventID}")
    public = client.get("/v2/events", headers=corridor_parties["public"])
    assert public.status_code == 403
    conforms_to(public, "/v2/events")
    anonymous = client.get("/v2/events")
    assert anonymous.status_code == 401
    conforms_to(anonymous, "/v2/events")


def test_api_version_and_bad_filters_are_dcsa_errors(
    client: TestClient, corridor_parties: Parties
) -> None:
    headers = corridor_parties["operator"]
    assert client.get("/v2/events", headers={**headers, "API-Version": "2"}).status_code == 200
    wrong = client.get("/v2/events", headers={**headers, "API-Version": "3"})
    assert wrong.status_code == 400
    conforms_to(wrong, "/v2/events")
    for params in ({"eventType": "CARGO"}, {"limit": "0"}, {"UNLocationCode": "nowhere"}):
        refused = client.get("/v2/events", params=params, headers=headers)
        assert refused.status_code == 400, params
        conforms_to(refused, "/v2/events")


def _secret() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def test_subscriptions_are_kept_as_dcsa_says(client: TestClient, corridor_parties: Parties) -> None:
    headers = corridor_parties["la"]
    body = {
        "callbackUrl": "http://127.0.0.1:9/dcsa",
        "secret": _secret(),
        "eventType": ["TRANSPORT"],
        "transportEventTypeCode": ["ARRI"],
    }
    made = client.post("/v2/event-subscriptions", json=body, headers=headers)
    assert made.status_code == 201, made.text
    conforms_to(made, "/v2/event-subscriptions", "post")
    assert "secret" not in made.json()
    sid = made.json()["subscriptionID"]
    url = f"/v2/event-subscriptions/{sid}"
    listed = client.get("/v2/event-subscriptions", headers=headers)
    conforms_to(listed, "/v2/event-subscriptions")
    assert [s["subscriptionID"] for s in listed.json()] == [sid]
    changed = {"subscriptionID": sid, "callbackUrl": "http://127.0.0.1:9/other", "eventType": []}
    updated = client.put(url, json=changed, headers=headers)
    assert updated.status_code == 200
    conforms_to(updated, "/v2/event-subscriptions/{subscriptionID}", "put")
    assert updated.json()["callbackUrl"] == "http://127.0.0.1:9/other"
    assert "transportEventTypeCode" not in updated.json()
    secret_url = f"{url}/secret"
    assert client.put(secret_url, json={"secret": _secret()}, headers=headers).status_code == 204
    short = base64.b64encode(b"too short").decode()
    refused = client.put(secret_url, json={"secret": short}, headers=headers)
    assert refused.status_code == 400
    # Another organisation's subscription does not exist for it.
    assert client.get(url, headers=corridor_parties["th"]).status_code == 404
    assert client.delete(url, headers=headers).status_code == 204
    gone = client.get(url, headers=headers)
    assert gone.status_code == 404
    conforms_to(gone, "/v2/event-subscriptions/{subscriptionID}")
    private = {**body, "callbackUrl": "http://169.254.169.254/latest"}
    assert client.post("/v2/event-subscriptions", json=private, headers=headers).status_code == 400


def test_notifications_are_signed_filtered_and_follow_visibility(
    client: TestClient, corridor_parties: Parties, consignment_id: str, db: Database
) -> None:
    secret = _secret()
    wanted = {
        "callbackUrl": "http://127.0.0.1:9/dcsa",
        "secret": secret,
        "transportEventTypeCode": ["ARRI", "DEPA"],
    }
    for party in ("la", "vn"):  # Viet Nam may not see this consignment: it gets nothing
        made = client.post("/v2/event-subscriptions", json=wanted, headers=corridor_parties[party])
        assert made.status_code == 201
    la_subscription = client.get("/v2/event-subscriptions", headers=corridor_parties["la"])
    sid = la_subscription.json()[0]["subscriptionID"]
    received: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    client.app.state.hub.dispatcher.stop()  # type: ignore[attr-defined]  # delivered by hand
    _journey(client, corridor_parties, consignment_id)
    later = utcnow() + timedelta(minutes=5)
    with httpx.Client(transport=httpx.MockTransport(receiver)) as mock:
        assert deliver_due(db, mock, later, LOOPBACK) == 2  # DEPA and ARRI, Laos only
    codes = []
    for request in received:
        body = request.content
        expected = hmac.new(base64.b64decode(secret), body, hashlib.sha256).hexdigest()
        assert request.headers["Notification-Signature"] == f"sha256={expected}"
        assert request.headers["Subscription-ID"] == sid
        assert request.headers["API-Version"] == "2.2.0"
        callback = _spec()["paths"]["/v2/event-subscriptions"]["post"]["callbacks"]["event"]
        schema = next(iter(callback.values()))["post"]["requestBody"]["content"]
        conforms(httpx.Response(200, content=body).json(), schema["application/json"]["schema"])
        codes += [e["transportEventTypeCode"] for e in httpx.Response(200, content=body).json()]
    assert codes == ["DEPA", "ARRI"]
