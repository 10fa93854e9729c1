"""What was left of the battery's finding 9: a revoked token stops working at once in every
server process; a risk rule on value weighs goods in every currency; events may carry a price.
Each on SQLite and PostgreSQL (the `app` fixture's backends)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from landsea.config import Settings
from landsea.hub import fx
from landsea.hub.app import create_app
from landsea.hub.db import Database
from landsea.hub.models import TrackingEvent

from .conftest import mini_network

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]
TokenMaker = Callable[..., dict[str, str]]


@pytest.fixture
def second_process(settings: Settings) -> Iterator[TestClient]:
    """Another server on the same database: its own app, token cache and connections."""
    other: FastAPI = create_app(settings, network_loader=mini_network)
    with TestClient(other) as client:
        yield client
    other.state.hub.db.dispose()


def test_a_revoked_token_stops_at_once_in_another_process(
    client: TestClient, second_process: TestClient, token_for: TokenMaker
) -> None:
    admin = token_for("admin", "Hub Admin")
    made = client.post(
        "/tokens", json={"organisation": "Mekong Trucking", "role": "carrier"}, headers=admin
    )
    assert made.status_code == 201, made.text
    carrier = {"Authorization": f"Bearer {made.json()['token']}"}
    # The second process has checked the token and keeps it in its cache.
    assert second_process.get("/consignments", headers=carrier).status_code == 200
    assert client.delete(f"/tokens/{made.json()['token_id']}", headers=admin).status_code == 204
    # No wait: the very next request to the other process is refused.
    assert second_process.get("/consignments", headers=carrier).status_code == 401
    assert second_process.get("/consignments", headers=admin).status_code == 200


def test_a_risk_rule_on_value_weighs_goods_in_other_currencies(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    rule = {"name": "high value", "min_value": 10_000, "currency": "USD", "channel": "red"}
    assert client.post("/risk-rules", json=rule, headers=corridor_parties["la"]).status_code == 201
    goods = {
        "hs_code": "940360",
        "description": "furniture",
        "packages": 10,
        "gross_mass_kg": 800,
        "value": 1_000_000,  # about 139,000 USD
        "currency": "CNY",
    }
    body = consignment_body(goods=[goods], document_number="MTD-CNY-1")
    made = client.post("/consignments", json=body, headers=corridor_parties["operator"])
    assert made.status_code == 201, made.text
    declared = client.post(
        f"/consignments/{made.json()['id']}/declarations",
        json={"crossing_id": "MOHAN_BOTEN_RAIL"},
        headers=corridor_parties["operator"],
    )
    assert declared.status_code == 201, declared.text
    seen = client.get(f"/declarations/{declared.json()['id']}", headers=corridor_parties["la"])
    sides = {side["country"]: side for side in seen.json()["sides"]}
    assert sides["LA"]["channel"] == "red"
    assert sides["LA"]["reasons"] == ["high value"]
    # Below the threshold once converted: 50,000 CNY is about 7,000 USD.
    cheap = consignment_body(goods=[{**goods, "value": 50_000}], document_number="MTD-CNY-2")
    made = client.post("/consignments", json=cheap, headers=corridor_parties["operator"])
    declared = client.post(
        f"/consignments/{made.json()['id']}/declarations",
        json={"crossing_id": "MOHAN_BOTEN_RAIL"},
        headers=corridor_parties["operator"],
    )
    seen = client.get(f"/declarations/{declared.json()['id']}", headers=corridor_parties["la"])
    sides = {side["country"]: side for side in seen.json()["sides"]}
    assert sides["LA"]["channel"] == "green"


def test_the_rate_table_is_dated_and_sourced() -> None:
    table = fx.rates()
    assert {"USD", "CNY", "LAK", "THB", "VND", "MMK", "KHR"} <= set(table)
    assert fx.convert(1_000_000, "CNY", "USD") == pytest.approx(1_000_000 / table["CNY"])
    assert fx.convert(100, "XAU", "USD") is None
    assert fx.convert(5, "ZZZ", "ZZZ") == 5


def _event(**extra: Any) -> dict[str, Any]:
    return {
        "event_id": "depa",
        "event_type": "TRANSPORT",
        "event_classifier_code": "ACT",
        "transport_event_type_code": "DEPA",
        "event_datetime": "2026-03-01T08:00:00+08:00",
        "location": "CNCKG",
        **extra,
    }


def test_an_event_may_carry_a_price_kept_for_cost_and_not_shown(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, db: Database
) -> None:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    url = f"/consignments/{made.json()['id']}/events"
    rail = corridor_parties["rail"]
    for bad in (
        {"price": 2400.0},
        {"price": "NaN", "currency": "USD"},
        {"price": -1, "currency": "USD"},
    ):
        assert client.post(url, json=_event(**bad), headers=rail).status_code == 422, bad
    posted = client.post(url, json=_event(price=2400.0, currency="usd"), headers=rail)
    assert posted.status_code == 201, posted.text
    assert "price" not in posted.json()
    again = client.post(url, json=_event(price=2400.0, currency="USD"), headers=rail)
    assert again.status_code == 200  # the same event, acknowledged
    other = client.post(url, json=_event(price=2500.0, currency="USD"), headers=rail)
    assert other.status_code == 409  # the price is part of the event
    with db.read() as session:
        stored = session.execute(select(TrackingEvent.price, TrackingEvent.currency)).one()
    assert tuple(stored) == (2400.0, "USD")
    read = client.get(url, headers=corridor_parties["la"]).json()
    assert "price" not in read[0]
