"""The hub as a real uvicorn process on loopback, seeded with a consignment: what the
durability tests and the benchmark drive (and a quick way to try the hub by hand)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime

import httpx

from landsea.hub import planning
from landsea.hub.auth import Principal, Role
from landsea.hub.db import Database
from landsea.hub.schemas.consignments import ConsignmentIn
from landsea.hub.services import consignments
from landsea.hub.services.identity import authenticate, issue_token


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    database_url: str, port: int, workers: int = 1, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`landsea serve` in its own process (with `env`, else this process's environment);
    returns once /health answers (or raises after 60 s)."""
    command = [
        sys.executable,
        "-m",
        "landsea.cli.app",
        "serve",
        "--no-demo",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--database",
        database_url,
        "--workers",
        str(workers),
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    wait_for(server, f"http://127.0.0.1:{port}/health")
    return server


def stop_server(server: subprocess.Popen[bytes], grace_s: float = 30.0) -> None:
    """Ask the server to stop (SIGTERM); kill it if it has not exited within `grace_s`."""
    server.terminate()
    try:
        server.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=grace_s)


def wait_for(
    server: subprocess.Popen[bytes], url: str, method: str = "GET", body: object = None
) -> None:
    """Return once `url` answers below 500 (or raise after 60 s, or if the server exits)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before answering")
        try:
            if httpx.request(method, url, json=body, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"{url} did not answer within 60 s")


def seed(db: Database, carriers: int = 1) -> tuple[dict[str, str], list[str]]:
    """Tokens (operator, carrier) and one consignment per carrier, its leg assigned to it.

    Made straight in the database with a one-leg itinerary, so no network is needed.
    """
    with db.write() as session:
        operator = issue_token(session, "Seed Forwarding", Role.OPERATOR)
        tokens = {"operator": operator.token}
        ids = []
        principal = authenticate(session, operator.token)
        assert isinstance(principal, Principal)
        for n in range(carriers):
            carrier = issue_token(session, f"Seed Carrier {n}", Role.CARRIER)
            tokens[f"carrier{n}"] = carrier.token
            leg = planning.PlannedLeg(
                "road", "CNCKG", "THBKK", 2000.0, 40.0, ("CNCKG", "THBKK"), (), f"Seed Carrier {n}"
            )
            itinerary = planning.Itinerary((leg,), (), "operator")
            body = ConsignmentIn.model_validate_json(
                json.dumps(
                    {
                        "document_number": f"SEED-{n}",
                        "consignor": {"name": "A", "country": "CN"},
                        "consignee": {"name": "B", "country": "TH"},
                        "origin": "CNCKG",
                        "destination": "THBKK",
                        "incoterm": "CPT",
                        "goods": [
                            {
                                "hs_code": "847130",
                                "description": "laptops",
                                "packages": 1,
                                "gross_mass_kg": 10,
                                "value": 1,
                                "currency": "USD",
                            }
                        ],
                        "planned_departure": datetime(2026, 3, 1, tzinfo=UTC).isoformat(),
                        "itinerary": {"legs": [{"mode": "road", "from": "CNCKG", "to": "THBKK"}]},
                    }
                )
            )
            ids.append(consignments.create(session, principal, body, itinerary).id)
    return tokens, ids


def event(event_id: str) -> dict[str, str]:
    return {
        "event_id": event_id,
        "event_type": "TRANSPORT",
        "event_classifier_code": "ACT",
        "transport_event_type_code": "DEPA",
        "event_datetime": "2026-03-01T00:00:00Z",
        "location": "CNCKG",
    }
