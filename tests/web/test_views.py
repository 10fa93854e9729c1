"""The route planner, the scenario comparison and a crossing's day, driven in Chromium."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import WebServer, open_dashboard

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
    # Line widths are the scenario's link flows, read back from the map's source: the faster
    # road border draws traffic onto the Youyiguan link (L007), so it is wider than in the
    # baseline, and in the difference view it is a "wider" link.
    on_map = page.get_by_label("Crossings and flows as in")
    on_map.select_option("baseline_2025")
    before = link_property(page, "L007", "teu_per_day")
    on_map.select_option("joint_inspection_pingxiang")
    after = link_property(page, "L007", "teu_per_day")
    assert after > before > 0
    page.get_by_label("Line widths").select_option("difference")
    assert link_property(page, "L007", "teu_change") == pytest.approx(after - before, abs=0.05)
    legend = page.locator("#legend")
    assert legend.get_attribute("data-view") == "difference"
    assert "TEU/day" in legend.inner_text() and "wider" in legend.inner_text()
    screenshot(page, "scenario-flow-change")


def link_property(page: Page, link_id: str, name: str) -> float:
    """A property of a link in the map's `links` source, as MapLibre holds it."""
    value = page.evaluate(
        """async ([id, name]) => (await window.landsea.map.getSource('links').getData())
            .features.find(f => f.properties.link_id === id).properties[name]""",
        [link_id, name],
    )
    assert isinstance(value, int | float), f"{link_id}.{name} is {value!r}"
    return float(value)


SWEEP = "pingxiang-small"
SWEEP_KPI = "total.total_logistics_cost_usd_per_year"


@pytest.fixture(scope="module")
def small_sweep(web_server: WebServer) -> Path:
    """A real sweep of three samples per scenario, written where `landsea scenario sweep
    --out <out_dir>/sweeps/<name>` writes one (the server lists what is there)."""
    from landsea.scenarios import load_scenario
    from landsea.scenarios.sweep import sweep, write_parquet

    folder = web_server.out_dir / "sweeps" / SWEEP
    if not (folder / "sweep_samples.parquet").is_file():
        scenarios = [load_scenario("baseline_2025"), load_scenario("joint_inspection_pingxiang")]
        write_parquet(sweep(scenarios, samples=3, seed=0), folder)
    return folder / "sweep_samples.parquet"


def test_a_sweep_shows_its_kpi_distributions_as_box_plots_with_a_table(
    page: Page, small_sweep: Path, screenshot: Callable[[Page, str], Path]
) -> None:
    import pandas as pd

    open_dashboard(page, "scenarios")
    page.get_by_label("Sweep", exact=True).select_option(SWEEP)
    kpis = page.get_by_label("KPI", exact=True)
    kpis.locator(f"option[value='{SWEEP_KPI}']").wait_for(state="attached")
    kpis.select_option(SWEEP_KPI)
    figure = page.locator("#sweep-box")
    expect(figure.locator("figcaption")).to_contain_text("total_logistics_cost_usd_per_year")
    assert figure.locator("canvas").is_visible()
    samples = pd.read_parquet(small_sweep)
    titles = ["Baseline 2025", "Joint inspection at Pingxiang"]
    # The chart plots one box per scenario, by title; its table holds the same numbers.
    labels = page.evaluate("() => document.querySelector('#sweep-box').chart.data.labels")
    assert labels == titles
    figure.locator("summary").click()
    rows = figure.locator("table tbody tr")
    assert rows.count() == 2
    for index, scenario in enumerate(["baseline_2025", "joint_inspection_pingxiang"]):
        values = samples.loc[samples["scenario"] == scenario, SWEEP_KPI]
        cells = rows.nth(index).locator("td").all_text_contents()
        assert cells[0] == str(len(values))  # samples
        shown_median = float(cells[3].replace(",", ""))
        assert shown_median == pytest.approx(values.median(), rel=1e-3)
        assert float(cells[1].replace(",", "")) <= shown_median <= float(cells[5].replace(",", ""))
    screenshot(page, "sweep-box-plots")


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
