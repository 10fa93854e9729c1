"""Two national hubs, federated (issue 13.12, acceptance 4): a Chinese and a Lao hub, each a real
`landsea serve` on loopback with its own database, exchange the declarations and inspection
results of the Mohan/Boten crossing as signed documents over HTTP, both ways, and catch up after
the Lao hub has been down for a while. Never a wall-time assertion: every wait polls with a
deadline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from benchmarks.hub_server import free_port, start_server
from sqlalchemy.engine import make_url

from .conftest import BACKENDS, POSTGRES_URL, empty_postgres, postgres_database

DEADLINE_S = 90.0


def get(url: str, **kwargs: Any) -> httpx.Response:
    return httpx.get(url, timeout=60, **kwargs)


def post(url: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(url, timeout=60, **kwargs)


@dataclass
class Hub:
    """One national hub: its name, country, database, port and server process."""

    name: str
    country: str
    database_url: str
    port: int
    server: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "LANDSEA_DATABASE_URL": self.database_url,
            "LANDSEA_HUB_NAME": self.name,
            "LANDSEA_HUB_COUNTRY": self.country,
            # Short waits so the test's outage is short; the defaults are 2 s doubling to 300 s.
            "LANDSEA_FEDERATION_RETRY_S": "0.2",
            "LANDSEA_FEDERATION_RETRY_MAX_S": "1",
            "LANDSEA_FEDERATION_PULL_S": "1",
        }

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "landsea.cli.app", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def token(self, role: str, org: str, country: str | None = None) -> dict[str, str]:
        extra = ["--country", country] if country else []
        out = self.cli("hub", "token", "create", "--role", role, "--org", org, "--json", *extra)
        return {"Authorization": f"Bearer {json.loads(out)['token']}"}

    def start(self) -> None:
        self.server = start_server(self.database_url, self.port, env=self.env())

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        self.server = None


def _postgres_database(name: str) -> str:
    """A fresh database of the test server called `name` (emptied if it exists)."""
    own = postgres_database(name)
    empty_postgres(own)
    return own


@pytest.fixture(params=BACKENDS)
def hubs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Hub, Hub]]:
    """The Chinese and the Lao hub, each with its own database, both serving."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    urls = {}
    for country in ("cn", "la"):
        if request.param == "postgres":
            assert POSTGRES_URL is not None
            base = make_url(POSTGRES_URL).database
            urls[country] = _postgres_database(f"{base}_{country}hub_{worker}")
        else:
            urls[country] = f"sqlite:///{tmp_path / f'{country}-hub.sqlite3'}"
    china = Hub("China single window", "CN", urls["cn"], free_port())
    laos = Hub("Lao single window", "LA", urls["la"], free_port())
    try:
        for hub in (china, laos):
            hub.cli("hub", "key", "show")  # makes the hub's key (and its database)
            hub.start()
        yield china, laos
    finally:
        china.stop()
        laos.stop()


def fingerprint(hub: Hub) -> str:
    return str(get(f"{hub.url}/keys/published").json()["keys"][0]["kid"])


def federate(china: Hub, laos: Hub) -> None:
    """Each administrator adds the other hub by URL and the key fingerprint told out of band."""
    china.cli(
        "hub",
        "peer",
        "add",
        "--url",
        laos.url,
        "--fingerprint",
        fingerprint(laos),
        "--country",
        "LA",
    )
    laos.cli(
        "hub",
        "peer",
        "add",
        "--url",
        china.url,
        "--fingerprint",
        fingerprint(china),
        "--country",
        "CN",
    )


def until(what: str, check: Callable[[], Any]) -> Any:
    """Poll `check` until it returns something truthy, or fail naming `what`."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"not within {DEADLINE_S:.0f} s: {what}")


def declared(hub: Hub, operator: dict[str, str], leg: dict[str, str], crossing: str, n: int) -> str:
    """A consignment on `hub` over one leg, declared at `crossing`; the declaration's id."""
    body = {
        "document_number": f"{hub.country}-MTD-{n}",
        "consignor": {"name": f"{hub.country} shipper {n}", "country": hub.country},
        "consignee": {"name": f"consignee {n}", "country": "LA" if hub.country == "CN" else "CN"},
        "origin": leg["from"],
        "destination": leg["to"],
        "incoterm": "CPT",
        "commodity": "electronics",
        "goods": [
            {
                "hs_code": "847130",
                "description": "laptops",
                "packages": 10,
                "gross_mass_kg": 240,
                "value": 12000,
                "currency": "USD",
            }
        ],
        "planned_departure": "2026-03-01T08:00:00+08:00",
        "itinerary": {"legs": [leg]},
    }
    made = post(f"{hub.url}/consignments", json=body, headers=operator)
    assert made.status_code == 201, made.text
    answer = post(
        f"{hub.url}/consignments/{made.json()['id']}/declarations",
        json={"crossing_id": crossing},
        headers=operator,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def inspect(hub: Hub, authority: dict[str, str], declaration_id: str, findings: str) -> None:
    body = {
        "result": "compliant",
        "findings": findings,
        "seals_intact": True,
        "inspected_at": "2026-03-02T10:00:00+08:00",
    }
    answer = post(
        f"{hub.url}/declarations/{declaration_id}/inspections", json=body, headers=authority
    )
    assert answer.status_code == 201, answer.text


def received(hub: Hub, authority: dict[str, str], declaration_id: str) -> list[dict[str, Any]]:
    """The versions of a peer's declaration this hub received, as its authority reads them."""
    answer = get(f"{hub.url}/imports?limit=500", headers=authority)
    assert answer.status_code == 200, answer.text
    return [d for d in answer.json() if d["subject_id"] == declaration_id]


def with_findings(versions: list[dict[str, Any]], findings: str) -> bool:
    return any(i["findings"] == findings for v in versions for i in v["document"]["inspections"])


def peer_row(hub: Hub) -> dict[str, Any]:
    rows = json.loads(hub.cli("hub", "peer", "list", "--json"))
    assert len(rows) == 1
    return dict(rows[0])


CN_LEG = {"mode": "rail_1435", "from": "CNKNM", "to": "LAVTS"}
LA_LEG = {"mode": "rail_1435", "from": "LAVTS", "to": "CNKNM"}


@pytest.mark.slow
def test_mohan_boten_declarations_cross_between_two_hubs_and_survive_an_outage(
    hubs: tuple[Hub, Hub],
) -> None:
    china, laos = hubs
    federate(china, laos)
    cn_operator = china.token("operator", "Kunming Forwarding")
    cn_customs = china.token("authority", "China Customs Mohan", "CN")
    la_operator = laos.token("operator", "Vientiane Logistics")
    la_customs = laos.token("authority", "Lao Customs Boten", "LA")
    th_customs = laos.token("authority", "Thai Customs", "TH")

    # China to Laos: a declaration and China's inspection reach the Lao hub, signed.
    southbound = declared(china, cn_operator, CN_LEG, "MOHAN_BOTEN_RAIL", 1)
    inspect(china, cn_customs, southbound, "seals intact at Mohan")
    versions = until(
        "China's inspection at the Lao hub",
        lambda: (
            with_findings(received(laos, la_customs, southbound), "seals intact at Mohan")
            and received(laos, la_customs, southbound)
        ),
    )
    assert versions[0]["issuer"] == "China single window"
    assert versions[0]["document"]["consignor"]["name"] == "CN shipper 1"
    # What crossed is what the Lao authority may see: channels, and no Chinese reasons.
    sides = {s["country"]: s for s in versions[0]["document"]["sides"]}
    assert sides["CN"]["reasons"] is None
    # Only the countries concerned read it on the Lao hub.
    assert received(laos, th_customs, southbound) == []

    # Laos to China: the other way round.
    northbound = declared(laos, la_operator, LA_LEG, "MOHAN_BOTEN_RAIL", 2)
    inspect(laos, la_customs, northbound, "checked at Boten")
    until(
        "Laos's inspection at the Chinese hub",
        lambda: with_findings(received(china, cn_customs, northbound), "checked at Boten"),
    )
    # Each hub keeps its own data: the other's consignment is not there, only signed copies.
    assert get(f"{laos.url}/declarations/{southbound}", headers=la_customs).status_code == 404
    assert get(f"{china.url}/declarations/{northbound}", headers=cn_customs).status_code == 404

    # The Lao hub goes down; China goes on declaring and inspecting.
    laos.stop()
    during = declared(china, cn_operator, CN_LEG, "MOHAN_BOTEN_RAIL", 3)
    inspect(china, cn_customs, during, "inspected while Laos was down")
    waiting = until("the push to fail", lambda: (row := peer_row(china))["last_error"] and row)
    assert waiting["pending"] >= 2  # kept in the outbox, not lost

    laos.start()
    until(
        "the outage's documents at the Lao hub",
        lambda: with_findings(received(laos, la_customs, during), "inspected while Laos was down"),
    )
    drained = until("China's outbox to drain", lambda: (r := peer_row(china))["pending"] == 0 and r)
    assert drained["delivered"] == 4  # two declarations, each submitted and inspected
    assert peer_row(laos)["received_seq"] == drained["delivered"]  # every sequence, once
    for hub, admin_org in ((china, "CN admin"), (laos, "LA admin")):
        admin = hub.token("admin", admin_org)
        verified = get(f"{hub.url}/audit/verify", headers=admin).json()
        assert verified["ok"] is True, verified
