"""Browser test fixtures: the real `landsea serve` on a free loopback port, Debian's Chromium
driven by Playwright, and a guard that fails a test on any request leaving 127.0.0.1.

- `web_server` (one per backend and xdist worker): `landsea serve --no-demo` in a subprocess on
  SQLite, and on PostgreSQL too when LANDSEA_TEST_POSTGRES_URL is set (CI sets it). Its
  scenario store is a temporary folder (LANDSEA_OUT_DIR). Seed the hub through `database_url`.
- `browser`: /usr/bin/chromium headless (never a browser download; .ci/run installs the
  package). Playwright gives each launch a fresh temporary profile (--user-data-dir).
- `page`: a new context and page per test, every request routed through `offline_guard`; the
  test fails at teardown if the page asked for anything off the machine or logged an error.
- `screenshot(page, name)`: saves tests/web/screenshots/<name>.png (git-ignored).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

CHROMIUM = Path(os.environ.get("LANDSEA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    # A second line of defence behind the request guard: no name resolves but loopback.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
SCREENSHOTS = Path(__file__).parent / "screenshots"
POSTGRES_URL = os.environ.get("LANDSEA_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]
STARTUP_S = 120  # importing the model and migrating, on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class WebServer:
    """A running `landsea serve`: where it listens and which database it uses."""

    base_url: str
    database_url: str
    out_dir: Path
    backend: str
    process: subprocess.Popen[bytes] = field(repr=False)


def _postgres_database(worker: str) -> str:
    """An empty database of this worker's own on the test server (the server migrates it)."""
    assert POSTGRES_URL is not None
    url = make_url(POSTGRES_URL)
    name = f"{url.database}_web_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"landsea serve exited with {process.returncode}:\n{log.read_text()}"
            )
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    process.kill()
    raise RuntimeError(f"landsea serve did not answer {url} in {STARTUP_S} s:\n{log.read_text()}")


@pytest.fixture(scope="session", params=BACKENDS)
def web_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebServer]:
    folder = tmp_path_factory.mktemp(f"web-{request.param}")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if request.param == "postgres":
        database_url = _postgres_database(worker)
    else:
        database_url = f"sqlite:///{folder / 'hub.sqlite3'}"
    port = free_port()
    # One scenario store for this worker's servers: the PostgreSQL server reads what the
    # SQLite one computed (results are keyed by content, as the CLI's are).
    out_dir = tmp_path_factory.getbasetemp() / "web-out"
    env = {**os.environ, "LANDSEA_OUT_DIR": str(out_dir)}
    log = folder / "server.log"
    command = [sys.executable, "-m", "landsea.cli.app", "serve", "--no-demo", "--host", "127.0.0.1",
               "--port", str(port), "--database", database_url]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, f"{base_url}/health", log)
        yield WebServer(base_url, database_url, out_dir, request.param, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        raise pytest.UsageError(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class OfflineGuard:
    """Every request the page makes; those to another host are refused and remembered."""

    seen: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob") or (parts.hostname or "") in LOCAL_HOSTS

    def check(self, route: Route) -> None:
        url = route.request.url
        self.seen.append(url)
        if self.allowed(url):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort("blockedbyclient")

    def note(self, request: Request) -> None:
        url = request.url
        if not self.allowed(url) and url not in self.refused:
            self.refused.append(url)


REFUSAL = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")


def _fault(message: ConsoleMessage) -> bool:
    """A console error, but not the browser's note of a 4xx answer: a refused bad input (422,
    404) is the page working as it should, and the test checks what the page says about it."""
    return message.type == "error" and not REFUSAL.search(message.text)


@pytest.fixture
def offline_guard() -> OfflineGuard:
    return OfflineGuard()


@pytest.fixture
def page(browser: Browser, web_server: WebServer, offline_guard: OfflineGuard) -> Iterator[Page]:
    """A page on the server with a laptop-sized window; fails on off-machine requests or
    errors the page logs (uncaught exceptions, console errors)."""
    with guarded_page(browser, web_server, offline_guard, "en-GB") as opened:
        yield opened


@contextmanager
def guarded_page(
    browser: Browser, web_server: WebServer, offline_guard: OfflineGuard, locale: str
) -> Iterator[Page]:
    """A page for a browser asking for `locale`, guarded as `page` says (the checks run when
    the block ends)."""
    context = browser.new_context(
        base_url=web_server.base_url, viewport={"width": 1366, "height": 850}, locale=locale
    )
    context.route("**/*", offline_guard.check)
    context.on("request", offline_guard.note)
    errors: list[str] = []
    opened = context.new_page()
    opened.on("pageerror", lambda err: errors.append(f"page error: {err}"))
    opened.on(
        "console",
        lambda msg: errors.append(f"console: {msg.text}") if _fault(msg) else None,
    )
    try:
        yield opened
    finally:
        context.close()
    assert not offline_guard.refused, f"requests left the machine: {offline_guard.refused}"
    assert not errors, "\n".join(errors)


@pytest.fixture
def screenshot(web_server: WebServer) -> Callable[[Page, str], Path]:
    def take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}-{web_server.backend}.png"
        page.screenshot(path=str(path))
        return path

    return take


def open_dashboard(page: Page, view: str = "map") -> None:
    """Go to the page and wait until the map and the network are drawn."""
    page.goto(f"/#{view}")
    page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=60_000)
