"""The dashboard's JSON endpoints, in-process (no browser): the same answers as the CLI."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from landsea.cli.app import app as cli_app
from landsea.config import Settings
from landsea.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("web-api")
    settings = Settings(database_url=f"sqlite:///{folder / 'hub.sqlite3'}", out_dir=folder / "out")
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client
    app.state.hub.db.dispose()


def test_the_page_and_its_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<script type="module" src="/static/app.js">' in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/maplibre-gl-worker.mjs").status_code == 200


def test_the_network_document_names_places_and_keeps_sources(client: TestClient) -> None:
    body = client.get("/api/network").json()
    kinds = {f["properties"]["feature_type"] for f in body["features"]}
    assert kinds == {"place", "link", "crossing"}
    crossing = next(
        f["properties"]
        for f in body["features"]
        if f["properties"].get("crossing_id") == "YOUYIGUAN_HUUNGHI_ROAD"
        and f["properties"]["feature_type"] == "crossing"
    )
    assert crossing["designed_source"].startswith("source:")
    assert crossing["hours"] == "07:00-19:00"
    assert any(line["link_ids"] for line in body["lines"])
    assert "joint_inspection" in body["vocabulary"]["regimes"]


def test_the_planner_answers_as_landsea_route_does(client: TestClient) -> None:
    answer = client.get("/api/route", params={"origin": "Chongqing", "destination": "Bangkok"})
    assert answer.status_code == 200
    body = answer.json()
    cli = CliRunner().invoke(cli_app, ["route", "Chongqing", "Bangkok", "--pareto", "--json"])
    assert cli.exit_code == 0, cli.output
    expected = json.loads(cli.output)["routes"]
    got = [{k: r[k] for k in ("mode_mix", "time_h", "cost_usd", "co2_kg")} for r in body["routes"]]
    assert got == [
        {k: r[k] for k in ("mode_mix", "time_h", "cost_usd", "co2_kg")} for r in expected
    ]
    assert body["destination_name"].startswith("Bangkok")
    first = body["routes"][0]
    assert first["coordinates"][0] == pytest.approx([106.5516, 29.563], abs=1e-3)
    assert first["tcd"][-1]["time_h"] == pytest.approx(first["time_h"], abs=0.05)


def test_a_bad_route_request_names_the_problem(client: TestClient) -> None:
    unknown = client.get("/api/route", params={"origin": "Atlantis", "destination": "Bangkok"})
    assert unknown.status_code == 422
    assert "Atlantis" in unknown.json()["detail"]
    no_route = client.get(
        "/api/route",
        params={
            "origin": "Chongqing",
            "destination": "Bangkok",
            "avoid_country": ["LA", "VN", "MM"],
        },
    )
    assert no_route.status_code in (200, 422)  # by sea from Qinzhou, or refused with a reason
    missing = client.get("/api/route", params={"origin": "Chongqing"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"][-1] == "destination"


def test_a_crossing_day_has_24_hours_and_every_regime(client: TestClient) -> None:
    body = client.get("/api/crossings/Pingxiang/day", params={"days": 14}).json()
    assert body["crossing_id"] == "YOUYIGUAN_HUUNGHI_ROAD"
    assert [r["hour"] for r in body["queue_by_hour"]] == list(range(24))
    assert body["gate_hours"] == [[7.0, 19.0]]
    assert set(body["dwell"]["shares"]) >= {"standard", "joint_inspection"}
    for shares in body["dwell"]["shares"].values():
        assert sum(shares) == pytest.approx(1.0, abs=1e-3)
    faster = body["summary"]["joint_inspection"]["dwell_p50_h"]
    assert faster < body["summary"]["standard"]["dwell_p50_h"]
    assert client.get("/api/crossings/Atlantis/day").status_code == 422
    assert client.get("/api/crossings/Pingxiang/day", params={"days": 2}).status_code == 422


def _finished(client: TestClient, job: dict[str, object]) -> dict[str, object]:
    for _ in range(600):
        job = client.get(f"/api/jobs/{job['job_id']}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job['job_id']} did not finish")


def test_a_comparison_runs_as_a_job_and_is_then_stored(client: TestClient) -> None:
    started = client.post(
        "/api/scenarios/compare",
        json={
            "scenarios": ["baseline_2025", "joint_inspection_pingxiang"],
            "baseline": "baseline_2025",
        },
    )
    assert started.status_code == 202
    job = _finished(client, started.json())
    assert job["state"] == "done", job["error"]
    result = job["result"]
    assert isinstance(result, dict)
    assert result["baseline"] == "baseline_2025"
    dwell = [
        r for r in result["crossings"]
        if r["crossing_id"] == "YOUYIGUAN_HUUNGHI_ROAD" and r["kpi"] == "dwell_p90_h"
        and r["scenario"] == "joint_inspection_pingxiang"
    ]  # fmt: skip
    assert dwell and dwell[0]["difference"] < 0  # joint inspection shortens the wait
    listed = client.get("/api/scenarios").json()["scenarios"]
    stored = {s["name"]: s["stored"] for s in listed}
    assert stored["baseline_2025"] and stored["joint_inspection_pingxiang"]
    # Each scenario's link flows (TEU a day) come with it: the faster road border at
    # Youyiguan (link L007) draws traffic, so the scenario's line there is wider.
    flows = result["link_flows"]
    assert isinstance(flows, dict)
    assert flows["joint_inspection_pingxiang"]["L007"] > flows["baseline_2025"]["L007"] > 0
    read = client.get("/api/scenarios/joint_inspection_pingxiang/flows").json()
    assert read["links"] == flows["joint_inspection_pingxiang"]
    assert read["crossings"]["YOUYIGUAN_HUUNGHI_ROAD"]["regime"] == "joint_inspection"


def test_flows_of_a_scenario_not_stored_or_not_shipped_are_refused(client: TestClient) -> None:
    path = client.get("/api/scenarios/..%2F..%2Fetc%2Fpasswd/flows")
    assert path.status_code in (400, 404)
    unknown = client.get("/api/scenarios/atlantis/flows")
    assert unknown.status_code == 400 and "atlantis" in unknown.json()["detail"]
    not_run = client.get("/api/scenarios/kyaukphyu_railway/flows")
    assert not_run.status_code == 400 and "compare it first" in not_run.json()["detail"]


def test_a_bad_comparison_is_refused_before_any_run(client: TestClient) -> None:
    wrong_base = client.post(
        "/api/scenarios/compare", json={"scenarios": ["baseline_2025"], "baseline": "synergy"}
    )
    assert wrong_base.status_code == 400
    assert "synergy" in wrong_base.json()["detail"]
    unknown = client.post(
        "/api/scenarios/compare", json={"scenarios": ["atlantis"], "baseline": "atlantis"}
    )
    job = _finished(client, unknown.json())
    assert job["state"] == "failed" and "atlantis" in str(job["error"])
    assert client.get("/api/jobs/job-999").status_code == 404


def test_the_dashboard_refuses_to_start_unbuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from landsea.errors import DataError
    from landsea.web import app as web_app

    monkeypatch.setattr(web_app.resources, "files", lambda _package: tmp_path)
    with pytest.raises(DataError, match="make web"):
        web_app.static_folder()
