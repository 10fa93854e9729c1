"""eTIR-style transit records (issue 13.11): a TIR transport Kunming - Mohan - Boten - Vientiane
South, its operations as audited state changes, the state machine refusing steps out of order,
seals sparing re-inspection, and visibility limited to the countries on the route."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

Parties = dict[str, dict[str, str]]

ROUTE = {"departure": "CNKNM", "en_route": ["CNMHN", "LABTN"], "destination": "LAVTS"}


def transport_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reference": "TIR-XC-2026-0001",
        "holder": {"name": "Yunnan Trucking Co.", "tir_id": "CHN/081/000123"},
        "guarantee": {
            "chain": "IRU TIR guarantee chain",
            "reference": "XC12345678",
            "amount": 100000,
            "currency": "EUR",
        },
        "offices": ROUTE,
    }
    body.update(changes)
    return body


@pytest.fixture
def transport(client: TestClient, corridor_parties: Parties) -> str:
    made = client.post("/tir", json=transport_body(), headers=corridor_parties["operator"])
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def start(client: TestClient, parties: Parties, tid: str) -> Any:
    body = {"office": "CNKNM", "at": "2026-03-01T08:00:00+08:00", "seals": ["CN-S-001"]}
    return client.post(f"/tir/{tid}/start", json=body, headers=parties["cn"])


def cross(
    client: TestClient, parties: Parties, tid: str, office: str, who: str, **more: Any
) -> Any:
    hour = 8 if office == "CNMHN" else 11  # Boten after Mohan
    body = {
        "office": office,
        "arrived_at": f"2026-03-02T{hour:02d}:00:00+08:00",
        "departed_at": f"2026-03-02T{hour + 1:02d}:30:00+08:00",
        "seals_intact": True,
        **more,
    }
    return client.post(f"/tir/{tid}/crossings", json=body, headers=parties[who])


def terminate(client: TestClient, parties: Parties, tid: str) -> Any:
    body = {"office": "LAVTS", "at": "2026-03-03T10:00:00+07:00", "seals_intact": True}
    return client.post(f"/tir/{tid}/termination", json=body, headers=parties["la"])


def discharge(client: TestClient, parties: Parties, tid: str) -> Any:
    body = {"at": "2026-03-03T12:00:00+07:00"}
    return client.post(f"/tir/{tid}/discharge", json=body, headers=parties["la"])


def test_registering_names_the_offices_and_the_next_step(
    client: TestClient, corridor_parties: Parties, transport: str
) -> None:
    seen = client.get(f"/tir/{transport}", headers=corridor_parties["operator"]).json()
    assert seen["status"] == "registered"
    assert [(o["role"], o["name"], o["country"]) for o in seen["offices"]] == [
        ("departure", "Kunming", "CN"),
        ("en_route", "Mohan", "CN"),
        ("en_route", "Boten", "LA"),
        ("destination", "Vientiane South", "LA"),
    ]
    assert seen["next_step"] == "start at the office of departure, Kunming (CNKNM)"
    assert seen["guarantee"] == {
        "chain": "IRU TIR guarantee chain",
        "reference": "XC12345678",
        "amount": 100000.0,
        "currency": "EUR",
        "discharged": False,
    }


def test_a_whole_transport_each_operation_an_audited_state_change(
    client: TestClient, corridor_parties: Parties, transport: str
) -> None:
    parties = corridor_parties
    started = start(client, parties, transport)
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "started"
    assert started.json()["seals"] == ["CN-S-001"]
    assert started.json()["next_step"] == "crossing at Mohan (CNMHN)"

    mohan = cross(client, parties, transport, "CNMHN", "cn")
    assert mohan.status_code == 200, mohan.text
    assert mohan.json()["operations"][-1]["inspection"] == "skipped"

    broken = {
        "seals_intact": False,
        "inspection": {"result": "compliant", "findings": "seal cut", "new_seals": ["LA-S-9"]},
    }
    boten = cross(client, parties, transport, "LABTN", "la", **broken)
    assert boten.status_code == 200, boten.text
    last = boten.json()["operations"][-1]
    assert (last["inspection"], last["result"], last["seals"]) == (
        "forced",
        "compliant",
        ["LA-S-9"],
    )
    assert boten.json()["next_step"] == "termination at Vientiane South (LAVTS)"

    ended = terminate(client, parties, transport)
    assert ended.status_code == 200, ended.text
    assert ended.json()["status"] == "terminated"
    done = discharge(client, parties, transport)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "discharged"
    assert done.json()["guarantee"]["discharged"] is True
    assert [op["kind"] for op in done.json()["operations"]] == [
        "start",
        "crossing",
        "crossing",
        "termination",
        "discharge",
    ]
    assert all(o["done"] for o in done.json()["offices"])

    log = client.get("/audit?limit=1000", headers=parties["admin"]).json()
    actions = [e["action"] for e in log if e["entity_id"] == transport]
    assert actions == [
        "tir.register",
        "tir.start",
        "tir.crossing",
        "tir.crossing",
        "tir.terminate",
        "tir.discharge",
    ]
    verified = client.get("/audit/verify", headers=parties["admin"]).json()
    assert verified["ok"] is True


def test_intact_seals_skip_reinspection_unless_customs_inspect_anyway(
    client: TestClient, corridor_parties: Parties, transport: str
) -> None:
    start(client, corridor_parties, transport)
    inspected = {"inspection": {"result": "compliant"}}
    mohan = cross(client, corridor_parties, transport, "CNMHN", "cn", **inspected)
    assert mohan.json()["operations"][-1]["inspection"] == "performed"
    boten = cross(client, corridor_parties, transport, "LABTN", "la")
    assert boten.json()["operations"][-1]["inspection"] == "skipped"
    assert boten.json()["operations"][-1]["seals"] == ["CN-S-001"]


def test_a_broken_seal_forces_an_inspection_and_new_seals(
    client: TestClient, corridor_parties: Parties, transport: str
) -> None:
    start(client, corridor_parties, transport)
    without = cross(client, corridor_parties, transport, "CNMHN", "cn", seals_intact=False)
    assert without.status_code == 422
    assert "inspection" in without.json()["detail"]
    unsealed = cross(
        client,
        corridor_parties,
        transport,
        "CNMHN",
        "cn",
        seals_intact=False,
        inspection={"result": "compliant"},
    )
    assert unsealed.status_code == 422
    assert "new_seals" in unsealed.json()["detail"]
    seen = client.get(f"/tir/{transport}", headers=corridor_parties["cn"]).json()
    assert seen["operations"][-1]["kind"] == "start"  # nothing half-written


@pytest.mark.parametrize(
    ("steps", "refused", "state", "named"),
    [
        ([], "crossing Mohan", "registered", "start at the office of departure"),
        ([], "termination", "registered", "start"),
        ([], "discharge", "registered", "start"),
        (["start"], "start", "started", "crossings en route"),
        (["start"], "crossing Boten", "started", "Mohan (CNMHN)"),
        (["start"], "termination", "started", "Mohan (CNMHN)"),
        (["start"], "discharge", "started", "termination"),
        (["start", "crossing Mohan"], "crossing Mohan", "started", "crossed Mohan"),
        (["start", "crossing Mohan"], "termination", "started", "Boten (LABTN)"),
        (
            ["start", "crossing Mohan", "crossing Boten", "termination"],
            "crossing Boten",
            "terminated",
            "discharge of the guarantee",
        ),
        (
            ["start", "crossing Mohan", "crossing Boten", "termination", "discharge"],
            "discharge",
            "discharged",
            "nothing more",
        ),
    ],
)
def test_the_state_machine_refuses_steps_out_of_order_naming_the_state(
    client: TestClient,
    corridor_parties: Parties,
    transport: str,
    steps: list[str],
    refused: str,
    state: str,
    named: str,
) -> None:
    p = corridor_parties
    do = {
        "start": lambda: start(client, p, transport),
        "crossing Mohan": lambda: cross(client, p, transport, "CNMHN", "cn"),
        "crossing Boten": lambda: cross(client, p, transport, "LABTN", "la"),
        "termination": lambda: terminate(client, p, transport),
        "discharge": lambda: discharge(client, p, transport),
    }
    for step in steps:
        assert do[step]().status_code == 200, step
    before = client.get("/audit?limit=1000", headers=p["admin"]).json()
    answer = do[refused]()
    assert answer.status_code == 409, answer.text
    assert f"is {state}" in answer.json()["detail"]
    assert named in answer.json()["detail"]
    assert client.get("/audit?limit=1000", headers=p["admin"]).json() == before


def test_each_office_is_its_own_countrys_to_record(
    client: TestClient, corridor_parties: Parties, transport: str
) -> None:
    assert start(client, corridor_parties, transport).status_code == 200
    cross(client, corridor_parties, transport, "CNMHN", "cn")
    by_china = cross(client, corridor_parties, transport, "LABTN", "cn")
    assert by_china.status_code == 403
    assert "Boten (LABTN) is an office of LA" in by_china.json()["detail"]
    not_on_route = cross(client, corridor_parties, transport, "THNOK", "la")
    assert not_on_route.status_code == 422
    assert "not an office en route" in not_on_route.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("operator", 200),
        ("cn", 200),
        ("la", 200),
        ("admin", 200),
        ("th", 404),
        ("vn", 404),
        ("other_operator", 404),
        ("rail", 403),
        ("public", 403),
    ],
)
def test_only_the_countries_on_the_route_see_it(
    client: TestClient, corridor_parties: Parties, transport: str, role: str, status: int
) -> None:
    headers = corridor_parties[role]
    assert client.get(f"/tir/{transport}", headers=headers).status_code == status
    listed = client.get("/tir", headers=headers)
    if status == 403:
        assert listed.status_code == 403
    else:
        assert [t["id"] for t in listed.json()] == ([transport] if status == 200 else [])


def test_authorities_off_the_route_cannot_record_and_traders_never(
    client: TestClient, corridor_parties: Parties, transport: str
) -> None:
    body = {"office": "CNKNM", "at": "2026-03-01T08:00:00+08:00", "seals": ["S1"]}
    for role, status in (("th", 404), ("operator", 403), ("admin", 403), ("rail", 403)):
        answer = client.post(f"/tir/{transport}/start", json=body, headers=corridor_parties[role])
        assert answer.status_code == status, role
    registered = client.post(
        "/tir", json=transport_body(reference="X-2"), headers=corridor_parties["cn"]
    )
    assert registered.status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"offices": {**ROUTE, "en_route": ["CNMHN", "THLCH"]}}, "offices.en_route.1"),
        ({"offices": {**ROUTE, "en_route": ["CNMHN", "CNMHN"]}}, "offices"),
        (
            {"guarantee": {"chain": "IRU", "reference": "X", "amount": "5", "currency": "EUR"}},
            "amount",
        ),
        (
            {"guarantee": {"chain": "IRU", "reference": "X", "amount": 5, "currency": "EURO"}},
            "currency",
        ),
        ({"holder": {"name": "\x00", "tir_id": "CHN/1"}}, "name"),
        ({"consignment_id": "not-a-uuid"}, "consignment_id"),
    ],
)
def test_bad_registrations_are_refused_naming_the_field(
    client: TestClient, corridor_parties: Parties, change: dict[str, Any], field: str
) -> None:
    answer = client.post(
        "/tir", json=transport_body(**change), headers=corridor_parties["operator"]
    )
    assert answer.status_code == 422, answer.text
    assert field in str(answer.json()["detail"])


def test_a_reference_is_registered_once_and_a_consignment_must_be_the_holders(
    client: TestClient, corridor_parties: Parties, transport: str
) -> None:
    again = client.post("/tir", json=transport_body(), headers=corridor_parties["operator"])
    assert again.status_code == 409
    foreign = transport_body(
        reference="TIR-2", consignment_id="00000000-0000-4000-8000-000000000000"
    )
    assert (
        client.post("/tir", json=foreign, headers=corridor_parties["operator"]).status_code == 404
    )


def test_times_may_not_run_backwards(
    client: TestClient, corridor_parties: Parties, transport: str
) -> None:
    start(client, corridor_parties, transport)
    early = cross(
        client,
        corridor_parties,
        transport,
        "CNMHN",
        "cn",
        arrived_at="2026-02-01T00:00:00Z",
        departed_at="2026-02-01T01:00:00Z",
    )
    assert early.status_code == 422
    assert "arrived_at" in early.json()["detail"]
