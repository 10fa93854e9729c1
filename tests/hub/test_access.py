"""The access matrix: each role against each resource, on its own and on a foreign consignment.

Own/foreign: the consignment below (Chongqing-Bangkok through Mohan/Boten and Nong Khai) belongs
to "Chongqing Forwarding", its rail leg to "China Railway Container", its road leg to "Mekong
Trucking"; the Chinese, Lao and Thai authorities have a border on it, the Vietnamese none.
Expected: what is not yours to see is 404 (its existence is not leaked); a role that may never
do a thing gets 403; no token gets 401; public statistics and health need no token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]

ROLES = [
    "operator",
    "other_operator",
    "rail",
    "other_carrier",
    "cn",
    "la",
    "th",
    "vn",
    "public",
    "admin",
    "anonymous",
]

# resource -> expected status per role (the consignment is "own" for some, "foreign" for others)
MATRIX: dict[str, dict[str, int]] = {
    "read consignment": {
        "operator": 200,
        "other_operator": 404,
        "rail": 200,
        "other_carrier": 404,
        "cn": 200,
        "la": 200,
        "th": 200,
        "vn": 404,
        "public": 403,
        "admin": 200,
        "anonymous": 401,
    },
    "list its events": {
        "operator": 200,
        "other_operator": 404,
        "rail": 200,
        "other_carrier": 404,
        "cn": 200,
        "la": 200,
        "th": 200,
        "vn": 404,
        "public": 403,
        "admin": 200,
        "anonymous": 401,
    },
    "post an event": {
        "operator": 403,
        "other_operator": 404,
        "rail": 201,
        "other_carrier": 404,
        "cn": 403,
        "la": 403,
        "th": 403,
        "vn": 403,
        "public": 403,
        "admin": 403,
        "anonymous": 401,
    },
    "assign a carrier": {
        "operator": 200,
        "other_operator": 404,
        "rail": 403,
        "other_carrier": 403,
        "cn": 403,
        "la": 403,
        "th": 403,
        "vn": 403,
        "public": 403,
        "admin": 200,
        "anonymous": 401,
    },
    # The admin is let in, then refused as a duplicate: the operator declared it just before.
    "declare a crossing": {
        "operator": 201,
        "other_operator": 404,
        "rail": 403,
        "other_carrier": 403,
        "cn": 403,
        "la": 403,
        "th": 403,
        "vn": 403,
        "public": 403,
        "admin": 409,
        "anonymous": 401,
    },
    "read the declaration": {
        "operator": 200,
        "other_operator": 404,
        "rail": 403,
        "other_carrier": 403,
        "cn": 200,
        "la": 200,
        "th": 404,
        "vn": 404,
        "public": 403,
        "admin": 200,
        "anonymous": 401,
    },
    "inspect the declaration": {
        "operator": 403,
        "other_operator": 403,
        "rail": 403,
        "other_carrier": 403,
        "cn": 201,
        "la": 201,
        "th": 404,
        "vn": 404,
        "public": 403,
        "admin": 403,
        "anonymous": 401,
    },
    "export the consignment": {
        "operator": 200,
        "other_operator": 404,
        "rail": 403,
        "other_carrier": 403,
        "cn": 403,
        "la": 403,
        "th": 403,
        "vn": 403,
        "public": 403,
        "admin": 200,
        "anonymous": 401,
    },
    "subscribe to its events": {
        "operator": 201,
        "other_operator": 404,
        "rail": 201,
        "other_carrier": 404,
        "cn": 201,
        "la": 201,
        "th": 201,
        "vn": 404,
        "public": 403,
        "admin": 201,
        "anonymous": 401,
    },
    "read the audit log": {
        "operator": 403,
        "other_operator": 403,
        "rail": 403,
        "other_carrier": 403,
        "cn": 403,
        "la": 403,
        "th": 403,
        "vn": 403,
        "public": 403,
        "admin": 200,
        "anonymous": 401,
    },
    "read public statistics": {role: 200 for role in ROLES},
    "health": {role: 200 for role in ROLES},
}


@pytest.fixture
def world(client: TestClient, corridor_parties: Parties, consignment_body: Body) -> dict[str, Any]:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    cid = made.json()["id"]
    declared = client.post(
        f"/consignments/{cid}/declarations",
        json={"crossing_id": "MOHAN_BOTEN_RAIL"},
        headers=corridor_parties["operator"],
    )
    return {
        "cid": cid,
        "did": declared.json()["id"],
        "parties": {**corridor_parties, "anonymous": {}},
    }


def attempt(client: TestClient, world: dict[str, Any], resource: str, role: str) -> int:
    cid, did = world["cid"], world["did"]
    headers = world["parties"][role]
    tag = f"{resource}-{role}".replace(" ", "-")
    requests: dict[str, Callable[[], Any]] = {
        "read consignment": lambda: client.get(f"/consignments/{cid}", headers=headers),
        "list its events": lambda: client.get(f"/consignments/{cid}/events", headers=headers),
        "post an event": lambda: client.post(
            f"/consignments/{cid}/events",
            headers=headers,
            json={
                "event_id": tag,
                "event_type": "TRANSPORT",
                "event_classifier_code": "ACT",
                "transport_event_type_code": "DEPA",
                "event_datetime": "2026-03-01T00:00:00Z",
                "location": "CNCKG",
            },
        ),
        "assign a carrier": lambda: client.put(
            f"/consignments/{cid}/legs/2/carrier",
            headers=headers,
            json={"carrier": "Mekong Trucking"},
        ),
        "declare a crossing": lambda: client.post(
            f"/consignments/{cid}/declarations",
            headers=headers,
            json={"crossing_id": "THANALENG_NONGKHAI_ROAD"},
        ),
        "read the declaration": lambda: client.get(f"/declarations/{did}", headers=headers),
        "inspect the declaration": lambda: client.post(
            f"/declarations/{did}/inspections",
            headers=headers,
            json={"result": "compliant", "inspected_at": "2026-03-02T00:00:00Z"},
        ),
        "export the consignment": lambda: client.get(
            f"/consignments/{cid}/export", headers=headers
        ),
        "subscribe to its events": lambda: client.post(
            f"/consignments/{cid}/webhooks", headers=headers, json={"url": "http://127.0.0.1:9/"}
        ),
        "read the audit log": lambda: client.get("/audit", headers=headers),
        "read public statistics": lambda: client.get("/stats/crossings", headers=headers),
        "health": lambda: client.get("/health", headers=headers),
    }
    return int(requests[resource]().status_code)


@pytest.mark.parametrize("resource", list(MATRIX))
def test_access_matrix(client: TestClient, world: dict[str, Any], resource: str) -> None:
    seen = {role: attempt(client, world, resource, role) for role in ROLES}
    assert seen == MATRIX[resource]
