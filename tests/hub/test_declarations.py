"""Declarations at Mohan/Boten: both authorities see them, one inspects and the other sees the
result (mutual recognition), each releases its side; the Vietnamese authority sees nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]

INSPECTED = {
    "result": "compliant",
    "findings": "seals intact, goods as declared",
    "seals_intact": True,
    "inspected_at": "2026-03-02T10:00:00+07:00",
}


@pytest.fixture
def consignment(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> dict[str, Any]:
    response = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    assert response.status_code == 201, response.text
    return response.json()


def declare(client: TestClient, parties: Parties, cid: str, crossing: str) -> Any:
    return client.post(
        f"/consignments/{cid}/declarations",
        json={"crossing_id": crossing},
        headers=parties["operator"],
    )


def test_both_sides_see_the_declaration_and_share_inspections(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    made = declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL")
    assert made.status_code == 201, made.text
    url = f"/declarations/{made.json()['id']}"
    as_china = client.get(url, headers=corridor_parties["cn"])
    as_laos = client.get(url, headers=corridor_parties["la"])
    assert as_china.status_code == as_laos.status_code == 200
    assert as_laos.json()["goods"][0]["hs_code"] == "847130"
    assert client.get(url, headers=corridor_parties["vn"]).status_code == 404
    assert client.get(url, headers=corridor_parties["th"]).status_code == 404
    # China inspects; Laos sees the result.
    inspected = client.post(f"{url}/inspections", json=INSPECTED, headers=corridor_parties["cn"])
    assert inspected.status_code == 201
    seen_by_laos = client.get(url, headers=corridor_parties["la"]).json()["inspections"]
    assert [(i["country"], i["result"], i["inspector"]) for i in seen_by_laos] == [
        ("CN", "compliant", "China Customs")
    ]


def test_release_needs_both_sides(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    made = declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL").json()
    url = f"/declarations/{made['id']}"
    first = client.post(f"{url}/release", headers=corridor_parties["cn"]).json()
    assert first["status"] == "submitted"
    both = client.post(f"{url}/release", headers=corridor_parties["la"]).json()
    assert both["status"] == "released" and all(s["released"] for s in both["sides"])
    assert client.post(f"{url}/release", headers=corridor_parties["vn"]).status_code == 404


def test_a_red_channel_is_released_on_the_partners_compliant_inspection(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    rule = {
        "name": "laptops over 100k",
        "hs_prefix": "8471",
        "min_value": 100000,
        "currency": "USD",
        "channel": "red",
    }
    assert client.post("/risk-rules", json=rule, headers=corridor_parties["la"]).status_code == 201
    made = declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL").json()
    url = f"/declarations/{made['id']}"
    lao_view = {
        s["country"]: s for s in client.get(url, headers=corridor_parties["la"]).json()["sides"]
    }
    assert lao_view["LA"]["channel"] == "red" and lao_view["LA"]["reasons"] == ["laptops over 100k"]
    assert lao_view["CN"]["channel"] == "green" and lao_view["CN"]["reasons"] is None
    assert client.post(f"{url}/release", headers=corridor_parties["la"]).status_code == 409
    client.post(f"{url}/inspections", json=INSPECTED, headers=corridor_parties["cn"])
    assert client.post(f"{url}/release", headers=corridor_parties["la"]).status_code == 200


def test_a_non_compliant_inspection_holds_the_declaration(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    made = declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL").json()
    url = f"/declarations/{made['id']}"
    failed = {**INSPECTED, "result": "non_compliant", "findings": "undeclared batteries"}
    held = client.post(f"{url}/inspections", json=failed, headers=corridor_parties["la"]).json()
    assert held["status"] == "held"
    assert client.post(f"{url}/release", headers=corridor_parties["cn"]).status_code == 409


def test_the_trader_sees_releases_but_not_risk_channels(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    made = declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL").json()
    assert all(side["channel"] is None for side in made["sides"])
    listed = client.get("/declarations", headers=corridor_parties["operator"]).json()
    assert [d["id"] for d in listed] == [made["id"]]


def test_each_authority_lists_its_own_crossings(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL")
    declare(client, corridor_parties, consignment["id"], "THANALENG_NONGKHAI_ROAD")
    crossings = {
        role: sorted(
            d["crossing_id"]
            for d in client.get("/declarations", headers=corridor_parties[role]).json()
        )
        for role in ("cn", "la", "th", "vn")
    }
    assert crossings == {
        "cn": ["MOHAN_BOTEN_RAIL"],
        "la": ["MOHAN_BOTEN_RAIL", "THANALENG_NONGKHAI_ROAD"],
        "th": ["THANALENG_NONGKHAI_ROAD"],
        "vn": [],
    }


def test_declaring_a_crossing_off_the_itinerary_is_refused(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    response = declare(client, corridor_parties, consignment["id"], "PINGXIANG_DONGDANG_RAIL")
    assert response.status_code == 422 and "MOHAN_BOTEN_RAIL" in response.json()["detail"]
    assert (
        declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL").status_code == 201
    )
    assert (
        declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL").status_code == 409
    )


def test_only_authorities_inspect_and_keep_rules(
    client: TestClient, corridor_parties: Parties, consignment: dict[str, Any]
) -> None:
    made = declare(client, corridor_parties, consignment["id"], "MOHAN_BOTEN_RAIL").json()
    url = f"/declarations/{made['id']}/inspections"
    for role in ("operator", "rail", "public", "admin"):
        assert client.post(url, json=INSPECTED, headers=corridor_parties[role]).status_code == 403
    assert client.post(url, json=INSPECTED, headers=corridor_parties["vn"]).status_code == 404
    rule = {"name": "no conditions", "channel": "red"}
    assert client.post("/risk-rules", json=rule, headers=corridor_parties["cn"]).status_code == 422
    assert client.get("/risk-rules", headers=corridor_parties["operator"]).status_code == 403
