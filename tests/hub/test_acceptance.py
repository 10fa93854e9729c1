"""Acceptance on the bundled corridor network, with legs planned by the routing engine.

A consignment from Chongqing to Bangkok opened with one document; a rail carrier and a road
carrier post events and its status and ETA follow; the Chinese and Lao authorities both see its
declaration at Mohan/Boten and share an inspection result; the Vietnamese authority gets 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.config import Settings
from landsea.hub.app import create_app

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A hub on the bundled corridor network (the default loader)."""
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client
    app.state.hub.db.dispose()


def act(event_id: str, code: str, at: str, where: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": "TRANSPORT",
        "event_classifier_code": "ACT",
        "transport_event_type_code": code,
        "event_datetime": at,
        "location": where,
    }


def at(start: datetime, hours: float) -> str:
    return (start + timedelta(hours=hours)).isoformat()


def test_chongqing_to_bangkok_on_one_document(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    # The China-Laos railway with trucks at either end: the router plans it under these limits.
    plan = {
        "by": "generalized",
        "avoid_modes": ["sea", "rail_1000"],
        "carriers": {"rail_1435": "China Railway Container", "road": "Mekong Trucking"},
    }
    body = consignment_body(itinerary={"plan": plan})
    opened = client.post("/consignments", json=body, headers=corridor_parties["operator"])
    assert opened.status_code == 201, opened.text
    made = opened.json()
    cid = made["id"]
    assert made["planned_by"] == "router"
    modes = [leg["mode"] for leg in made["legs"]]
    assert "rail_1435" in modes and "road" in modes
    assert "MOHAN_BOTEN_RAIL" in [c["crossing_id"] for c in made["crossings"]]

    # The rail carrier reports its leg: departure from its first place, arrival at its last.
    rail_leg = next(leg for leg in made["legs"] if leg["mode"] == "rail_1435")
    planned = datetime.fromisoformat(rail_leg["planned_departure"])
    rail_late = at(planned, 12)  # half a day behind its plan
    rail = corridor_parties["rail"]
    departed = client.post(
        f"/consignments/{cid}/events",
        headers=rail,
        json=act("rail-1", "DEPA", rail_late, rail_leg["from"]),
    )
    assert departed.status_code == 201, departed.text
    in_transit = client.get(f"/consignments/{cid}", headers=corridor_parties["operator"]).json()
    assert in_transit["status"] == "in_transit"
    assert in_transit["eta"] > made["eta"]  # the train left late: the delivery moves with it
    client.post(
        f"/consignments/{cid}/events",
        headers=rail,
        json=act("rail-2", "ARRI", at(planned, 32), rail_leg["to"]),
    )

    # The road carrier brings it to Bangkok.
    last = made["legs"][-1]
    assert last["mode"] == "road" and last["to"] == "THBKK"
    road = corridor_parties["road"]
    events = [
        act("road-1", "DEPA", at(planned, 38), last["from"]),
        act("road-2", "ARRI", at(planned, 56), "THBKK"),
    ]
    for event in events:
        posted = client.post(
            f"/consignments/{cid}/events", headers=road, json={**event, "leg": last["leg"]}
        )
        assert posted.status_code == 201, posted.text
    delivered = client.get(f"/consignments/{cid}", headers=corridor_parties["operator"]).json()
    assert delivered["status"] == "delivered"
    assert datetime.fromisoformat(delivered["eta"]) == datetime.fromisoformat(at(planned, 56))

    # The declaration at Mohan/Boten: China and Laos see it and share the inspection.
    declared = client.post(
        f"/consignments/{cid}/declarations",
        json={"crossing_id": "MOHAN_BOTEN_RAIL"},
        headers=corridor_parties["operator"],
    )
    assert declared.status_code == 201, declared.text
    url = f"/declarations/{declared.json()['id']}"
    assert client.get(url, headers=corridor_parties["cn"]).status_code == 200
    inspection = {
        "result": "compliant",
        "findings": "joint check at Mohan",
        "inspected_at": "2026-03-02T03:00:00Z",
    }
    assert (
        client.post(
            f"{url}/inspections", json=inspection, headers=corridor_parties["cn"]
        ).status_code
        == 201
    )
    seen_in_laos = client.get(url, headers=corridor_parties["la"]).json()
    assert [(i["country"], i["result"]) for i in seen_in_laos["inspections"]] == [
        ("CN", "compliant")
    ]

    # Vietnam's authority learns nothing, not even that the consignment exists.
    assert client.get(url, headers=corridor_parties["vn"]).status_code == 404
    assert client.get(f"/consignments/{cid}", headers=corridor_parties["vn"]).status_code == 404
