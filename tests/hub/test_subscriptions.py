"""Subscriptions: a server-sent event stream of a consignment's events, and webhooks that are
signed, retried with backoff and never lost (written with the event, in its transaction)."""

from __future__ import annotations

import hashlib
import hmac
import socket
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from landsea.hub.db import Database
from landsea.hub.models import WebhookDelivery, utcnow
from landsea.hub.services.subscriptions import deliver_due

Body = Callable[..., dict[str, Any]]
LOOPBACK = ("127.0.0.1",)  # the tests' receivers, allowed as an administrator would
Parties = dict[str, dict[str, str]]


@pytest.fixture
def consignment_id(client: TestClient, corridor_parties: Parties, consignment_body: Body) -> str:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    return str(made.json()["id"])


def depart(client: TestClient, parties: Parties, cid: str, event_id: str) -> None:
    event = {
        "event_id": event_id,
        "event_type": "TRANSPORT",
        "event_classifier_code": "ACT",
        "transport_event_type_code": "DEPA",
        "event_datetime": "2026-03-01T00:00:00Z",
        "location": "CNCKG",
    }
    assert (
        client.post(f"/consignments/{cid}/events", json=event, headers=parties["rail"]).status_code
        == 201
    )


def test_the_stream_sends_events_and_resumes_from_the_last_id(
    client: TestClient, corridor_parties: Parties, consignment_id: str
) -> None:
    depart(client, corridor_parties, consignment_id, "a")
    depart(client, corridor_parties, consignment_id, "b")
    url = f"/consignments/{consignment_id}/stream"
    with client.stream(
        "GET", url, params={"max_events": 2}, headers=corridor_parties["la"]
    ) as response:
        assert response.status_code == 200
        text = "".join(response.iter_text())
    assert text.count("event: tracking") == 2
    first_id = text.split("id: ")[1].split()[0]
    resume = {**corridor_parties["la"], "Last-Event-ID": first_id}
    with client.stream("GET", url, params={"max_events": 1}, headers=resume) as response:
        again = "".join(response.iter_text())
    assert '"event_id":"b"' in again.replace(" ", "") and '"event_id":"a"' not in again.replace(
        " ", ""
    )


def test_a_foreign_stream_is_404(
    client: TestClient, corridor_parties: Parties, consignment_id: str
) -> None:
    response = client.get(f"/consignments/{consignment_id}/stream", headers=corridor_parties["vn"])
    assert response.status_code == 404


def test_a_webhook_is_signed_and_retried_until_delivered(
    client: TestClient, corridor_parties: Parties, consignment_id: str, db: Database
) -> None:
    made = client.post(
        f"/consignments/{consignment_id}/webhooks",
        json={"url": "http://127.0.0.1:9/hook"},
        headers=corridor_parties["operator"],
    )
    assert made.status_code == 201
    secret = made.json()["secret"]
    received: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(503 if len(received) == 1 else 204)

    # This test delivers by hand: the app's own dispatcher would race it for the same rows.
    dispatcher = client.app.state.hub.dispatcher  # type: ignore[attr-defined]
    dispatcher.stop()
    depart(client, corridor_parties, consignment_id, "a")
    later = utcnow() + timedelta(minutes=5)  # past any lease and backoff
    with httpx.Client(transport=httpx.MockTransport(receiver)) as mock:
        assert (
            deliver_due(db, mock, later, LOOPBACK) == 1
        )  # refused by the subscriber: retried later
        assert deliver_due(db, mock, later, LOOPBACK) == 0  # not due yet
        assert deliver_due(db, mock, later + timedelta(minutes=30), LOOPBACK) == 1
        assert deliver_due(db, mock, later + timedelta(hours=2), LOOPBACK) == 0  # delivered: done
    body, headers = received[-1].content, received[-1].headers
    signed = f"{headers['x-landsea-timestamp']}.{headers['x-landsea-delivery']}.".encode() + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["x-landsea-signature"] == expected
    # A replay is recognisable: the same delivery id, and a timestamp of the original post.
    assert headers["x-landsea-delivery"] == received[0].headers["x-landsea-delivery"]
    assert headers["x-landsea-timestamp"].isdigit()
    assert b'"event_id":"a"' in body


def test_webhooks_need_an_http_url_and_a_visible_consignment(
    client: TestClient, corridor_parties: Parties, consignment_id: str
) -> None:
    url = f"/consignments/{consignment_id}/webhooks"
    assert (
        client.post(url, json={"url": "ftp://x"}, headers=corridor_parties["operator"]).status_code
        == 422
    )
    assert (
        client.post(
            url, json={"url": "http://127.0.0.1/"}, headers=corridor_parties["vn"]
        ).status_code
        == 404
    )


def test_the_background_dispatcher_delivers_to_a_live_receiver(
    client: TestClient, corridor_parties: Parties, consignment_id: str
) -> None:
    """End to end: a real HTTP receiver on loopback, the app's own dispatcher thread."""
    import http.server
    import threading
    import time

    received: list[bytes] = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        made = client.post(
            f"/consignments/{consignment_id}/webhooks",
            json={"url": url},
            headers=corridor_parties["la"],
        )
        assert made.status_code == 201
        depart(client, corridor_parties, consignment_id, "live")
        deadline = time.monotonic() + 30
        while not received and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.shutdown()
        server.server_close()
    assert received and b'"event_id":"live"' in received[0]


def test_a_webhook_whose_name_is_rebound_to_a_private_address_is_not_posted_to(
    client: TestClient,
    corridor_parties: Parties,
    consignment_id: str,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: a name public when the webhook is made and pointing at the cloud metadata
    address when the event is delivered is checked again at delivery, and refused then."""
    answers = {"hooks.example.org": "93.184.216.34"}
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    made = client.post(
        f"/consignments/{consignment_id}/webhooks",
        json={"url": "https://hooks.example.org/in"},
        headers=corridor_parties["operator"],
    )
    assert made.status_code == 201, made.text  # public when subscribed
    client.app.state.hub.dispatcher.stop()  # type: ignore[attr-defined]  # delivered by hand
    depart(client, corridor_parties, consignment_id, "a")
    answers["hooks.example.org"] = "169.254.169.254"  # rebound before the delivery
    posted: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        posted.append(request)
        return httpx.Response(204)

    with httpx.Client(transport=httpx.MockTransport(receiver)) as network:
        assert deliver_due(db, network, utcnow() + timedelta(minutes=5)) == 1
    assert posted == []
    with db.read() as session:
        status, delivered, error = session.execute(
            select(WebhookDelivery.status, WebhookDelivery.delivered_at, WebhookDelivery.last_error)
        ).one()
    assert status == "pending" and delivered is None  # retried later, in case the name recovers
    assert error is not None and "169.254.169.254" in error and "not a public address" in error
