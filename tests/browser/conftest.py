"""The browser test harness.

A real server (tests/servers.py): ``guidance-ethics serve`` (uvicorn) on a free port, on a
fresh SQLite database with the demo data, configured as in production (DEBUG off, secure
cookies).
A real browser: Debian's Chromium driven by Playwright; never a browser a tool downloads.
Every document gets axe-core through an init script, and every page a test lands on must be
checked with ``page.axe()``: a test that navigates to a page it did not check fails, and
so does any WCAG 2.2 A/AA violation, console error (a CSP violation is one) or page error.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.servers import DEMO_PASSWORD, Platform

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    """One platform for the browser tests, with production cookies (a browser takes them)."""
    platform = Platform(
        tmp_path_factory.mktemp("browser-data"),
        secure_cookies=True,
        TRAINING_SIMULATOR_PACE="0",  # simulated participants without a pause
    )
    yield platform
    platform.close()


@pytest.fixture(scope="session")
def server(platform):
    """The base URL of a running platform with the demo data."""
    return platform.start().url


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


class Authenticator:
    """The authenticator app on the test's phone: the keys of the accounts set up in this
    run, and a fresh code for each login (a code once used is refused, so each login takes
    the next 30-second step, waiting for it when needed)."""

    def __init__(self):
        self.keys: dict[str, bytes] = {}
        self.last_step: dict[str, int] = {}

    def add(self, email: str, shown: str) -> None:
        import base64

        secret = "".join(shown.split())
        self.keys[email] = base64.b32decode(secret + "=" * (-len(secret) % 8))

    def code(self, email: str) -> str:
        import time

        from django_otp.oath import totp

        step = self.last_step.get(email, -1) + 1
        while step > (now := int(time.time()) // 30) + 1:  # one step ahead at most
            time.sleep(30 - time.time() % 30 + 0.2)
        step = max(step, now)
        self.last_step[email] = step
        return f"{totp(self.keys[email], drift=step - now):06d}"


AUTHENTICATOR = Authenticator()


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
        self.axe()
        return response

    def axe(self):
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
        """The login form, and two-step verification where the account has it (or must set
        it up: a platform administrator's first login)."""
        self.goto("/inloggen/")
        self.page.get_by_label("E-mailadres").fill(email)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_load_state("load")
        path = self._path(self.page.url)
        if path == "/tweestapsverificatie/instellen/":
            self.axe()
            key = self.page.locator("[data-region='totp-key']").inner_text()
            AUTHENTICATOR.add(email, key)
            self.page.get_by_label("Verificatiecode").fill(AUTHENTICATOR.code(email))
            self.page.get_by_role("button", name="Aanzetten").click()
            self.axe()
            self.page.get_by_role("link", name="Doorgaan").click()
        elif path == "/tweestapsverificatie/code/":
            self.axe()
            self.page.get_by_label("Verificatiecode").fill(AUTHENTICATOR.code(email))
            self.page.get_by_role("button", name="Doorgaan").click()
        self.page.wait_for_url(f"{self.base_url}/overzicht/")
        self.axe()

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


def plan_session(
    page, case_title: str, starts_at: str, moderator: str, co_moderator: str, **ticked
):
    """Plan a session through the case page, as a coordinator; returns (id, join code).
    ``ticked``: settings' checkboxes by label, True to tick, False to untick."""
    import re

    page.goto("/organisaties/politie-noordveld/casussen/")
    page.get_by_role("link", name=case_title).click()
    page.axe()
    page.get_by_role("link", name="Sessie plannen", exact=True).click()
    page.axe()
    page.get_by_label("Datum en tijd").fill(starts_at)
    page.get_by_label("Vorm").select_option("online")
    page.get_by_label("Moderator", exact=True).select_option(label=moderator)
    page.get_by_label("Co-moderator").select_option(label=co_moderator)
    for label, on in ticked.items():
        page.get_by_label(label.replace("_", " ")).set_checked(on)
    page.get_by_role("button", name="Sessie plannen").click()
    page.axe()
    assert "De sessie is gepland." in page.content()
    workshop = int(re.search(r"/sessies/(\d+)/", page.url).group(1))
    return workshop, page.locator("dd strong").inner_text()
