"""The route planner, the scenario comparison and a crossing's day, driven in Chromium."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import open_dashboard

pytestmark = pytest.mark.browser  # drives a real Chromium

SLOW_MS = 300_000  # a scenario pair on a busy 2-core machine (results then come from the store)


def test_the_planner_finds_chongqing_to_bangkok_and_draws_the_options(
    page: Page, screenshot: Callable[[Page, str], Path]
) -> None:
    open_dashboard(page, "routes")
    page.get_by_label("From (name or UN/LOCODE)").fill("Chongqing")
    page.get_by_label("To (name or UN/LOCODE)").fill("THBKK")
    page.get_by_role("button", name="Find routes").click()
    options = page.locator("#route-options tbody tr")
    options.first.wait_for()
    count = options.count()
    assert count >= 2, "a Pareto set of one is no choice"
    assert page.locator("#route-chart").get_attribute("data-options") == str(count)
    drawn = page.evaluate("() => window.landsea.map.landsea.routes.length")
    assert drawn == count
    rendered = page.evaluate(
        "() => window.landsea.map.queryRenderedFeatures({layers: ['routes']}).length"
    )
    assert rendered >= 1
    # The legs name the places; a border leg names its crossing.
    legs = page.locator("#route-legs").inner_text()
    assert "Chongqing" in legs and "Bangkok" in legs and "border" in legs
    # Choosing another option redraws it as the selected one.
    options.nth(1).get_by_role("button").click()
    selected = page.evaluate(
        """() => window.landsea.map.landsea.routes
            .filter(f => f.properties.selected).map(f => f.properties.rank)"""
    )
    assert selected == [2]
    assert page.locator("#route-tcd canvas").is_visible()
    screenshot(page, "route-planner")


def test_an_unknown_place_is_said_in_words(page: Page) -> None:
    open_dashboard(page, "routes")
    page.get_by_label("From (name or UN/LOCODE)").fill("Atlantis")
    page.get_by_role("button", name="Find routes").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Atlantis" in alert.inner_text()


def test_joint_inspection_at_pingxiang_shortens_the_wait_there(
    page: Page, screenshot: Callable[[Page, str], Path]
) -> None:
    open_dashboard(page, "scenarios")
    form = page.locator("#scenario-form")
    form.wait_for()
    for box in form.locator("input[name=scenario]").all():
        box.set_checked(
            box.get_attribute("value") in ("baseline_2025", "joint_inspection_pingxiang")
        )
    page.get_by_label("Baseline", exact=True).select_option("baseline_2025")
    page.get_by_role("button", name="Compare").click()
    page.locator("#scenario-totals").wait_for(timeout=SLOW_MS)
    changed = page.locator("#scenario-crossings").inner_text()
    assert "Youyiguan" in changed and "joint_inspection" in changed
    # The time cost of the goods falls: less waiting at the busiest border.
    row = page.locator("#scenario-totals tr[data-kpi=time_cost_usd_per_year]")
    differences = json.loads(row.get_attribute("data-differences") or "{}")
    assert differences["joint_inspection_pingxiang"] < 0
    # The map shows the scenario's regime at Pingxiang (a dark ring).
    regime = page.evaluate(
        """() => window.landsea.map.landsea.parts.crossings.features
            .find(f => f.properties.crossing_id === 'YOUYIGUAN_HUUNGHI_ROAD').properties.regime"""
    )
    assert regime == "joint_inspection"
    assert page.locator("#scenario-diff canvas").is_visible()
    screenshot(page, "scenarios")


def test_a_crossing_shows_its_queue_through_the_day_with_gate_hours(
    page: Page, screenshot: Callable[[Page, str], Path]
) -> None:
    open_dashboard(page, "crossings")
    page.get_by_label("Crossing", exact=True).select_option("YOUYIGUAN_HUUNGHI_ROAD")
    page.get_by_label("Days simulated").fill("14")
    page.get_by_role("button", name="Simulate").click()
    page.locator("#crossing-queue canvas").wait_for(timeout=120_000)
    queue = page.locator("#crossing-queue table tbody tr")
    assert queue.count() == 24
    assert queue.nth(3).locator("td").first.text_content() == "closed"  # 03:00
    assert queue.nth(10).locator("td").first.text_content() == "open"  # 10:00
    plotted = page.evaluate(
        "() => document.querySelector('#crossing-queue').chart.data.datasets[0].data.length"
    )
    assert plotted == 24
    summary = page.locator("#crossing-summary").inner_text()
    assert "standard" in summary and "joint_inspection" in summary
    screenshot(page, "crossing")
