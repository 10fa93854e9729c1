"""The hub views in a real browser on the demo hub: an operator books a consignment from a route
option and sees a carrier's event arrive live; a carrier posts an event; the Lao authority sees
the Mohan/Boten declarations and records an inspection, the Vietnamese authority does not see
them; the public page shows the corridor statistics. The API decides what each role sees; the
page must show exactly that. Each view is saved as a screenshot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from landsea.hub.demo import DemoTokens

from .conftest import WebServer, open_dashboard
from .hub_demo import demo_for

Shot = Callable[[Page, str], Path]
TIMEOUT_MS = 180_000  # a ceiling for a loaded 2-core machine, not a measurement


@pytest.fixture
def demo(web_server: WebServer, page: Page) -> DemoTokens:
    page.set_default_timeout(TIMEOUT_MS)  # every wait of these tests, on a busy machine
    return demo_for(web_server)


def api(
    web_server: WebServer, demo: DemoTokens, key: str, path: str, body: Any = None
) -> httpx.Response:
    """A hub API call as one of the demo's parties (a POST when there is a body)."""
    headers = {"Authorization": f"Bearer {demo[key]}"}
    url = f"{web_server.base_url}{path}"
    if body is None:
        return httpx.get(url, headers=headers, timeout=30)
    return httpx.post(url, headers=headers, json=body, timeout=30)


def sign_in(page: Page, token: str) -> None:
    open_dashboard(page, "hub")
    page.fill("#hub-token", token)
    page.click("#hub-signin button[type=submit]")
    page.wait_for_selector("#hub-who", timeout=TIMEOUT_MS)


def test_operator_books_a_route_and_sees_the_carriers_event_arrive(
    page: Page, web_server: WebServer, demo: DemoTokens, screenshot: Shot
) -> None:
    sign_in(page, demo["operator"])
    page.fill("#hub-origin", "Chongqing")
    page.fill("#hub-destination", "Bangkok")
    page.click("#hub-find-routes")
    first = page.locator(".hub-use-route").first
    first.wait_for(timeout=TIMEOUT_MS)
    option = page.locator("#hub-options tbody tr").first.locator("th").inner_text()
    first.click()
    document = page.input_value("#hub-doc")
    page.click("#hub-book-submit")
    page.wait_for_selector("#hub-legs-of", timeout=TIMEOUT_MS)
    expect(page.locator("#hub-status")).to_have_text("booked")

    made = _consignment(api(web_server, demo, "operator", "/consignments?limit=500"), document)
    assert (made["origin"], made["destination"]) == ("CNCKG", "THBKK")
    assert made["planned_by"] == "operator"  # the option's legs, checked by the hub
    first_leg = made["legs"][0]
    assert first_leg.get("carrier"), f"option {option!r}: the first leg has no carrier"
    carrier = _party_of(demo, first_leg["carrier"])
    event = {
        "event_id": f"{document}-depa",
        "event_type": "TRANSPORT",
        "event_classifier_code": "ACT",
        "transport_event_type_code": "DEPA",
        "event_datetime": datetime.now(UTC).isoformat(),
        "location": first_leg["from"],
        "leg": 1,
    }
    posted = api(web_server, demo, carrier, f"/consignments/{made['id']}/events", event)
    assert posted.status_code == 201, posted.text

    arrived = page.locator(f"#hub-timeline li[data-event-id='{event['event_id']}']")
    arrived.wait_for(timeout=TIMEOUT_MS)  # through the hub's event stream, no reload
    expect(page.locator("#hub-status")).to_have_text("in transit", timeout=TIMEOUT_MS)
    assert "departed" in arrived.inner_text()
    screenshot(page, "hub-operator")


def test_a_carrier_posts_an_event_on_its_leg(
    page: Page, web_server: WebServer, demo: DemoTokens, screenshot: Shot
) -> None:
    sign_in(page, demo["carrier_rail"])
    page.wait_for_selector("#hub-consignments", timeout=TIMEOUT_MS)
    shown = set(page.locator("#hub-consignments tbody th").all_inner_texts())
    mine = api(web_server, demo, "carrier_rail", "/consignments?limit=500")
    seen_by_api = {c["document_number"] for c in _all(mine)}
    assert shown == seen_by_api  # exactly what the API lets the carrier see
    assert not any(number.startswith("DEMO-PXG") for number in shown)  # road only: not its own
    page.click("button[aria-label='Open DEMO-CLR-001']")
    page.wait_for_selector("#hub-event-form", timeout=TIMEOUT_MS)
    page.select_option("#hub-event-kind", "estimate")
    page.select_option("#hub-event-place", "LAVTS")
    page.click("#hub-event-submit")
    note = page.locator("#hub-event-note")
    expect(note).to_contain_text("Posted: arrived at Vientiane South", timeout=TIMEOUT_MS)
    event_id = note.get_attribute("data-event-id")
    echoed = page.locator(f"#hub-timeline li[data-event-id='{event_id}']")
    echoed.wait_for(timeout=TIMEOUT_MS)  # back from the hub's event stream
    assert "estimated" in echoed.inner_text()
    screenshot(page, "hub-carrier")


def test_the_lao_authority_sees_mohan_boten_and_records_an_inspection(
    page: Page, demo: DemoTokens, screenshot: Shot
) -> None:
    sign_in(page, demo["authority_LA"])
    rows = page.locator("#hub-declarations tbody tr[data-crossing=MOHAN_BOTEN_RAIL]")
    rows.first.wait_for(timeout=TIMEOUT_MS)
    assert rows.count() >= 1
    waiting = rows.filter(has_text="submitted").first
    waiting.locator("button").click()
    page.wait_for_selector("#hub-inspection-form", timeout=TIMEOUT_MS)
    expect(page.locator("#hub-declaration-heading")).to_contain_text("Mohan")
    page.fill("#hub-inspection-findings", "seals checked at Boten")
    page.click("#hub-inspection-submit")
    found = page.locator("#hub-inspections tbody tr", has_text="seals checked at Boten")
    found.wait_for(timeout=TIMEOUT_MS)
    assert "Lao Customs Department (demo)" in found.inner_text()
    screenshot(page, "hub-authority-la")


def test_the_vietnamese_authority_does_not_see_mohan_boten(
    page: Page, web_server: WebServer, demo: DemoTokens, screenshot: Shot
) -> None:
    sign_in(page, demo["authority_VN"])
    page.locator("#hub-declarations tbody tr").first.wait_for(timeout=TIMEOUT_MS)
    crossings = page.locator("#hub-declarations tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.crossing)"
    )
    assert "MOHAN_BOTEN_RAIL" not in crossings
    assert "YOUYIGUAN_HUUNGHI_ROAD" in crossings  # its own crossings are there
    listed = api(web_server, demo, "authority_VN", "/declarations?limit=500").json()
    assert sorted(crossings) == sorted(d["crossing_id"] for d in listed)
    screenshot(page, "hub-authority-vn")


def test_the_public_page_shows_the_corridor_statistics(
    page: Page, web_server: WebServer, demo: DemoTokens, screenshot: Shot
) -> None:
    open_dashboard(page, "hub")
    figure = page.locator("#hub-stats-crossings")
    figure.wait_for(timeout=TIMEOUT_MS)
    published = httpx.get(f"{web_server.base_url}/stats/crossings", timeout=30).json()["rows"]
    assert published, "the demo hub publishes crossing statistics"
    table = figure.locator("table tbody tr")
    expect(table).to_have_count(len(published))
    assert "Mohan / Boten (China-Laos Railway)" in (figure.locator("table").text_content() or "")
    lines = page.locator("#hub-stats-lines tbody tr")
    assert lines.count() >= 1
    screenshot(page, "hub-public")


def _all(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def _consignment(response: httpx.Response, document: str) -> dict[str, Any]:
    return next(c for c in _all(response) if c["document_number"] == document)


def _party_of(demo: DemoTokens, organisation: str) -> str:
    return next(key for key, t in demo.tokens.items() if t.organisation_name == organisation)
