"""The map: drawn offline from the bundled outlines and the corridor network, with flows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import OfflineGuard, open_dashboard

pytestmark = pytest.mark.browser  # drives a real Chromium

# Pixels of the map's canvas that differ from the sea colour: countries, links, crossings.
CANVAS_INK = """() => {
  const canvas = window.landsea.map.getCanvas();
  const probe = document.createElement('canvas');
  probe.width = 200; probe.height = 150;
  const ctx = probe.getContext('2d');
  ctx.drawImage(canvas, 0, 0, 200, 150);
  const pixels = ctx.getImageData(0, 0, 200, 150).data;
  const colours = new Set();
  for (let i = 0; i < pixels.length; i += 4) {
    colours.add(`${pixels[i]},${pixels[i + 1]},${pixels[i + 2]}`);
  }
  return colours.size;
}"""

RENDERED = """(layers) => window.landsea.map.queryRenderedFeatures({layers})
  .map(f => f.properties.link_id || f.properties.crossing_id || f.properties.place_id)"""


def test_the_map_draws_the_network_and_its_flows(
    page: Page, offline_guard: OfflineGuard, screenshot: Callable[[Page, str], Path]
) -> None:
    open_dashboard(page)
    page.wait_for_function("() => window.landsea.flowsShown === true", timeout=120_000)
    page.wait_for_function("() => window.landsea.map.loaded()", timeout=30_000)
    assert page.evaluate(CANVAS_INK) > 20, "the map's canvas is blank"
    links = set(page.evaluate(RENDERED, ["links"]))
    crossings = set(page.evaluate(RENDERED, ["crossings"]))
    assert {"L001", "L002"} <= links  # Chongqing's first road links are drawn
    assert "YOUYIGUAN_HUUNGHI_ROAD" in crossings
    # Flows: the Pingxiang road crossing carries the baseline's trucks, drawn wider than 1 px.
    widths = page.evaluate(
        """() => window.landsea.map.queryRenderedFeatures({layers: ['links']})
            .filter(f => f.properties.teu_per_day > 0).length"""
    )
    assert widths > 10
    loaded = page.evaluate(
        """() => window.landsea.map.querySourceFeatures('crossings')
            .filter(f => f.properties.utilisation != null).length"""
    )
    assert loaded > 5
    assert any("/api/network" in url for url in offline_guard.seen)
    screenshot(page, "map-with-flows")


def test_a_click_on_a_crossing_shows_its_figures_and_sources(page: Page) -> None:
    open_dashboard(page)
    page.wait_for_function("() => window.landsea.map.loaded()", timeout=30_000)
    point = page.evaluate(
        """() => { const m = window.landsea.map;
          const f = m.querySourceFeatures('crossings')
            .find(f => f.properties.crossing_id === 'MOHAN_BOTEN_ROAD');
          const p = m.project(f.geometry.coordinates);
          const box = m.getCanvas().getBoundingClientRect();
          return {x: box.left + p.x, y: box.top + p.y}; }"""
    )
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(".maplibregl-popup")
    popup.wait_for()
    assert "Mohan" in popup.inner_text()
    assert "source:" in popup.inner_text()  # the designed capacity's source travels with it


CORRIDOR_CITIES = {"Chongqing", "Kunming", "Hanoi", "Vientiane", "Bangkok", "Singapore"}
CORRIDOR_CITIES_ZH = {"重庆", "昆明", "河内", "万象", "曼谷", "新加坡"}


def test_the_map_names_its_places_in_the_page_language(
    page: Page, screenshot: Callable[[Page, str], Path]
) -> None:
    open_dashboard(page)
    shown = page.locator(".place-label:visible")
    shown.first.wait_for()
    assert set(shown.all_inner_texts()) >= CORRIDOR_CITIES
    # No two labels shown overlap (the less important one is hidden).
    boxes = [b for b in (label.bounding_box() for label in shown.all()) if b]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            )  # fmt: skip
            assert apart, f"labels overlap: {a} {b}"
    page.select_option("#language", "zh")
    page.wait_for_function("() => document.documentElement.lang === 'zh'")
    assert set(shown.all_inner_texts()) >= CORRIDOR_CITIES_ZH
    screenshot(page, "map-labels-zh")
