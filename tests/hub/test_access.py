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

from landsea.hub.auth import Role
from landsea.hub.policy import ALLOWED, Action

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]

ROLES = ["operator", "other_operator", "rail", "other_carrier", "cn", "la", "th", "vn",
         "public", "admin", "anonymous"]  # fmt: skip

# resource -> expected status per role (the consignment is "own" for some, "foreign" for others)
MATRIX: dict[str, dict[str, int]] = {
    "open a consignment": {
        "operator": 201, "other_operator": 201, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 403, "anonymous": 401,
    },
    "read consignment": {
        "operator": 200, "other_operator": 404, "rail": 200, "other_carrier": 404, "cn": 200,
        "la": 200, "th": 200, "vn": 404, "public": 403, "admin": 200, "anonymous": 401,
    },
    "list its events": {
        "operator": 200, "other_operator": 404, "rail": 200, "other_carrier": 404, "cn": 200,
        "la": 200, "th": 200, "vn": 404, "public": 403, "admin": 200, "anonymous": 401,
    },
    # A carrier posts on its own legs; the operator posts SHIPMENT events only (next row).
    "post an event": {
        "operator": 403, "other_operator": 404, "rail": 201, "other_carrier": 404, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 403, "anonymous": 401,
    },
    "post a shipment event": {
        "operator": 201, "other_operator": 404, "rail": 403, "other_carrier": 404, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 403, "anonymous": 401,
    },
    # The admin reads everything and writes no trade data (docs/hub.md, landsea.hub.policy).
    "assign a carrier": {
        "operator": 200, "other_operator": 404, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 403, "anonymous": 401,
    },
    "amend the consignment": {
        "operator": 200, "other_operator": 404, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 403, "anonymous": 401,
    },
    "cancel the consignment": {
        "operator": 200, "other_operator": 404, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 403, "anonymous": 401,
    },
    "declare a crossing": {
        "operator": 201, "other_operator": 404, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 403, "anonymous": 401,
    },
    "read the declaration": {
        "operator": 200, "other_operator": 404, "rail": 403, "other_carrier": 403, "cn": 200,
        "la": 200, "th": 404, "vn": 404, "public": 403, "admin": 200, "anonymous": 401,
    },
    "inspect the declaration": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 201,
        "la": 201, "th": 404, "vn": 404, "public": 403, "admin": 403, "anonymous": 401,
    },
    "release the declaration": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 200,
        "la": 200, "th": 404, "vn": 404, "public": 403, "admin": 403, "anonymous": 401,
    },
    "keep a risk rule": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 201,
        "la": 201, "th": 201, "vn": 201, "public": 403, "admin": 403, "anonymous": 401,
    },
    "export the consignment": {
        "operator": 200, "other_operator": 404, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 200, "anonymous": 401,
    },
    "export the declaration": {
        "operator": 200, "other_operator": 404, "rail": 403, "other_carrier": 403, "cn": 200,
        "la": 200, "th": 404, "vn": 404, "public": 403, "admin": 200, "anonymous": 401,
    },
    # The consignment crosses CN-LA and LA-TH: its import is for those authorities only.
    "import the consignment": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 201,
        "la": 200, "th": 200, "vn": 403, "public": 403, "admin": 200, "anonymous": 401,
    },
    # The imported declaration is of Mohan/Boten (CN-LA): not the Thai or Vietnamese business.
    "read the imported declaration": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 200,
        "la": 200, "th": 404, "vn": 404, "public": 403, "admin": 200, "anonymous": 401,
    },
    "list imports": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 200,
        "la": 200, "th": 200, "vn": 200, "public": 403, "admin": 200, "anonymous": 401,
    },
    "subscribe to its events": {
        "operator": 201, "other_operator": 404, "rail": 201, "other_carrier": 404, "cn": 201,
        "la": 201, "th": 201, "vn": 404, "public": 403, "admin": 201, "anonymous": 401,
    },
    "read trusted keys": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 200,
        "la": 200, "th": 200, "vn": 200, "public": 403, "admin": 200, "anonymous": 401,
    },
    "trust a key": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 201, "anonymous": 401,
    },
    "read the hub's key": {role: 401 if role == "anonymous" else 200 for role in ROLES},
    "issue a token": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 201, "anonymous": 401,
    },
    "read the audit log": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 200, "anonymous": 401,
    },
    "read the metrics": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 200, "anonymous": 401,
    },
    "register a TIR transport": {
        "operator": 201, "other_operator": 201, "rail": 403, "other_carrier": 403, "cn": 403,
        "la": 403, "th": 403, "vn": 403, "public": 403, "admin": 403, "anonymous": 401,
    },
    # Kunming - Mohan - Boten - Vientiane South: China and Laos are on the route, no one else.
    "read the TIR transport": {
        "operator": 200, "other_operator": 404, "rail": 403, "other_carrier": 403, "cn": 200,
        "la": 200, "th": 404, "vn": 404, "public": 403, "admin": 200, "anonymous": 401,
    },
    # The start at Kunming is China's to record; Laos, on the route, is refused what it tries.
    "start the TIR transport": {
        "operator": 403, "other_operator": 403, "rail": 403, "other_carrier": 403, "cn": 200,
        "la": 403, "th": 404, "vn": 404, "public": 403, "admin": 403, "anonymous": 401,
    },
    "read public statistics": {role: 200 for role in ROLES},
    "health": {role: 200 for role in ROLES},
}  # fmt: skip

# Each row of the matrix exercises one action of the policy; every action has a row.
ACTION_OF: dict[str, Action | None] = {
    "open a consignment": Action.OPEN_CONSIGNMENT,
    "read consignment": Action.READ_CONSIGNMENT,
    "list its events": Action.READ_EVENTS,
    "post an event": Action.POST_EVENT,
    "post a shipment event": Action.POST_EVENT,
    "assign a carrier": Action.ASSIGN_CARRIER,
    "amend the consignment": Action.AMEND_CONSIGNMENT,
    "cancel the consignment": Action.AMEND_CONSIGNMENT,
    "declare a crossing": Action.DECLARE,
    "read the declaration": Action.READ_DECLARATION,
    "inspect the declaration": Action.INSPECT,
    "release the declaration": Action.INSPECT,
    "keep a risk rule": Action.KEEP_RISK_RULES,
    "export the consignment": Action.EXPORT_CONSIGNMENT,
    "export the declaration": Action.EXPORT_DECLARATION,
    "import the consignment": Action.IMPORT_DOCUMENT,
    "read the imported declaration": Action.READ_IMPORTS,
    "list imports": Action.READ_IMPORTS,
    "subscribe to its events": Action.SUBSCRIBE,
    "read trusted keys": Action.READ_TRUSTED_KEYS,
    "trust a key": Action.MANAGE_KEYS,
    "read the hub's key": Action.READ_OWN_KEY,
    "issue a token": Action.MANAGE_IDENTITY,
    "read the audit log": Action.READ_AUDIT,
    "read the metrics": Action.READ_METRICS,
    "register a TIR transport": Action.REGISTER_TIR,
    "read the TIR transport": Action.READ_TIR,
    "start the TIR transport": Action.RECORD_TIR,
    "read public statistics": None,
    "health": None,
}
ROLE_OF = {"operator": Role.OPERATOR, "other_operator": Role.OPERATOR, "rail": Role.CARRIER,
           "other_carrier": Role.CARRIER, "cn": Role.AUTHORITY, "la": Role.AUTHORITY,
           "th": Role.AUTHORITY, "vn": Role.AUTHORITY, "public": Role.PUBLIC,
           "admin": Role.ADMIN}  # fmt: skip


@pytest.fixture
def world(client: TestClient, corridor_parties: Parties, consignment_body: Body) -> dict[str, Any]:
    """One consignment, its Mohan/Boten declaration, and that declaration exported and imported
    back (the hub trusting its own key stands in for a peer hub)."""
    operator, admin = corridor_parties["operator"], corridor_parties["admin"]
    made = client.post("/consignments", json=consignment_body(), headers=operator)
    cid = made.json()["id"]
    declared = client.post(f"/consignments/{cid}/declarations",
                           json={"crossing_id": "MOHAN_BOTEN_RAIL"}, headers=operator)  # fmt: skip
    did = declared.json()["id"]
    own = client.get("/keys/own", headers=admin).json()
    trusted = {"hub_name": "this hub", "public_key": own["public_key"]}
    assert client.post("/keys/trusted", json=trusted, headers=admin).status_code == 201
    exported = client.get(f"/declarations/{did}/export", headers=operator).json()
    imported = client.post("/imports", json={"jws": exported["jws"]}, headers=admin)
    assert imported.status_code == 201, imported.text
    consignment_jws = client.get(f"/consignments/{cid}/export", headers=operator).json()["jws"]
    tir = client.post("/tir", json=tir_body("TIR-WORLD"), headers=operator)
    assert tir.status_code == 201, tir.text
    return {
        "tir": tir.json()["id"],
        "cid": cid,
        "did": did,
        "imported": imported.json()["id"],
        "consignment_jws": consignment_jws,
        "public_key": own["public_key"],
        "parties": {**corridor_parties, "anonymous": {}},
    }


def tir_body(reference: str) -> dict[str, Any]:
    return {
        "reference": reference,
        "holder": {"name": "Yunnan Trucking Co.", "tir_id": "CHN/081/000123"},
        "guarantee": {"chain": "IRU", "reference": "XC1", "amount": 100000, "currency": "EUR"},
        "offices": {"departure": "CNKNM", "en_route": ["CNMHN", "LABTN"], "destination": "LAVTS"},
    }


def attempt(
    client: TestClient, world: dict[str, Any], resource: str, role: str, consignment_body: Body
) -> int:
    cid, did = world["cid"], world["did"]
    headers = world["parties"][role]
    tag = f"{resource}-{role}".replace(" ", "-").replace("'", "")
    requests: dict[str, Callable[[], Any]] = {
        "open a consignment": lambda: client.post(
            "/consignments", headers=headers,
            json=consignment_body(document_number=f"MTD-{role}")),
        "post a shipment event": lambda: client.post(
            f"/consignments/{cid}/events", headers=headers,
            json={"event_id": tag, "event_type": "SHIPMENT", "event_classifier_code": "ACT",
                  "shipment_event_type_code": "RECE", "event_datetime": "2026-03-01T00:00:00Z",
                  "location": "CNCKG"}),
        "amend the consignment": lambda: client.patch(
            f"/consignments/{cid}", headers=headers,
            json={"reason": "consignee moved", "incoterm": "DAP"}),
        "cancel the consignment": lambda: client.post(
            f"/consignments/{cid}/cancel", headers=headers, json={"reason": "order withdrawn"}),
        "release the declaration": lambda: client.post(
            f"/declarations/{did}/release", headers=headers),
        "keep a risk rule": lambda: client.post(
            "/risk-rules", headers=headers,
            json={"name": f"rule {role}", "hs_prefix": "8471", "channel": "yellow"}),
        "export the declaration": lambda: client.get(
            f"/declarations/{did}/export", headers=headers),
        "import the consignment": lambda: client.post(
            "/imports", headers=headers, json={"jws": world["consignment_jws"]}),
        "read the imported declaration": lambda: client.get(
            f"/imports/{world['imported']}", headers=headers),
        "list imports": lambda: client.get("/imports", headers=headers),
        "read trusted keys": lambda: client.get("/keys/trusted", headers=headers),
        "trust a key": lambda: client.post(
            "/keys/trusted", headers=headers,
            json={"hub_name": "a peer", "public_key": world["public_key"]}),
        "read the hub's key": lambda: client.get("/keys/own", headers=headers),
        "issue a token": lambda: client.post(
            "/tokens", headers=headers,
            json={"organisation": f"New Org {role}", "role": "public"}),
        "read consignment": lambda: client.get(f"/consignments/{cid}", headers=headers),
        "list its events": lambda: client.get(f"/consignments/{cid}/events", headers=headers),
        "post an event": lambda: client.post(
            f"/consignments/{cid}/events", headers=headers,
            json={"event_id": tag, "event_type": "TRANSPORT", "event_classifier_code": "ACT",
                  "transport_event_type_code": "DEPA", "event_datetime": "2026-03-01T00:00:00Z",
                  "location": "CNCKG"}),
        "assign a carrier": lambda: client.put(
            f"/consignments/{cid}/legs/2/carrier", headers=headers,
            json={"carrier": "Mekong Trucking"}),
        "declare a crossing": lambda: client.post(
            f"/consignments/{cid}/declarations", headers=headers,
            json={"crossing_id": "THANALENG_NONGKHAI_ROAD"}),
        "read the declaration": lambda: client.get(f"/declarations/{did}", headers=headers),
        "inspect the declaration": lambda: client.post(
            f"/declarations/{did}/inspections", headers=headers,
            json={"result": "compliant", "inspected_at": "2026-03-02T00:00:00Z"}),
        "export the consignment": lambda: client.get(
            f"/consignments/{cid}/export", headers=headers),
        "subscribe to its events": lambda: client.post(
            f"/consignments/{cid}/webhooks", headers=headers, json={"url": "http://127.0.0.1:9/"}),
        "read the audit log": lambda: client.get("/audit", headers=headers),
        "read the metrics": lambda: client.get("/metrics", headers=headers),
        "read public statistics": lambda: client.get("/stats/crossings", headers=headers),
        "health": lambda: client.get("/health", headers=headers),
        "register a TIR transport": lambda: client.post(
            "/tir", headers=headers, json=tir_body(f"TIR-{role}")),
        "read the TIR transport": lambda: client.get(f"/tir/{world['tir']}", headers=headers),
        "start the TIR transport": lambda: client.post(
            f"/tir/{world['tir']}/start", headers=headers,
            json={"office": "CNKNM", "at": "2026-03-01T08:00:00Z", "seals": ["S1"]}),
    }  # fmt: skip
    return int(requests[resource]().status_code)


@pytest.mark.parametrize("resource", list(MATRIX))
def test_access_matrix(
    client: TestClient, world: dict[str, Any], resource: str, consignment_body: Body
) -> None:
    seen = {role: attempt(client, world, resource, role, consignment_body) for role in ROLES}
    assert seen == MATRIX[resource]


def test_every_action_of_the_policy_has_a_row() -> None:
    assert set(ACTION_OF) == set(MATRIX)
    assert {a for a in ACTION_OF.values() if a is not None} == set(Action)


@pytest.mark.parametrize("resource", [r for r, a in ACTION_OF.items() if a is not None])
def test_the_matrix_refuses_exactly_the_roles_the_policy_refuses(resource: str) -> None:
    action = ACTION_OF[resource]
    assert action is not None
    refused = {role for role, status in MATRIX[resource].items() if status == 403}
    never = {name for name, role in ROLE_OF.items() if role not in ALLOWED[action]}
    # A role the policy allows may still be refused for what it tries (a carrier's SHIPMENT
    # event, an operator's non-SHIPMENT event): those rows name the refusal themselves.
    assert never <= refused
    assert refused - never <= _REFUSED_FOR_WHAT_THEY_TRY.get(resource, set())


_REFUSED_FOR_WHAT_THEY_TRY = {
    "post an event": {"operator"},
    "post a shipment event": {"rail"},
    "import the consignment": {"vn"},
    "start the TIR transport": {"la"},
}
