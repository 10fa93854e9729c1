"""Languages: the catalogues are complete (English and Chinese for the whole page, Vietnamese,
Lao and Thai for the hub views), and the page follows the browser's language and can be switched,
with dates and numbers written for the language chosen.

The catalogue checks read the sources: every `t("key", "English")` call and every `data-i18n`
key of the page must be in en.json with the same English, every key built at run time
(`t(\\`prefix.${value}\\`)`) must have entries under its prefix; zh.json holds every en key,
vi/lo/th every `hub.` key; no catalogue holds a key en lacks, and each translation keeps the
English text's {placeholders}.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from landsea.hub.demo import DemoTokens

from .conftest import OfflineGuard, WebServer, guarded_page
from .hub_demo import demo_for

FRONTEND = Path(__file__).parents[2] / "frontend"
CATALOGUES = FRONTEND / "src" / "i18n"
WHOLE_PAGE = ("zh",)
HUB_VIEWS = ("vi", "lo", "th")
CALL = re.compile(r'\bt\(\s*"([^"]+)"\s*,\s*"((?:[^"\\]|\\.)*)"')
BUILT = re.compile(r"\bt\(\s*`([^`$]*)\$\{")
STATIC = re.compile(r'data-i18n(?:-aria-label)?="([^"]+)"')
PLACEHOLDER = re.compile(r"\{(\w+)\}")
TIMEOUT_MS = 180_000  # a ceiling for a loaded 2-core machine, not a measurement


def catalogue(language: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((CATALOGUES / f"{language}.json").read_text("utf-8"))
    return loaded


def sources() -> list[Path]:
    return [p for p in sorted((FRONTEND / "src").rglob("*.js")) if "i18n" not in p.parts]


def used_keys() -> dict[str, str]:
    """Every literal key the code looks up, with the English written at the call."""
    found: dict[str, str] = {}
    for path in sources():
        for key, english in CALL.findall(path.read_text("utf-8")):
            found.setdefault(key, json.loads(f'"{english}"'))
    return found


def test_english_holds_every_key_the_page_uses_with_the_same_words() -> None:
    english = catalogue("en")
    used = used_keys()
    assert len(used) > 100
    missing = sorted(set(used) - set(english))
    assert not missing, f"keys used in frontend/src but not in en.json: {missing}"
    differ = sorted(k for k, text in used.items() if english[k] != text)
    assert not differ, f"en.json words differ from the call sites' English: {differ}"
    page = (FRONTEND / "index.html").read_text("utf-8")
    assert not sorted(set(STATIC.findall(page)) - set(english)), "index.html keys not in en.json"
    for path in sources():
        for prefix in BUILT.findall(path.read_text("utf-8")):
            assert any(k.startswith(prefix) for k in english), f"{path.name}: no {prefix}* keys"


@pytest.mark.parametrize("language", [*WHOLE_PAGE, *HUB_VIEWS])
def test_each_catalogue_is_complete_for_its_part_and_adds_nothing(language: str) -> None:
    english, translated = catalogue("en"), catalogue(language)
    wanted = (
        set(english) if language in WHOLE_PAGE else {k for k in english if k.startswith("hub.")}
    )
    assert not sorted(wanted - set(translated)), f"{language}.json lacks keys"
    assert not sorted(set(translated) - set(english)), f"{language}.json has keys en lacks"
    for key, text in translated.items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), key
        assert text.strip(), f"{language}.json: {key} is empty"
    untranslated = [
        k for k in wanted if translated[k] == english[k] and re.search("[a-z]{4}", english[k])
    ]
    assert len(untranslated) < len(wanted) / 10, f"{language}: left in English: {untranslated}"


@pytest.fixture
def demo_tokens(web_server: WebServer) -> DemoTokens:
    return demo_for(web_server)


@pytest.fixture
def chinese_page(
    browser: Browser, web_server: WebServer, offline_guard: OfflineGuard
) -> Iterator[Page]:
    """A page whose browser asks for Chinese (navigator.languages = zh-CN), guarded as `page`."""
    with guarded_page(browser, web_server, offline_guard, "zh-CN") as opened:
        opened.set_default_timeout(TIMEOUT_MS)
        yield opened


def test_the_chinese_browser_gets_chinese_labels_dates_and_numbers(
    chinese_page: Page, demo_tokens: DemoTokens, screenshot: Callable[[Page, str], Path]
) -> None:
    page = chinese_page
    page.goto("/#hub")
    page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=TIMEOUT_MS)
    zh = catalogue("zh")
    assert page.evaluate("document.documentElement.lang") == "zh"
    expect(page.locator("#tab-hub")).to_have_text(zh["hub.tab"])
    expect(page.locator("#tab-map")).to_have_text(zh["tab.map"])
    expect(page.locator("#tab-routes")).to_have_text(zh["tab.routes"])
    page.fill("#hub-token", demo_tokens["authority_LA"])
    page.click("#hub-signin button[type=submit]")
    table = page.locator("#hub-declarations")
    table.wait_for(timeout=TIMEOUT_MS)
    expect(table.locator("caption")).to_contain_text("本国口岸的申报")
    dates = table.locator("tbody tr td:nth-child(5)").all_inner_texts()
    assert dates and all("年" in d for d in dates)  # Intl for zh-CN: 2026年11月28日
    screenshot(page, "hub-authority-zh")


def test_the_language_can_be_switched_to_lao(
    page: Page, demo_tokens: DemoTokens, screenshot: Callable[[Page, str], Path]
) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    page.goto("/#hub")
    page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=TIMEOUT_MS)
    expect(page.locator("#tab-hub")).to_have_text("Single window")  # en-GB browser
    page.select_option("#language", "lo")
    lao = catalogue("lo")
    expect(page.locator("#tab-hub")).to_have_text(lao["hub.tab"])
    page.fill("#hub-token", demo_tokens["authority_LA"])
    page.click("#hub-signin button[type=submit]")
    expect(page.locator("#hub-declarations caption")).to_contain_text(
        "ໃບແຈ້ງທີ່ດ່ານ", timeout=TIMEOUT_MS
    )
    screenshot(page, "hub-authority-lo")
