"""Tracking events (DCSA Track & Trace) from a rail and a road carrier move status and ETA."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


@pytest.fixture
def consignment(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> dict[str, Any]:
    response = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    assert response.status_code == 201, response.text
    return response.json()


def transport(event_id: str, code: str, at: str, where: str, **extra: Any) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": "TRANSPORT",
        "event_classifier_code": "ACT",
        "transport_event_type_code": code,
        "event_datetime": at,
        "location": where,
        **extra,
    }


def post(client: TestClient, headers: dict[str, str], cid: str, event: dict[str, Any]) -> Any:
    return client.post(f"/consignments/{cid}/events", json=event, headers=headers)


def test_status_and_eta_follow_the_carriers_events(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    cid = consignment["id"]
    rail, road = corridor_parties["rail"], corridor_parties["road"]
    planned_eta = consignment["eta"]
    # The train leaves Chongqing twelve hours late: the whole chain moves.
    assert (
        post(
            client, rail, cid, transport("r1", "DEPA", "2026-03-01T12:00:00Z", "CNCKG")
        ).status_code
        == 201
    )
    late = client.get(f"/consignments/{cid}", headers=corridor_parties["operator"]).json()
    assert late["status"] == "in_transit" and late["eta"] > planned_eta
    # It arrives at Vientiane South; the truck leaves and reaches Bangkok.
    post(client, rail, cid, transport("r2", "ARRI", "2026-03-03T00:00:00Z", "LAVTS"))
    post(client, road, cid, transport("t1", "DEPA", "2026-03-03T06:00:00Z", "LAVTS"))
    post(client, road, cid, transport("t2", "ARRI", "2026-03-04T00:00:00Z", "THBKK"))
    done = client.get(f"/consignments/{cid}", headers=corridor_parties["operator"]).json()
    assert done["status"] == "delivered"
    assert done["eta"] == "2026-03-04T00:00:00Z"
    assert done["legs"][0]["actual_arrival"] == "2026-03-03T00:00:00Z"


def test_an_estimate_from_the_carrier_moves_the_eta(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    cid = consignment["id"]
    estimate = transport("t-est", "ARRI", "2026-03-09T10:00:00Z", "THBKK")
    estimate["event_classifier_code"] = "EST"
    assert post(client, corridor_parties["road"], cid, estimate).status_code == 201
    now = client.get(f"/consignments/{cid}", headers=corridor_parties["operator"]).json()
    assert now["eta"] == "2026-03-09T10:00:00Z" and now["status"] == "booked"


def test_events_arriving_out_of_order_give_the_same_result(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    cid = consignment["id"]
    road = corridor_parties["road"]
    post(client, road, cid, transport("t2", "ARRI", "2026-03-04T00:00:00Z", "THBKK"))
    post(client, road, cid, transport("t1", "DEPA", "2026-03-03T06:00:00Z", "LAVTS"))
    post(
        client,
        corridor_parties["rail"],
        cid,
        transport("r1", "DEPA", "2026-03-01T00:00:00Z", "CNCKG"),
    )
    done = client.get(f"/consignments/{cid}", headers=corridor_parties["operator"]).json()
    assert done["status"] == "delivered" and done["eta"] == "2026-03-04T00:00:00Z"
    assert done["legs"][1]["actual_departure"] == "2026-03-03T06:00:00Z"


def test_posting_an_event_again_is_acknowledged_but_stored_once(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    cid = consignment["id"]
    event = transport("r1", "DEPA", "2026-03-01T00:00:00Z", "CNCKG")
    first = post(client, corridor_parties["rail"], cid, event)
    again = post(client, corridor_parties["rail"], cid, event)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["sequence"] == first.json()["sequence"] and again.json()["duplicate"]
    listed = client.get(f"/consignments/{cid}/events", headers=corridor_parties["operator"])
    assert len(listed.json()) == 1
    changed = post(client, corridor_parties["rail"], cid, {**event, "location": "CNKNM"})
    assert changed.status_code == 409


def test_a_carrier_posts_only_on_its_own_legs(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    cid = consignment["id"]
    on_road_leg = transport("x1", "DEPA", "2026-03-03T06:00:00Z", "LAVTS", leg=2)
    assert post(client, corridor_parties["rail"], cid, on_road_leg).status_code == 403
    stranger = post(
        client,
        corridor_parties["other_carrier"],
        cid,
        transport("x2", "DEPA", "2026-03-01T00:00:00Z", "CNCKG"),
    )
    assert stranger.status_code == 404
    for role in ("cn", "public", "admin"):
        response = post(
            client,
            corridor_parties[role],
            cid,
            transport("x3", "DEPA", "2026-03-01T00:00:00Z", "CNCKG"),
        )
        assert response.status_code == 403


def test_operators_post_shipment_events_only(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    cid = consignment["id"]
    received = {
        "event_id": "s1",
        "event_type": "SHIPMENT",
        "event_classifier_code": "ACT",
        "shipment_event_type_code": "RECE",
        "event_datetime": "2026-02-28T09:00:00Z",
        "location": "CNCKG",
    }
    assert post(client, corridor_parties["operator"], cid, received).status_code == 201
    departure = transport("s2", "DEPA", "2026-03-01T00:00:00Z", "CNCKG")
    assert post(client, corridor_parties["operator"], cid, departure).status_code == 403


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"location": "XX123"}, "location"),
        ({"transport_event_type_code": "LOAD"}, "transport_event_type_code"),
        ({"event_type": "EQUIPMENT"}, "equipment_event_type_code"),
        ({"event_datetime": "2026-03-01T00:00:00"}, "event_datetime"),
        ({"event_classifier_code": "NOW"}, "event_classifier_code"),
    ],
)
def test_malformed_events_are_422(
    client: TestClient,
    corridor_parties: Parties,
    consignment: dict[str, Any],
    change: dict[str, Any],
    fragment: str,
) -> None:
    event = {**transport("bad", "DEPA", "2026-03-01T00:00:00Z", "CNCKG"), **change}
    response = post(client, corridor_parties["rail"], consignment["id"], event)
    assert response.status_code == 422
    assert fragment in response.text


def test_an_equipment_event_names_a_valid_container(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    event = {
        "event_id": "e1",
        "event_type": "EQUIPMENT",
        "event_classifier_code": "ACT",
        "equipment_event_type_code": "LOAD",
        "event_datetime": "2026-03-01T00:00:00Z",
        "location": "CNCKG",
        "equipment_reference": "CSQU3054383",
        "empty_indicator_code": "LADEN",
        "mode_of_transport": "RAIL",
    }
    assert post(client, corridor_parties["rail"], consignment["id"], event).status_code == 201
    wrong = {**event, "event_id": "e2", "equipment_reference": "CSQU3054384"}
    assert post(client, corridor_parties["rail"], consignment["id"], wrong).status_code == 422


def test_a_batch_is_stored_whole_or_not_at_all(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    cid = consignment["id"]
    good = [
        {**transport(f"b{i}", "DEPA", "2026-03-01T00:00:00Z", "CNCKG"), "consignment_id": cid}
        for i in range(3)
    ]
    foreign = {
        **transport("b9", "DEPA", "2026-03-01T00:00:00Z", "CNCKG"),
        "consignment_id": "00000000-0000-4000-8000-000000000000",
    }
    refused = client.post(
        "/events/batch", json={"events": [*good, foreign]}, headers=corridor_parties["rail"]
    )
    assert refused.status_code == 404 and "events[3]" in refused.json()["detail"]
    assert client.get(f"/consignments/{cid}/events", headers=corridor_parties["rail"]).json() == []
    accepted = client.post(
        "/events/batch", json={"events": good + good[:1]}, headers=corridor_parties["rail"]
    )
    assert accepted.status_code == 200
    assert (accepted.json()["accepted"], accepted.json()["duplicates"]) == (3, 1)
    listed = client.get(f"/consignments/{cid}/events", headers=corridor_parties["cn"]).json()
    assert [e["event_id"] for e in listed] == ["b0", "b1", "b2"]


def test_a_batch_is_one_audit_entry_naming_each_event(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    cid = consignment["id"]
    batch = [
        {**transport(f"a{i}", "DEPA", "2026-03-01T00:00:00Z", "CNCKG"), "consignment_id": cid}
        for i in range(3)
    ]
    client.post("/events/batch", json={"events": batch}, headers=corridor_parties["rail"])
    admin = corridor_parties["admin"]
    entries = [e for e in client.get("/audit", headers=admin).json() if e["entity"] == "event"]
    assert [e["action"] for e in entries] == ["event.batch"]
    assert client.get("/audit/verify", headers=admin).json()["ok"]


def test_an_event_in_dcsa_shape_is_understood(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    dcsa = {
        "eventID": "3cecb101-7a1a-43a4-9d62-e88a131651e2",
        "eventCreatedDateTime": "2026-03-01T00:05:00Z",
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": "2026-03-01T00:00:00Z",
        "equipmentEventTypeCode": "LOAD",
        "equipmentReference": "CSQU3054383",
        "emptyIndicatorCode": "LADEN",
        "eventLocation": {"UNLocationCode": "CNCKG"},
        "transportCall": {"modeOfTransport": "RAIL"},
    }
    posted = post(client, corridor_parties["rail"], consignment["id"], dcsa)
    assert posted.status_code == 201, posted.text
    stored = posted.json()
    assert (stored["type_code"], stored["location"], stored["mode_of_transport"]) == (
        "LOAD",
        "CNCKG",
        "RAIL",
    )
    now = client.get(f"/consignments/{consignment['id']}", headers=corridor_parties["operator"])
    assert now.json()["status"] == "in_transit"
