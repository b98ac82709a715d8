"""The browser test harness.

A real server: ``guidance-ethics serve`` (uvicorn) on a free port, on a fresh SQLite database
with the demo data, configured as in production (DEBUG off, secure cookies).
A real browser: Debian's Chromium driven by Playwright; never a browser a tool downloads.
Every document gets axe-core through an init script, and every page a test lands on must be
checked with ``page.check()``: a test that navigates to a page it did not check fails, and
so does any WCAG 2.2 A/AA violation, console error (a CSP violation is one) or page error.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).parent / "guidance-ethics"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "Demo-wachtwoord-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The base URL of a running platform with the demo data."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    data = tmp_path_factory.mktemp("browser-data")
    drop = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "DEBUG"}
    environ = {k: v for k, v in os.environ.items() if k not in drop}
    environ.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DATA_DIR=str(data),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=url,
        LOG_LEVEL="WARNING",
    )
    subprocess.run([CLI, "migrate", "--no-input", "-v0"], env=environ, check=True)
    subprocess.run([CLI, "demo", "--force"], env=environ, check=True, capture_output=True)
    log = (data / "server.log").open("w")
    process = subprocess.Popen(
        [CLI, "serve", "--port", str(port)], env=environ, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the server did not start; see {data / 'server.log'}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; scripts/system-packages installs Debian's chromium")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()
    playwright.stop()


class CheckedPage:
    """A Playwright page that knows the platform's URL and checks every page it lands on."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        self.visited: set[str] = set()
        self.checked: set[str] = set()
        # Documents that answered an error on purpose (goto() asserts their status).
        self.error_documents: set[str] = set()
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("framenavigated", self._navigated)

    def _response(self, response):
        if response.request.resource_type == "document" and response.status >= 400:
            self.error_documents.add(response.url)

    def _console(self, message):
        if message.type != "error":
            return
        if (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") in self.error_documents
        ):
            return
        self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.visited.add(self._path(frame.url))

    @staticmethod
    def _path(url: str) -> str:
        return urlsplit(url).path

    def goto(self, path: str, status: int = 200):
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path}: {response.status}"
        self.check()
        return response

    def check(self):
        """Run axe-core on the current page; fail on any WCAG 2.2 A/AA violation."""
        self.page.wait_for_load_state("load")
        violations = self.page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
                }));
            }""",
            WCAG_TAGS,
        )
        path = self._path(self.page.url)
        assert violations == [], f"axe-core on {path}: {violations}"
        self.checked.add(path)

    def log_in(self, email: str, password: str = DEMO_PASSWORD):
        self.goto("/inloggen/")
        self.page.get_by_label("E-mailadres").fill(email)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url(f"{self.base_url}/overzicht/")
        self.check()

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def make_page(browser, server):
    """Open pages in fresh browser contexts (one per person); all are checked at the end."""
    opened = []

    def _make(**context_options):
        context = browser.new_context(**context_options)
        context.add_init_script(path=str(AXE))
        checked = CheckedPage(context.new_page(), server)
        opened.append((context, checked))
        return checked

    yield _make
    for context, _checked in opened:
        context.close()
    for _context, checked in opened:
        assert checked.errors == [], checked.errors
        unchecked = checked.visited - checked.checked - {"/"} - {""}
        assert unchecked == set(), f"pages opened without an accessibility check: {unchecked}"


@pytest.fixture
def page(make_page):
    return make_page()
