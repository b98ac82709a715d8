"""The moderator console and the co-moderator workspace: staff feedback, hidden items that
pass axe, a pressed toggle that looks pressed, the count of effects waiting to be revealed,
shortcuts that never eat typing, an undo for a rejection, merging actors, and reflow at 320
px (400 % zoom), in Dutch and English.

Set ``SHOTS=/some/dir`` to keep a screenshot of each page at 1366 and 320 px wide."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.servers import request_json

pytestmark = pytest.mark.browser

CASE = "Toezicht met drones op bedrijventerrein De Vaart"
WIDE = {"width": 1366, "height": 768}
NARROW = {"width": 320, "height": 640}


def plan(page, starts_at: str, private_writing: bool = False):
    """Plan a session as the coordinator (moderator and co-moderator); (id, join code)."""
    page.goto("/organisaties/politie-noordveld/casussen/")
    page.get_by_role("link", name=CASE).click()
    page.axe()
    page.get_by_role("link", name="Sessie plannen", exact=True).click()
    page.axe()
    page.get_by_label("Datum en tijd").fill(starts_at)
    page.get_by_label("Vorm").select_option("online")
    page.get_by_label("Moderator", exact=True).select_option(label="Cas Coördinator")
    page.get_by_label("Co-moderator").select_option(label="Cas Coördinator")
    if private_writing:
        page.get_by_label("Eerst in stilte schrijven").check()
    page.get_by_role("button", name="Sessie plannen").click()
    page.axe()
    workshop = int(re.search(r"/sessies/(\d+)/", page.url).group(1))
    return workshop, page.locator("dd strong").inner_text()


def join(server, code: str) -> str:
    status, body = request_json(
        f"{server}/api/v1/join",
        {"code": code, "stakeholder_group": "citizen", "consent_publication": True},
    )
    assert status == 201, body
    return body["token"]


def contribute(server, workshop: int, token: str, path: str, body: dict) -> dict:
    status, answer = request_json(f"{server}/api/v1/workshops/{workshop}/{path}", body, token=token)
    assert status == 201, answer
    return answer["item"]


def reflows(page, name: str) -> None:
    """At 320 px wide: no horizontal scrolling, axe passes; a screenshot at both widths."""
    shot(page, f"{name}-1366")
    page.set_viewport_size(NARROW)
    page.wait_for_timeout(100)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map((e) => e.tagName + "." + e.className + " " + (e.id || ""))"""
    )
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scrolling at 320 px: {wide}"
    page.axe()
    shot(page, f"{name}-320")
    page.set_viewport_size(WIDE)


def shot(page, name: str) -> None:
    if os.environ.get("SHOTS"):
        page.screenshot(path=str(Path(os.environ["SHOTS"]) / f"{name}.png"), full_page=True)


def feedback(page):
    return page.locator("[data-region='feedback']").first


def test_the_console_gives_staff_feedback_and_passes_axe_with_hidden_items(make_page, server):
    moderator = make_page(viewport=WIDE)
    moderator.log_in("coordinator@politie-noordveld.test")
    workshop, code = plan(moderator, "2026-12-18T09:00", private_writing=True)
    moderator.goto(f"/sessies/{workshop}/console/")
    tokens = [join(server, code) for _ in range(2)]
    for phase in ("casus", "dialoog: actoren", "dialoog: effecten"):
        moderator.get_by_role("button", name="Volgende fase").click()
        expect(moderator.locator("[data-region='phase']").first).to_have_text(phase)
        expect(feedback(moderator)).to_have_text("Fase gewijzigd.")
    for n, text in enumerate(("Camera's kijken mee", "Sneller ingrijpen", "Ik voel me bekeken")):
        contribute(
            server, workshop, tokens[n % 2], "effects", {"text": text, "polarity": "negative"}
        )
    # Private writing: the console counts what waits to be revealed.
    expect(moderator.locator("[data-region='unrevealed-count']")).to_have_text("3")

    effects = moderator.locator("[data-region='effects-negative'] > li")
    expect(effects).to_have_count(3)
    bekeken = effects.filter(has_text="Ik voel me bekeken")
    bekeken.get_by_role("button", name="Verbergen").click()
    expect(feedback(moderator)).to_have_text("Verborgen.")
    expect(bekeken.get_by_role("button", name="Tonen")).to_be_visible()
    expect(moderator.locator("[data-region='unrevealed-count']")).to_have_text("2")
    moderator.axe()  # a hidden item: its buttons keep their contrast

    spot = effects.filter(has_text="Sneller ingrijpen").get_by_role("button", name="Uitlichten")
    plain = spot.evaluate("b => getComputedStyle(b).backgroundColor")
    spot.click()
    expect(feedback(moderator)).to_have_text("Uitgelicht op het bord.")
    pressed = effects.filter(has_text="Sneller ingrijpen").get_by_role("button", name="Uitlichten")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    assert pressed.evaluate("b => getComputedStyle(b).backgroundColor") != plain
    moderator.axe()

    moderator.get_by_role("button", name="Effecten tonen").click()
    expect(feedback(moderator)).to_have_text("Effecten getoond.")
    expect(moderator.locator("[data-region='unrevealed-count']")).to_have_text("0")
    bekeken.get_by_role("button", name="Tonen").click()
    expect(feedback(moderator)).to_have_text("Weer getoond.")
    moderator.get_by_role("button", name="Starten").click()
    expect(feedback(moderator)).to_have_text("Timer gestart.")
    moderator.axe()
    reflows(moderator, "console-nl")

    moderator.get_by_role("button", name="English").click()
    moderator.wait_for_function("document.documentElement.lang === 'en'")
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Moderator console")
    moderator.axe()
    reflows(moderator, "console-en")


def test_the_workspace_shortcuts_never_eat_typing_and_a_rejection_can_be_undone(make_page, server):
    co = make_page(viewport=WIDE)
    co.log_in("coordinator@politie-noordveld.test")
    workshop, code = plan(co, "2026-12-19T09:00")
    co.goto(f"/sessies/{workshop}/console/")
    for phase in ("casus", "dialoog: actoren"):
        co.get_by_role("button", name="Volgende fase").click()
        expect(co.locator("[data-region='phase']").first).to_have_text(phase)
    token = join(server, code)
    shops = contribute(server, workshop, token, "actors", {"name": "Winkeliers in het centrum"})
    twin = contribute(server, workshop, token, "actors", {"name": "winkeliers centrum"})
    co.get_by_role("button", name="Volgende fase").click()
    expect(co.locator("[data-region='phase']").first).to_have_text("dialoog: effecten")
    texts = (
        "Iedereen wordt de hele dag gefilmd op het terrein",
        "Inbrekers worden sneller gepakt, dat maakt het terrein veiliger",
        "Ik voel me de hele dag gevolgd door camerabeelden",
    )
    for text in texts:
        contribute(
            server,
            workshop,
            token,
            "effects",
            {"text": text, "polarity": "negative", "actor": twin["id"]},
        )
    co.goto(f"/sessies/{workshop}/werkplek/")
    board = make_page(viewport={"width": 1280, "height": 720})
    board.log_in("coordinator@politie-noordveld.test")
    board.goto(f"/sessies/{workshop}/bord/")

    rows = co.locator("[data-region='link-effects'] > li")
    expect(rows).to_have_count(3)
    for row in (rows.nth(0), rows.nth(1), rows.nth(2)):
        expect(row.locator(".ge-chip").first).to_be_visible()
    fields = [co.get_by_role("combobox", name=f"Waarde achter: {text}") for text in texts]
    chips = rows.nth(0).locator(".ge-chip").count()

    # Digits are text in the field: "112-meldingen" stays whole and links nothing.
    fields[0].click()
    fields[0].press_sequentially("112-meldingen")
    expect(fields[0]).to_have_value("112-meldingen")
    expect(rows.nth(0).locator(".ge-link__values button")).to_have_count(0)
    assert rows.nth(0).locator(".ge-chip").count() == chips
    # Enter links it, and the focus moves on to the next effect without a value.
    fields[0].press("Enter")
    expect(rows.nth(0).locator(".ge-link__values")).to_contain_text("112-meldingen")
    expect(fields[1]).to_be_focused()
    expect(feedback(co)).to_have_text("Gekoppeld.")

    # Alt+1 in the field links the first suggestion; on to the third effect.
    first = rows.nth(1).locator(".ge-chip .ge-chip__name").first.inner_text()
    fields[1].press("Alt+1")
    expect(rows.nth(1).locator(".ge-link__values")).to_contain_text(first)
    expect(fields[2]).to_be_focused()

    # Escape turns the suggestions down; "Ongedaan maken" brings them back.
    before = rows.nth(2).locator(".ge-chip").count()
    fields[2].press("Escape")
    expect(rows.nth(2).locator(".ge-chip")).to_have_count(0)
    undo = rows.nth(2).get_by_role("button", name=re.compile("^Ongedaan maken"))
    expect(undo).to_be_visible()
    co.axe()
    undo.click()
    expect(feedback(co)).to_have_text("De voorstellen zijn terug.")
    expect(rows.nth(2).locator(".ge-chip")).to_have_count(before)
    expect(undo).to_have_count(0)
    # On a chip, a bare digit links.
    rows.nth(2).locator(".ge-chip").first.focus()
    co.keyboard.press("1")
    expect(rows.nth(2).locator(".ge-link__values button")).to_have_count(1)

    # Two actors that are one: merged, every effect now the first's, on every screen.
    co.get_by_label("Actor samenvoegen").select_option(label="winkeliers centrum")
    co.get_by_label("met", exact=True).nth(2).select_option(label="Winkeliers in het centrum")
    co.get_by_role("button", name="Actoren samenvoegen").click()
    expect(feedback(co)).to_have_text("Actoren samengevoegd.")
    expect(rows.nth(0)).to_contain_text("(Winkeliers in het centrum)")
    expect(board.locator("[data-region='effects-negative']")).not_to_contain_text(
        "winkeliers centrum"
    )
    expect(board.locator("[data-region='effects-negative']")).to_contain_text(
        "(Winkeliers in het centrum)"
    )
    expect(co.locator("[data-region='actors'] > li")).to_have_count(1)
    assert shops["id"] != twin["id"]
    co.axe()
    board.axe()
    reflows(co, "workspace-nl")

    co.get_by_role("button", name="English").click()
    co.wait_for_function("document.documentElement.lang === 'en'")
    expect(co.get_by_role("heading", level=1)).to_have_text("Co-moderator workspace")
    co.axe()
    reflows(co, "workspace-en")
