"""What the independent test battery found (issue 13, findings 1-6), one case each.

Each failed before its fix. The consignment: Chongqing-Bangkok, rail (China Railway Container)
to Vientiane South through Mohan/Boten, then road (Mekong Trucking) through Nong Khai.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import psycopg
import pytest
import sqlalchemy
from fastapi.testclient import TestClient

from landsea.hub.auth import Role
from landsea.hub.db import Database
from landsea.hub.egress import EgressRefusedError, check_url, pinned_client
from landsea.hub.limits import RateLimit
from landsea.hub.models import WebhookDelivery, utcnow
from landsea.hub.routes import subscriptions as stream_routes
from landsea.hub.services.identity import issue_token
from landsea.hub.services.stats_queries import EventLog
from landsea.hub.services.subscriptions import claim_due

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


def opened(client: TestClient, parties: Parties, body: dict[str, Any]) -> dict[str, Any]:
    made = client.post("/consignments", json=body, headers=parties["operator"])
    assert made.status_code == 201, made.text
    return dict(made.json())


def declare(client: TestClient, parties: Parties, cid: str) -> Any:
    body = {"crossing_id": "MOHAN_BOTEN_RAIL"}
    return client.post(f"/consignments/{cid}/declarations", json=body, headers=parties["operator"])


def event(event_id: str, code: str, location: str, at: str, **more: Any) -> dict[str, Any]:
    kind = "EQUIPMENT" if code in ("LOAD", "DISC") else "TRANSPORT"
    field = "equipment_event_type_code" if kind == "EQUIPMENT" else "transport_event_type_code"
    return {
        "event_id": event_id,
        "event_type": kind,
        "event_classifier_code": "ACT",
        field: code,
        "event_datetime": at,
        "location": location,
        **more,
    }


# 1. Imports follow the policy of the declarations they carry.


def test_an_imported_declaration_is_seen_only_by_the_authorities_of_its_crossing(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    parties, admin = corridor_parties, corridor_parties["admin"]
    cid = opened(client, parties, consignment_body())["id"]
    declared = declare(client, parties, cid)
    own = client.get("/keys/own", headers=admin).json()
    client.post(
        "/keys/trusted", json={"hub_name": "peer", "public_key": own["public_key"]}, headers=admin
    )
    jws = client.get(
        f"/declarations/{declared.json()['id']}/export", headers=parties["operator"]
    ).json()["jws"]
    for foreign in ("th", "vn"):  # not their crossing: they may not bring it in either
        refused = client.post("/imports", json={"jws": jws}, headers=parties[foreign])
        assert refused.status_code == 403, refused.text
    imported = client.post("/imports", json={"jws": jws}, headers=parties["cn"])
    assert imported.status_code == 201, imported.text
    doc_id = imported.json()["id"]
    for foreign in ("th", "vn"):
        assert client.get("/imports", headers=parties[foreign]).json() == []
        assert client.get(f"/imports/{doc_id}", headers=parties[foreign]).status_code == 404
        again = client.post("/imports", json={"jws": jws}, headers=parties[foreign])
        assert again.status_code == 403  # not even that it was imported before
    for own_side in ("cn", "la"):
        listed = client.get("/imports", headers=parties[own_side]).json()
        assert [d["id"] for d in listed] == [doc_id]
        assert listed[0]["document"]["goods"][0]["value"] == 480000


# 2. HS codes are folded (NFKC) or refused, so no spelling escapes a risk rule.


@pytest.mark.parametrize("spelling", ["８４７１３０", "8471.30", " 847130", "８４７１.３０"])
def test_a_risk_rule_catches_every_spelling_of_an_hs_code(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, spelling: str
) -> None:
    parties = corridor_parties
    rule = {"name": "laptops", "hs_prefix": "８４７１", "channel": "red"}
    assert client.post("/risk-rules", json=rule, headers=parties["la"]).status_code == 201
    body = consignment_body()
    body["goods"][0]["hs_code"] = spelling
    made = opened(client, parties, body)
    assert made["goods"][0]["hs_code"] == "847130"
    declared = declare(client, parties, made["id"])
    seen = client.get(f"/declarations/{declared.json()['id']}", headers=parties["la"]).json()
    lao = next(side for side in seen["sides"] if side["country"] == "LA")
    assert lao["channel"] == "red"


@pytest.mark.parametrize("spelling", ["٨٤٧١٣٠", "8471３O", "84713x"])
def test_an_hs_code_in_other_digits_is_refused_naming_the_field(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, spelling: str
) -> None:
    body = consignment_body()
    body["goods"][0]["hs_code"] = spelling
    refused = client.post("/consignments", json=body, headers=corridor_parties["operator"])
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "goods", 0, "hs_code"]


# 3. Stale access: deliveries and open streams re-check it as they go.


def test_a_carrier_taken_off_the_leg_gets_no_more_webhook_deliveries(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, db: Database
) -> None:
    parties = corridor_parties
    client.app.state.hub.dispatcher.stop()  # type: ignore[attr-defined]  # delivered by hand
    cid = opened(client, parties, consignment_body())["id"]
    hook = client.post(
        f"/consignments/{cid}/webhooks",
        json={"url": "http://127.0.0.1:9/"},
        headers=parties["road"],
    )
    assert hook.status_code == 201
    moved = client.put(
        f"/consignments/{cid}/legs/2/carrier",
        json={"carrier": "Saigon Haulage"},
        headers=parties["operator"],
    )
    assert moved.status_code == 200
    assert client.get(f"/consignments/{cid}", headers=parties["road"]).status_code == 404
    posted = client.post(
        f"/consignments/{cid}/events",
        headers=parties["rail"],
        json=event("d1", "DEPA", "CNCKG", "2026-03-01T00:00:00Z"),
    )
    assert posted.status_code == 201
    assert claim_due(db, utcnow() + timedelta(minutes=5)) == []
    with db.read() as session:
        delivery = session.query(WebhookDelivery).one()
        assert (delivery.status, delivery.last_error) == ("dropped", "access withdrawn")


def test_an_open_stream_ends_when_its_token_is_revoked(
    client: TestClient,
    corridor_parties: Parties,
    consignment_body: Body,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream_routes, "MAX_STREAM_S", 20.0)  # a regression fails, not hangs
    parties = corridor_parties
    cid = opened(client, parties, consignment_body())["id"]
    with db.write() as session:
        issued = issue_token(session, "Lao Customs", Role.AUTHORITY, "LA")
    lao = {"Authorization": f"Bearer {issued.token}"}
    first = event("d1", "DEPA", "CNCKG", "2026-03-01T00:00:00Z")
    client.post(f"/consignments/{cid}/events", json=first, headers=parties["rail"])
    seen = []
    with client.stream("GET", f"/consignments/{cid}/stream", headers=lao) as response:
        for line in response.iter_lines():
            seen.append(line)
            if line.startswith("id:") and len(seen) < 5:
                revoked = client.delete(f"/tokens/{issued.token_id}", headers=parties["admin"])
                assert revoked.status_code == 204
                later = event("a1", "ARRI", "LAVTS", "2026-03-03T00:00:00Z")
                client.post(f"/consignments/{cid}/events", json=later, headers=parties["rail"])
    text = "\n".join(seen)
    assert '"event_id":"d1"' in text.replace(" ", "")
    assert '"event_id":"a1"' not in text.replace(" ", "")


def test_a_stream_without_max_events_ends(
    client: TestClient,
    corridor_parties: Parties,
    consignment_body: Body,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream_routes, "MAX_STREAM_S", 0.5)
    cid = opened(client, corridor_parties, consignment_body())["id"]
    with client.stream(
        "GET", f"/consignments/{cid}/stream", headers=corridor_parties["la"]
    ) as response:
        assert response.status_code == 200
        assert "event: tracking" not in "".join(response.iter_text())


# 4. A carrier's events must fit its legs: place, equipment, time order; SHIPMENT is the
#    operator's.


REFUSED_EVENTS = {
    "rail arrives at a place of leg 2": (
        "rail",
        event("x", "ARRI", "THBKK", "2026-03-03T00:00:00Z"),
        "location",
    ),
    "rail arrives off the consignment": (
        "rail",
        event("x", "ARRI", "VNHAN", "2026-03-03T00:00:00Z"),
        "location",
    ),
    "road departs from a place of leg 1": (
        "road",
        event("x", "DEPA", "CNCKG", "2026-03-03T00:00:00Z"),
        "location",
    ),
    "rail loads a foreign container": (
        "rail",
        event("x", "LOAD", "CNCKG", "2026-03-01T00:00:00Z", equipment_reference="MSCU1234566"),
        "equipment_reference",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED_EVENTS))
def test_an_event_that_does_not_fit_the_carriers_leg_is_refused(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, case: str
) -> None:
    who, body, field = REFUSED_EVENTS[case]
    cid = opened(client, corridor_parties, consignment_body())["id"]
    refused = client.post(f"/consignments/{cid}/events", json=body, headers=corridor_parties[who])
    assert refused.status_code == 422, refused.text
    assert field in refused.json()["detail"]


def test_a_carrier_may_not_post_shipment_events(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    cid = opened(client, corridor_parties, consignment_body())["id"]
    shipment = {
        "event_id": "s",
        "event_type": "SHIPMENT",
        "event_classifier_code": "ACT",
        "shipment_event_type_code": "RELS",
        "event_datetime": "2026-03-01T00:00:00Z",
        "location": "CNCKG",
    }
    posted = client.post(
        f"/consignments/{cid}/events", json=shipment, headers=corridor_parties["rail"]
    )
    assert posted.status_code == 403


@pytest.mark.parametrize("together", [False, True], ids=["apart", "in one batch"])
def test_an_arrival_before_the_legs_departure_is_refused(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, together: bool
) -> None:
    cid = opened(client, corridor_parties, consignment_body())["id"]
    depart = event("d", "DEPA", "CNCKG", "2026-03-05T00:00:00Z")
    arrive = event("a", "ARRI", "LAVTS", "2026-03-01T00:00:00Z")  # four days before
    rail = corridor_parties["rail"]
    if together:
        batch = [{**depart, "consignment_id": cid}, {**arrive, "consignment_id": cid}]
        refused = client.post("/events/batch", json={"events": batch}, headers=rail)
    else:
        assert client.post(f"/consignments/{cid}/events", json=depart, headers=rail).is_success
        refused = client.post(f"/consignments/{cid}/events", json=arrive, headers=rail)
    assert refused.status_code == 422, refused.text
    assert "event_datetime" in refused.json()["detail"]
    fine = event("a2", "ARRI", "LAVTS", "2026-03-07T00:00:00Z")
    if not together:
        assert (
            client.post(f"/consignments/{cid}/events", json=fine, headers=rail).status_code == 201
        )


# 5. The admin reads everything and writes no trade data (the matrix in test_access.py holds
#    every action; these are the writes the battery saw succeed).


def test_the_admin_opens_no_consignment_and_assigns_no_carrier(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    admin = corridor_parties["admin"]
    assert client.post("/consignments", json=consignment_body(), headers=admin).status_code == 403
    cid = opened(client, corridor_parties, consignment_body())["id"]
    assign = client.put(
        f"/consignments/{cid}/legs/1/carrier", headers=admin, json={"carrier": "Saigon Haulage"}
    )
    assert assign.status_code == 403
    assert client.get(f"/consignments/{cid}", headers=admin).status_code == 200


# 6. Strict types and lengths at the boundary: every refusal a 422 naming the field.

NUMBER = "__NUMBER__"
BAD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e999"]


@pytest.mark.parametrize("literal", BAD_NUMBERS)
@pytest.mark.parametrize("field", ["packages", "gross_mass_kg", "value"])
def test_a_non_finite_number_is_a_422_naming_its_field(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, field: str, literal: str
) -> None:
    body = consignment_body()
    body["goods"][0][field] = NUMBER
    raw = json.dumps(body).replace(f'"{NUMBER}"', literal)
    refused = client.post(
        "/consignments",
        content=raw,
        headers={**corridor_parties["operator"], "content-type": "application/json"},
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"][0]["loc"] == ["body", "goods", 0, field]


BAD_GOODS = {
    "lone surrogate in a description": ("description", "laptops \ud800"),
    "NUL in a description": ("description", "laptops\x00"),
    "true as a package count": ("packages", True),
    "a string as a package count": ("packages", "5"),
    "false as a value": ("value", False),
}


@pytest.mark.parametrize("case", list(BAD_GOODS))
def test_bad_goods_are_a_422_naming_the_field(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, case: str
) -> None:
    field, value = BAD_GOODS[case]
    body = consignment_body()
    body["goods"][0][field] = value
    raw = json.dumps(body)  # ASCII escapes: a lone surrogate travels as \\ud800
    refused = client.post(
        "/consignments",
        content=raw,
        headers={**corridor_parties["operator"], "content-type": "application/json"},
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"][0]["loc"][:4] == ["body", "goods", 0, field]


def test_a_container_with_a_digit_in_its_owner_code_is_refused(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    body = consignment_body(equipment=[{"container_number": "C5QU3054388"}])
    refused = client.post("/consignments", json=body, headers=corridor_parties["operator"])
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][:4] == ["body", "equipment", 0, "container_number"]


def test_an_integer_timestamp_is_refused(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    cid = opened(client, corridor_parties, consignment_body())["id"]
    body = event("d", "DEPA", "CNCKG", "x")
    body["event_datetime"] = 1772323200
    refused = client.post(
        f"/consignments/{cid}/events", json=body, headers=corridor_parties["rail"]
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "event_datetime"]


@pytest.mark.parametrize("length", [2_001, 100_000])
def test_a_long_webhook_url_is_a_422(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, length: int
) -> None:
    cid = opened(client, corridor_parties, consignment_body())["id"]
    url = "http://example.org/" + "a" * (length - len("http://example.org/"))
    refused = client.post(
        f"/consignments/{cid}/webhooks", json={"url": url}, headers=corridor_parties["operator"]
    )
    assert refused.status_code == 422, refused.text[:300]
    assert refused.json()["detail"][0]["loc"] == ["body", "url"]


# 8. Reads are fast: a repeated read of an unchanged consignment is one indexed query, and a
#    change or another role never gets a stale or a wider view.


def test_a_repeated_read_is_one_query_and_never_stale(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, db: Database
) -> None:
    parties = corridor_parties
    cid = opened(client, parties, consignment_body())["id"]
    url = f"/consignments/{cid}"
    first = client.get(url, headers=parties["rail"]).json()
    with _statements_sent(db) as statements:
        assert client.get(url, headers=parties["rail"]).json() == first
    reads = [s for s in statements if s.lstrip().startswith("SELECT") and not _authentication(s)]
    assert len(reads) == 1, reads
    assert "consignor" not in first and first["legs"][1].get("carrier") is None
    assert client.get(url, headers=parties["cn"]).json()["consignor"]["country"] == "CN"
    late = event("a", "ARRI", "LAVTS", "2026-03-04T00:00:00Z")
    assert client.post(f"{url}/events", json=late, headers=parties["rail"]).status_code == 201
    after = client.get(url, headers=parties["rail"]).json()
    assert after["legs"][0]["actual_arrival"] == "2026-03-04T00:00:00Z"


def test_a_point_read_is_its_one_statement_and_outlives_a_dropped_connection(db: Database) -> None:
    # The hot path's reads (revision, revocation counter, token) send their statement alone: on
    # PostgreSQL no pre-ping (a SELECT 1, a round trip) before it, and no transaction to end.
    with _statements_sent(db) as statements:
        rows = [db.point_row("SELECT 41 + 1") for _ in range(2)]  # the second on a pooled one
    assert rows[0] is not None and rows[0][0] == 42 and rows[1] == rows[0]
    assert statements == ["SELECT 41 + 1"] * 2
    if db.is_sqlite:
        return  # an in-process file: no server to drop the connection
    # Without the pre-ping, a pooled connection the server dropped fails its statement once:
    # the read runs again on a fresh connection instead of answering 500.
    before = db.point_row("SELECT pg_backend_pid()")
    assert before is not None
    with db.engine.connect() as admin:
        # Waits (up to 10 s) until the backend has gone.
        ended = admin.execute(
            sqlalchemy.text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": before[0]}
        )
        assert ended.scalar() is True
    after = db.point_row("SELECT pg_backend_pid()")
    assert after is not None and after[0] != before[0]


@contextmanager
def _statements_sent(db: Database) -> Iterator[list[str]]:
    """Every statement the read engines' connections send while the block runs, as the DBAPI
    connection sees it: the hot path's reads run on raw pooled connections, past SQLAlchemy's
    events. The pool is emptied before and after, so only this block's connections count."""
    sent: list[str] = []

    def record(dbapi_connection: Any, _record: Any) -> None:
        if db.is_sqlite:
            dbapi_connection.set_trace_callback(sent.append)
            return

        class Counting(psycopg.Cursor[Any]):
            def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
                sent.append(str(query))
                return super().execute(query, *args, **kwargs)

        dbapi_connection.cursor_factory = Counting

    engines = {id(engine): engine for engine in (db.read_engine, db.point_engine)}.values()
    for engine in engines:
        engine.dispose()
        sqlalchemy.event.listen(engine, "connect", record)
    try:
        yield sent
    finally:
        for engine in engines:
            sqlalchemy.event.remove(engine, "connect", record)
            engine.dispose()


def _authentication(statement: str) -> bool:
    """The token lookup and the revocation counter every request reads (finding 9)."""
    return "api_tokens" in statement or "hub_counters" in statement


# 7. Anonymous statistics: single flight, incremental, off the request path, rate-limited.


def test_a_burst_of_statistics_requests_computes_each_table_once(app: Any) -> None:
    tables = app.state.hub.stats
    with ThreadPoolExecutor(16) as pool:
        frames = list(pool.map(lambda _: tables.table("volumes"), range(16)))
    assert tables.computations == 1
    assert all(frame is frames[0] for frame in frames)


def test_a_stale_table_is_served_at_once_and_refreshed_once_in_the_background(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, app: Any
) -> None:
    tables = app.state.hub.stats
    first = tables.table("lanes")
    tables.ttl_s = 0.0  # every table is stale from now on
    tables._tables["lanes"] = replace(tables._tables["lanes"], expires=0.0)
    with tables._locks["lanes"]:  # the refresh cannot finish while the burst is answered
        with ThreadPoolExecutor(16) as pool:
            frames = list(pool.map(lambda _: tables.table("lanes"), range(16)))
        assert all(frame is first for frame in frames)  # the stale table, without waiting
    deadline = time.monotonic() + 30
    while tables.computations < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert tables.computations == 2  # one refresh for the whole burst


def test_statistics_read_only_new_events_on_refresh(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, db: Database
) -> None:
    log = EventLog()
    cid = opened(client, corridor_parties, consignment_body())["id"]
    rail = corridor_parties["rail"]
    client.post(
        f"/consignments/{cid}/events",
        json=event("d", "DEPA", "CNCKG", "2026-03-01T00:00:00Z"),
        headers=rail,
    )
    with db.read() as session:
        assert len(log.frame(session)) == 1
    client.post(
        f"/consignments/{cid}/events",
        json=event("a", "ARRI", "LAVTS", "2026-03-03T00:00:00Z"),
        headers=rail,
    )
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    sqlalchemy.event.listen(db.read_engine, "before_cursor_execute", count)
    try:
        with db.read() as session:
            frame = log.frame(session)
    finally:
        sqlalchemy.event.remove(db.read_engine, "before_cursor_execute", count)
    assert sorted(frame["type_code"]) == ["ARRI", "DEPA"]
    assert any("events.id >" in s for s in statements)


def test_anonymous_statistics_callers_are_rate_limited(
    client: TestClient, corridor_parties: Parties, app: Any
) -> None:
    app.state.hub.stats_limit = RateLimit(per_s=0.001, burst=3)  # no refill within the test
    answers = [client.get("/stats/volumes").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/stats/volumes")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    # A caller with a token is known, and not limited.
    known = corridor_parties["public"]
    assert {client.get("/stats/volumes", headers=known).status_code for _ in range(10)} == {200}


# 9. Left from the first version: webhooks go to public hosts only (checked again at delivery).


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://192.168.0.5/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
    ],
)
def test_a_webhook_to_a_private_or_metadata_address_is_refused(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, url: str
) -> None:
    cid = opened(client, corridor_parties, consignment_body())["id"]
    refused = client.post(
        f"/consignments/{cid}/webhooks", json={"url": url}, headers=corridor_parties["operator"]
    )
    assert refused.status_code == 422, refused.text
    assert "url" in refused.json()["detail"]


def test_a_webhook_to_a_public_address_is_accepted(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    cid = opened(client, corridor_parties, consignment_body())["id"]
    made = client.post(
        f"/consignments/{cid}/webhooks",
        json={"url": "https://93.184.216.34/in"},
        headers=corridor_parties["operator"],
    )
    assert made.status_code == 201, made.text


def test_a_name_is_checked_by_what_it_resolves_to_each_time() -> None:
    answers = {"hooks.example.org": "93.184.216.34"}

    def resolve(host: str, port: int) -> list[Any]:
        return [(None, None, None, "", (answers[host], port))]

    check_url("https://hooks.example.org/in", (), resolve)  # public today
    answers["hooks.example.org"] = "169.254.169.254"  # rebound to the metadata address
    with pytest.raises(EgressRefusedError, match="not a public address"):
        check_url("https://hooks.example.org/in", (), resolve)
    check_url("https://hooks.example.org/in", ("hooks.example.org",), resolve)  # allowed by name


def test_a_delivery_connects_only_to_the_address_it_checked() -> None:
    """DNS rebinding: a name that resolves to a public address for the check and to a private
    one for the connection reaches nothing; the connection makes (and checks) its own lookup."""
    import http.server
    import threading

    hits: list[str] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    answers = iter(["93.184.216.34", "127.0.0.1"])  # public to the check, loopback after

    def rebinding(host: str, port: int) -> list[Any]:
        return [(None, None, None, "", (next(answers), port))]

    url = f"http://hooks.example.org:{port}/in"
    try:
        check_url(url, (), rebinding)  # the delivery's check sees a public address
        with pinned_client((), rebinding) as client, pytest.raises(EgressRefusedError):
            client.post(url, content=b"{}")
        with pinned_client(("localhost",)) as client:  # an allowed host is reached as named
            assert client.post(f"http://localhost:{port}/allowed", content=b"{}").status_code == 204
    finally:
        server.shutdown()
        server.server_close()
    assert hits == ["/allowed"]


# 9. Left from the first version: amend and cancel, audited with reasons.


def test_an_amendment_replaces_parts_of_the_document_and_is_audited(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    parties = corridor_parties
    cid = opened(client, parties, consignment_body())["id"]
    declared = declare(client, parties, cid).json()
    goods = [
        {
            "hs_code": "847150",
            "description": "servers",
            "packages": 10,
            "gross_mass_kg": 800,
            "value": 90000,
            "currency": "USD",
        }
    ]
    amended = client.patch(
        f"/consignments/{cid}",
        headers=parties["operator"],
        json={"reason": "wrong goods keyed in", "goods": goods},
    )
    assert amended.status_code == 200, amended.text
    assert [g["hs_code"] for g in amended.json()["goods"]] == ["847150"]
    assert (
        client.get(f"/consignments/{cid}", headers=parties["cn"]).json()["goods"][0]["description"]
        == "servers"
    )
    # What was declared stays what was declared.
    seen = client.get(f"/declarations/{declared['id']}", headers=parties["cn"]).json()
    assert seen["goods"][0]["hs_code"] == "847130"
    log = client.get("/audit", params={"limit": 1000}, headers=parties["admin"]).json()
    assert [e["action"] for e in log].count("consignment.amend") == 1
    nothing = client.patch(
        f"/consignments/{cid}", headers=parties["operator"], json={"reason": "no change"}
    )
    assert nothing.status_code == 422


def test_a_cancelled_consignment_takes_no_events_and_no_amendment(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    parties = corridor_parties
    cid = opened(client, parties, consignment_body())["id"]
    cancelled = client.post(
        f"/consignments/{cid}/cancel",
        json={"reason": "order withdrawn"},
        headers=parties["operator"],
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    depart = event("d", "DEPA", "CNCKG", "2026-03-01T00:00:00Z")
    refused = client.post(f"/consignments/{cid}/events", json=depart, headers=parties["rail"])
    assert refused.status_code == 409
    again = client.post(
        f"/consignments/{cid}/cancel", json={"reason": "twice"}, headers=parties["operator"]
    )
    assert again.status_code == 409
    no_reason = client.post(f"/consignments/{cid}/cancel", json={}, headers=parties["operator"])
    assert no_reason.status_code == 422


# 9. Left from the first version: a PLN event re-plans its leg, and the estimates follow.


def test_a_planned_departure_replans_the_leg_and_moves_the_eta(
    client: TestClient, corridor_parties: Parties, consignment_body: Body
) -> None:
    parties = corridor_parties
    made = opened(client, parties, consignment_body())
    cid, road = made["id"], made["legs"][1]
    planned = {
        **event("p", "DEPA", "LAVTS", "2026-03-10T00:00:00Z"),
        "event_classifier_code": "PLN",
    }
    posted = client.post(f"/consignments/{cid}/events", json=planned, headers=parties["road"])
    assert posted.status_code == 201, posted.text
    after = client.get(f"/consignments/{cid}", headers=parties["operator"]).json()
    leg = after["legs"][1]
    assert leg["planned_departure"] == "2026-03-10T00:00:00Z"
    assert leg["estimated_departure"] == "2026-03-10T00:00:00Z"
    running_h = road["planned_time_h"]
    assert leg["planned_arrival"] == after["eta"]
    assert after["eta"] > made["eta"] and leg["planned_time_h"] == running_h
