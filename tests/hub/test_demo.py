"""The demo hub: seeded through the hub's own services, seen through the API as each role may,
and seeded twice without a second copy of anything."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.hub.db import Database
from landsea.hub.demo import CONSIGNMENTS_PER_LINE, DemoTokens, seed_demo
from landsea.hub.demo_lines import AUTHORITIES, CARRIERS, LINES, PARTIES
from landsea.hub.services.identity import authenticate
from landsea.network import Network, corridor_network

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def corridor() -> Network:
    return corridor_network()


@pytest.fixture
def seeded(db: Database, corridor: Network) -> DemoTokens:
    return seed_demo(db, corridor, now=NOW)


def bearer(seeded: DemoTokens, key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {seeded[key]}"}


def get(client: TestClient, seeded: DemoTokens, key: str, url: str) -> Any:
    response = client.get(url, headers=bearer(seeded, key))
    assert response.status_code == 200, response.text
    return response.json()


def test_every_party_signs_in_with_its_role_and_country(
    client: TestClient, seeded: DemoTokens
) -> None:
    seen = {p.key: get(client, seeded, p.key, "/me") for p in PARTIES}
    assert {key: (me["role"], me["country"]) for key, me in seen.items()} == {
        p.key: (str(p.role), p.country) for p in PARTIES
    }
    assert {p.country for p in AUTHORITIES} == {"CN", "VN", "LA", "TH", "MM", "KH", "SG"}
    modes = {leg.mode for line in LINES for leg in line.legs}
    assert {"rail_1435", "road", "sea", "river"} <= modes
    assert len(CARRIERS) >= 4


def test_each_line_has_one_consignment_under_way_and_the_rest_arrived(
    client: TestClient, seeded: DemoTokens
) -> None:
    found = get(client, seeded, "operator", "/consignments?limit=500")
    assert seeded.created == len(found) == len(LINES) * CONSIGNMENTS_PER_LINE
    by_status = Counter((c["document_number"].split("-")[1], c["status"]) for c in found)
    for line in LINES:
        assert by_status[(line.key, "in_transit")] == 1
        assert by_status[(line.key, "delivered")] == CONSIGNMENTS_PER_LINE - 1
    under_way = [c for c in found if c["status"] == "in_transit"]
    assert all(datetime.fromisoformat(c["eta"]) > NOW for c in under_way)


def test_carriers_post_the_legs_they_move(client: TestClient, seeded: DemoTokens) -> None:
    found = get(client, seeded, "operator", "/consignments?limit=500")
    delivered = next(c for c in found if c["document_number"] == "DEMO-CLR-002")
    trail = get(client, seeded, "operator", f"/consignments/{delivered['id']}/events")
    places = [(e["type_code"], e["location"]) for e in trail if e["event_classifier_code"] == "ACT"]
    # Through Mohan/Boten on the China-Laos Railway, the gauge changed at Vientiane South.
    for step in [("ARRI", "CNMHN"), ("DEPA", "LABTN"), ("ARRI", "LAVTS"), ("ARRI", "THBKK")]:
        assert step in places
    moved = [(leg["mode"], leg["carrier"]) for leg in delivered["legs"]]
    assert moved == [
        ("road", "Chongqing Highway Logistics (demo)"),
        ("rail_1435", "China Railway Container Transport (demo)"),
        ("rail_1000", "State Railway of Thailand Freight (demo)"),
    ]
    # The sea carrier sees the rail-sea consignments only.
    shipped = get(client, seeded, "carrier_sea", "/consignments?limit=500")
    assert {c["destination"] for c in shipped} == {"SGSIN"}


def test_the_lao_authority_sees_mohan_boten_and_the_vietnamese_does_not(
    client: TestClient, seeded: DemoTokens
) -> None:
    lao = get(client, seeded, "authority_LA", "/declarations?limit=500")
    vietnamese = get(client, seeded, "authority_VN", "/declarations?limit=500")
    assert Counter(d["crossing_id"] for d in lao)["MOHAN_BOTEN_RAIL"] == CONSIGNMENTS_PER_LINE
    assert "MOHAN_BOTEN_RAIL" not in {d["crossing_id"] for d in vietnamese}
    assert {d["crossing_id"] for d in vietnamese} == {
        "YOUYIGUAN_HUUNGHI_ROAD",
        "MOCBAI_BAVET_ROAD",
    }
    # Declarations of arrived goods are released on both sides; the one under way is waiting.
    statuses = Counter(d["status"] for d in lao if d["crossing_id"] == "MOHAN_BOTEN_RAIL")
    assert statuses == {"released": CONSIGNMENTS_PER_LINE - 1, "submitted": 1}


def test_red_channels_are_inspected_before_release(client: TestClient, seeded: DemoTokens) -> None:
    myanmar = get(client, seeded, "authority_MM", "/declarations?limit=500")
    released = [d for d in myanmar if d["status"] == "released"]
    assert released
    for declaration in released:
        channels = {side["country"]: side["channel"] for side in declaration["sides"]}
        assert channels["MM"] == "red"
        assert any(i["result"] == "compliant" for i in declaration["inspections"])


def test_the_public_statistics_show_the_crossings(client: TestClient, seeded: DemoTokens) -> None:
    response = client.get("/stats/crossings")
    assert response.status_code == 200
    crossings = {row["crossing_id"]: row for row in response.json()["rows"]}
    assert crossings["MOHAN_BOTEN_RAIL"]["n_consignments"] == CONSIGNMENTS_PER_LINE - 1
    assert crossings["RUILI_MUSE_ROAD"]["dwell_p50_h"] > 0


def test_seeding_again_adds_nothing_and_replaces_the_tokens(
    client: TestClient, db: Database, corridor: Network, seeded: DemoTokens
) -> None:
    admin = {"Authorization": f"Bearer {_admin_token(db)}"}
    before = _everything(client, admin, bearer(seeded, "authority_LA"))
    again = seed_demo(db, corridor, now=NOW)
    assert (again.created, again.kept) == (0, len(LINES) * CONSIGNMENTS_PER_LINE)
    assert _everything(client, admin, bearer(again, "authority_LA")) == before
    assert client.get("/me", headers=bearer(again, "authority_LA")).status_code == 200
    with db.read() as session:  # the server may honour a token for 5 s: ask the database
        assert authenticate(session, seeded["authority_LA"]) is None
        assert authenticate(session, again["authority_LA"]) is not None
    verified = client.get("/audit/verify", headers=admin)
    assert verified.status_code == 200 and verified.json()["ok"] is True


def _admin_token(db: Database) -> str:
    from landsea.hub.auth import Role
    from landsea.hub.services.identity import issue_token

    with db.write() as session:
        return issue_token(session, "Hub Admin", Role.ADMIN).token


def _everything(client: TestClient, admin: dict[str, str], lao: dict[str, str]) -> dict[str, int]:
    """How many organisations, consignments, events, declarations and rules the hub holds."""
    found = client.get("/consignments?limit=500", headers=admin).json()
    trails = [client.get(f"/consignments/{c['id']}/events", headers=admin).json() for c in found]
    return {
        "organisations": len(client.get("/organisations", headers=admin).json()),
        "consignments": len(found),
        "events": sum(len(trail) for trail in trails),
        "declarations": len(client.get("/declarations?limit=500", headers=admin).json()),
        "lao_risk_rules": len(client.get("/risk-rules", headers=lao).json()),
    }


def test_the_command_prints_each_party_a_token_that_signs_in(database_url: str) -> None:
    from typer.testing import CliRunner

    from landsea.cli.app import app as cli

    result = CliRunner().invoke(cli, ["hub", "demo", "--database", database_url, "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["created"] == len(LINES) * CONSIGNMENTS_PER_LINE
    assert set(printed["tokens"]) == {p.key for p in PARTIES}
    database = Database(database_url)
    try:
        with database.read() as session:
            lao = authenticate(session, printed["tokens"]["authority_LA"]["token"])
    finally:
        database.dispose()
    assert lao is not None and lao.country == "LA"
