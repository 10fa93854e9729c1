"""Observed indicators by quarter (`landsea indicators --observed`): crossing dwell from actual
events posted through the hub's own API, grouped by the quarter the consignment left the
crossing, rows under the public threshold (2 in tests) suppressed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from landsea.hub.services.indicator_queries import observed_crossings

from .test_stats import act

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


def held_at_mohan(
    client: TestClient, parties: Parties, body: Body, number: int, day: str, dwell_h: int
) -> None:
    """One consignment by rail through Mohan/Boten on `day` (YYYY-MM-DD), held `dwell_h` hours."""
    made = client.post(
        "/consignments", json=body(document_number=f"IND-{number}"), headers=parties["operator"]
    ).json()
    events = [
        act(f"i{number}-1", "DEPA", f"{day}T00:00:00Z", "CNCKG", 1),
        act(f"i{number}-2", "ARRI", f"{day}T01:00:00Z", "CNMHN", 1),
        act(f"i{number}-3", "DEPA", f"{day}T{1 + dwell_h:02d}:00:00Z", "LABTN", 1),
    ]
    batch = {"events": [{**e, "consignment_id": made["id"]} for e in events]}
    assert client.post("/events/batch", json=batch, headers=parties["rail"]).status_code == 200


def test_dwell_by_quarter_from_hub_events(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, database_url: str
) -> None:
    trips = [
        ("2026-02-10", 4),
        ("2026-03-01", 6),
        ("2026-03-20", 14),  # Q1: 3 consignments
        ("2026-07-05", 2),
        ("2026-08-09", 8),  # Q3: 2
        ("2026-11-01", 9),
    ]  # Q4: 1, suppressed
    for number, (day, dwell) in enumerate(trips, start=1):
        held_at_mohan(client, corridor_parties, consignment_body, number, day, dwell)
    table = observed_crossings(database_url, min_consignments=2)
    rows = {(r.crossing_id, r.quarter): r for r in table.itertuples(index=False)}
    assert set(rows) == {("MOHAN_BOTEN_RAIL", "2026Q1"), ("MOHAN_BOTEN_RAIL", "2026Q3")}
    first, third = rows["MOHAN_BOTEN_RAIL", "2026Q1"], rows["MOHAN_BOTEN_RAIL", "2026Q3"]
    assert (first.n_consignments, first.dwell_p50_h) == (3, 6.0)
    assert first.dwell_mean_h == pytest.approx(8.0)
    assert (third.n_consignments, third.dwell_p50_h) == (2, 5.0)


def test_no_events_is_an_empty_table(client: TestClient, database_url: str) -> None:
    assert observed_crossings(database_url, min_consignments=2).empty
