"""Public statistics from actual events: dwell at Mohan/Boten, daily volumes, lanes and the
time-distance profile, with rows of too few consignments suppressed (threshold 2 in tests)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


def act(event_id: str, code: str, at: str, where: str, leg: int) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": "TRANSPORT",
        "event_classifier_code": "ACT",
        "transport_event_type_code": code,
        "event_datetime": at,
        "location": where,
        "leg": leg,
    }


def trip(client: TestClient, parties: Parties, body: Body, number: int, dwell_h: int) -> None:
    """One consignment through Mohan/Boten, held there `dwell_h` hours, delivered to Bangkok."""
    made = client.post(
        "/consignments", json=body(document_number=f"MTD-{number}"), headers=parties["operator"]
    ).json()
    cid = made["id"]
    rail = [
        act(f"{number}-1", "DEPA", "2026-03-01T00:00:00Z", "CNCKG", 1),
        act(f"{number}-2", "ARRI", "2026-03-02T00:00:00Z", "CNMHN", 1),
        act(f"{number}-3", "DEPA", f"2026-03-02T{dwell_h:02d}:00:00Z", "LABTN", 1),
        act(f"{number}-4", "ARRI", "2026-03-03T00:00:00Z", "LAVTS", 1),
    ]
    road = [
        act(f"{number}-5", "DEPA", "2026-03-03T06:00:00Z", "LAVTS", 2),
        act(f"{number}-6", "ARRI", "2026-03-04T06:00:00Z", "THBKK", 2),
    ]
    for carrier, events in (("rail", rail), ("road", road)):
        batch = {"events": [{**e, "consignment_id": cid} for e in events]}
        assert client.post("/events/batch", json=batch, headers=parties[carrier]).status_code == 200


@pytest.fixture
def observed(client: TestClient, corridor_parties: Parties, consignment_body: Body) -> None:
    for number, dwell in ((1, 4), (2, 6), (3, 14)):
        trip(client, corridor_parties, consignment_body, number, dwell)


def test_dwell_at_a_crossing_comes_from_events(client: TestClient, observed: None) -> None:
    table = client.get("/stats/crossings").json()
    rows = {row["crossing_id"]: row for row in table["rows"]}
    mohan = rows["MOHAN_BOTEN_RAIL"]
    assert mohan["n_consignments"] == 3
    assert mohan["dwell_p50_h"] == 6.0
    assert (mohan["dwell_p10_h"], mohan["dwell_p90_h"]) == (pytest.approx(4.4), pytest.approx(12.4))
    # No single consignment's dwell is published: neither the shortest (4 h) nor the longest.
    assert "dwell_min_h" not in mohan and "dwell_max_h" not in mohan


def test_rows_of_too_few_consignments_are_suppressed(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    trip(client, corridor_parties, consignment_body, 1, 5)
    assert client.get("/stats/crossings").json()["rows"] == []
    assert client.get("/stats/lanes").json()["rows"] == []


def test_volumes_lanes_and_time_distance(client: TestClient, observed: None) -> None:
    volumes = client.get("/stats/volumes").json()["rows"]
    assert {"crossing_id": "MOHAN_BOTEN_RAIL", "date": "2026-03-02", "n_consignments": 3} in volumes
    (lane,) = client.get("/stats/lanes").json()["rows"]
    assert (lane["origin"], lane["destination"], lane["modes"]) == (
        "CNCKG",
        "THBKK",
        "rail_1435+road",
    )
    assert lane["time_p50_h"] == 78.0
    profile = client.get("/stats/time-distance").json()["rows"]
    assert [row["place"] for row in profile] == ["CNCKG", "LAVTS", "THBKK"]
    assert [row["time_p50_h"] for row in profile] == [0.0, 54.0, 78.0]
    assert profile[-1]["distance_km"] > profile[1]["distance_km"] > 0


def test_time_along_the_named_lines(client: TestClient, observed: None) -> None:
    (middle,) = client.get("/stats/lines").json()["rows"]  # the Eastern line saw no one
    assert (middle["line_id"], middle["n_consignments"], middle["time_p50_h"]) == (
        "mini-middle",
        3,
        78.0,
    )


def test_statistics_export_as_csv_without_a_token(client: TestClient, observed: None) -> None:
    response = client.get("/stats/crossings", params={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    frame = pd.read_csv(io.StringIO(response.text))
    assert list(frame.columns[:4]) == [
        "crossing_id",
        "n_consignments",
        "dwell_p10_h",
        "dwell_p50_h",
    ]
    assert client.get("/stats/nonsense").status_code == 422


def test_the_command_line_exports_files_scenarios_can_read(
    observed: None, database_url: str, tmp_path: Any
) -> None:
    from typer.testing import CliRunner

    from landsea.cli.app import app

    result = CliRunner(env={"LANDSEA_MIN_PUBLIC_CONSIGNMENTS": "2"}).invoke(
        app, ["hub", "stats", "--out", str(tmp_path), "--database", database_url]
    )
    assert result.exit_code == 0, result.output
    dwell = pd.read_csv(tmp_path / "observed_crossings.csv")
    assert dwell.loc[0, "crossing_id"] == "MOHAN_BOTEN_RAIL" and dwell.loc[0, "dwell_p50_h"] == 6.0
    assert (tmp_path / "observed_time_distance.csv").exists()
    assert (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize("table", ["crossings", "volumes", "lanes", "lines", "time-distance"])
def test_a_new_hub_publishes_empty_tables(client: TestClient, table: str) -> None:
    body = client.get(f"/stats/{table}").json()
    assert body["rows"] == [] and body["columns"]


def test_a_line_counts_trips_by_its_modes_only() -> None:
    from landsea.hub.public_stats import runs_on_line

    places = ("CNCKG", "CNKNM", "CNMHN", "LABTN", "LAVTS", "THNOK", "THBKK")
    by_rail_then_road = ((0, 4, "rail_1435"), (4, 6, "road"))
    by_road = ((0, 6, "road"),)
    middle = ("CNCKG", "CNMHN", "LAVTS", "THBKK")
    rail_and_road = frozenset({"rail_1435", "road"})
    assert runs_on_line(places, by_rail_then_road, middle, rail_and_road)
    assert not runs_on_line(places, by_road, middle, frozenset({"rail_1435"}))
    # Only the legs between the first and last waypoints count: the road leg after Vientiane
    # does not keep the trip off a rail line that ends there.
    assert runs_on_line(places, by_rail_then_road, ("CNCKG", "LAVTS"), frozenset({"rail_1435"}))
