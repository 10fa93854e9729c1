"""Consignments: one document from Chongqing to Bangkok, legs checked against the network, and
each role reading only what its work needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


def open_consignment(client: TestClient, parties: Parties, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/consignments", json=body, headers=parties["operator"])
    assert response.status_code == 201, response.text
    return response.json()


def test_one_document_opens_a_consignment_with_checked_legs(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    made = open_consignment(client, corridor_parties, consignment_body())
    assert made["origin"] == "CNCKG"  # CNCQI is Chongqing's other code
    assert [(leg["mode"], leg["from"], leg["to"]) for leg in made["legs"]] == [
        ("rail_1435", "CNCKG", "LAVTS"),
        ("road", "LAVTS", "THBKK"),
    ]
    assert [c["crossing_id"] for c in made["crossings"]] == [
        "MOHAN_BOTEN_RAIL",
        "THANALENG_NONGKHAI_ROAD",
    ]
    assert made["transfers"][0]["place"] == "LAVTS"
    assert made["legs"][1]["planned_departure"] > made["legs"][0]["planned_arrival"]
    assert made["eta"] == made["legs"][-1]["planned_arrival"]
    assert made["status"] == "booked" and made["planned_by"] == "operator"


def test_the_same_document_cannot_be_opened_twice(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    open_consignment(client, corridor_parties, consignment_body())
    again = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"origin": "CN-CKG"}, "origin"),
        ({"destination": "ZZBKK"}, "destination"),
        ({"equipment": [{"container_number": "CSQU3054384"}]}, "container_number"),
        (
            {
                "goods": [
                    {
                        "hs_code": "84713",
                        "description": "x",
                        "packages": 1,
                        "gross_mass_kg": 1,
                        "value": 1,
                        "currency": "USD",
                    }
                ]
            },
            "hs_code",
        ),
        (
            {
                "goods": [
                    {
                        "hs_code": "847130",
                        "description": "x",
                        "packages": 1,
                        "gross_mass_kg": -5,
                        "value": 1,
                        "currency": "USD",
                    }
                ]
            },
            "gross_mass_kg",
        ),
        (
            {
                "goods": [
                    {
                        "hs_code": "847130",
                        "description": "x",
                        "packages": 1,
                        "gross_mass_kg": 5,
                        "value": 1,
                        "currency": "XYZ",
                    }
                ]
            },
            "currency",
        ),
        ({"planned_departure": "2026-03-01T08:00:00"}, "planned_departure"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    client: TestClient,
    corridor_parties: Parties,
    consignment_body: Body,
    change: dict[str, Any],
    field: str,
) -> None:
    response = client.post(
        "/consignments", json=consignment_body(**change), headers=corridor_parties["operator"]
    )
    assert response.status_code == 422
    assert field in {str(part) for error in response.json()["detail"] for part in error["loc"]}


def test_legs_that_do_not_follow_the_network_are_refused(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    legs = [
        {"mode": "rail_1435", "from": "CNCKG", "to": "THBKK"},  # the planned line is not open
    ]
    body = consignment_body(itinerary={"legs": legs})
    response = client.post("/consignments", json=body, headers=corridor_parties["operator"])
    assert response.status_code == 422
    assert "no chain of rail_1435 links" in response.json()["detail"]


def test_a_mode_change_needs_a_transfer_there(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    legs = [
        {"mode": "rail_1435", "from": "CNCKG", "to": "LABTN"},
        {"mode": "road", "from": "LABTN", "to": "THBKK"},
    ]
    body = consignment_body(itinerary={"legs": legs})
    response = client.post("/consignments", json=body, headers=corridor_parties["operator"])
    assert response.status_code == 422
    assert "LABTN has no transfer between rail_1435 and road" in response.json()["detail"]


def test_an_unknown_carrier_is_named(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    legs = [
        {"mode": "rail_1435", "from": "CNCKG", "to": "LAVTS", "carrier": "Nobody Rail"},
        {"mode": "road", "from": "LAVTS", "to": "THBKK"},
    ]
    body = consignment_body(itinerary={"legs": legs})
    response = client.post("/consignments", json=body, headers=corridor_parties["operator"])
    assert response.status_code == 422
    assert "Nobody Rail" in response.json()["detail"]


def test_each_role_reads_only_the_fields_it_needs(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    made = open_consignment(client, corridor_parties, consignment_body())
    url = f"/consignments/{made['id']}"
    as_rail = client.get(url, headers=corridor_parties["rail"]).json()
    assert "consignor" not in as_rail and "value" not in as_rail["goods"][0]
    assert as_rail["legs"][0]["carrier"] == "China Railway Container"
    assert "carrier" not in as_rail["legs"][1]  # the road carrier is none of its business
    as_lao = client.get(url, headers=corridor_parties["la"]).json()
    assert as_lao["consignor"]["name"] == "Chongqing Electronics Co."
    assert as_lao["goods"][0]["value"] == 480000
    assert "carrier" not in as_lao["legs"][0]


def test_unknown_and_foreign_consignments_are_both_404(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    made = open_consignment(client, corridor_parties, consignment_body())
    url = f"/consignments/{made['id']}"
    assert client.get(url, headers=corridor_parties["vn"]).status_code == 404
    assert client.get(url, headers=corridor_parties["other_operator"]).status_code == 404
    assert client.get(url, headers=corridor_parties["other_carrier"]).status_code == 404
    missing = "/consignments/00000000-0000-4000-8000-000000000000"
    assert client.get(missing, headers=corridor_parties["operator"]).status_code == 404
    assert client.get(url, headers=corridor_parties["public"]).status_code == 403


def test_the_operator_assigns_a_carrier_to_a_leg(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    legs = [
        {"mode": "rail_1435", "from": "CNCKG", "to": "LAVTS"},
        {"mode": "road", "from": "LAVTS", "to": "THBKK"},
    ]
    made = open_consignment(client, corridor_parties, consignment_body(itinerary={"legs": legs}))
    url = f"/consignments/{made['id']}"
    assert client.get(url, headers=corridor_parties["road"]).status_code == 404
    assigned = client.put(
        f"{url}/legs/2/carrier",
        json={"carrier": "Mekong Trucking"},
        headers=corridor_parties["operator"],
    )
    assert assigned.status_code == 200
    assert client.get(url, headers=corridor_parties["road"]).status_code == 200
    foreign = client.put(
        f"{url}/legs/2/carrier",
        json={"carrier": "Saigon Haulage"},
        headers=corridor_parties["other_operator"],
    )
    assert foreign.status_code == 404


def test_listing_shows_only_what_the_caller_may_see(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    open_consignment(client, corridor_parties, consignment_body())
    listed = {
        role: len(client.get("/consignments", headers=corridor_parties[role]).json())
        for role in ("operator", "other_operator", "rail", "other_carrier", "cn", "la", "vn")
    }
    assert listed == {
        "operator": 1,
        "other_operator": 0,
        "rail": 1,
        "other_carrier": 0,
        "cn": 1,
        "la": 1,
        "vn": 0,
    }


def test_a_read_shows_each_role_what_the_listing_shows(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    # A read renders from rows (services.consignments.read_json), the listing from ORM objects;
    # both through views.consignment_view, so each role must see the same document by either.
    made = open_consignment(client, corridor_parties, consignment_body())
    url = f"/consignments/{made['id']}"
    departure = {
        "event_id": "r1",
        "event_type": "TRANSPORT",
        "event_classifier_code": "ACT",
        "transport_event_type_code": "DEPA",
        "event_datetime": "2026-03-01T12:00:00Z",
        "location": "CNCKG",
    }
    posted = client.post(f"{url}/events", json=departure, headers=corridor_parties["rail"])
    assert posted.status_code == 201, posted.text
    for role in ("operator", "rail", "road", "cn", "la", "th", "admin"):
        headers = corridor_parties[role]
        listed = client.get("/consignments", headers=headers).json()
        read = client.get(url, headers=headers).json()
        assert read == listed[0], role
        assert client.get(url, headers=headers).json() == read, role  # from the cache
    as_road = client.get(url, headers=corridor_parties["road"]).json()
    assert as_road["status"] == "in_transit" and "carrier" not in as_road["legs"][0]
    assert as_road["legs"][0]["actual_departure"] == "2026-03-01T12:00:00Z"
