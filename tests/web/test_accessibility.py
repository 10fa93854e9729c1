"""axe-core (from frontend/node_modules, injected from disk) finds no serious or critical
violation on each view, with its results shown; the tabs work by keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import open_dashboard

pytestmark = pytest.mark.browser  # drives a real Chromium

AXE = Path(__file__).parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
GRAVE = ("serious", "critical")


def grave_violations(page: Page) -> list[str]:
    if not AXE.is_file():
        raise pytest.UsageError(f"{AXE} is missing: run `make web` (npm ci in frontend/)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in GRAVE
    ]


def test_the_map_view_has_no_serious_violation(page: Page) -> None:
    open_dashboard(page)
    page.wait_for_function("() => window.landsea.flowsShown === true", timeout=120_000)
    assert grave_violations(page) == []


def test_the_planner_with_its_options_has_no_serious_violation(page: Page) -> None:
    open_dashboard(page, "routes")
    page.get_by_role("button", name="Find routes").click()
    page.locator("#route-options").wait_for()
    page.locator("#route-chart summary").click()  # the chart's table open, checked too
    assert grave_violations(page) == []


def test_the_crossing_view_has_no_serious_violation(page: Page) -> None:
    open_dashboard(page, "crossings")
    page.get_by_label("Days simulated").fill("7")
    page.get_by_role("button", name="Simulate").click()
    page.locator("#crossing-summary").wait_for(timeout=300_000)
    assert grave_violations(page) == []


def test_the_scenario_form_has_no_serious_violation(page: Page) -> None:
    open_dashboard(page, "scenarios")
    page.locator("#scenario-form").wait_for()
    assert grave_violations(page) == []


def test_the_views_are_reached_by_keyboard(page: Page) -> None:
    open_dashboard(page)
    page.get_by_role("tab", name="Map").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="Route planner").get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowRight")
    page.locator("#scenario-form").wait_for()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Tab")  # from the tab into the panel's first field
    assert page.evaluate("() => document.activeElement.id") in ("route-origin", "language")
