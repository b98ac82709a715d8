"""The participant's page is a phone page (issue 24, points 3, 5 and 7): at 320 and 390 px
wide no phase scrolls sideways, even with long texts, long words and options in all three
directions for three values; the phone's own slim header; own contributions marked, corrected
and withdrawn live, with the console seeing the correction; the length counter."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import plan_session

pytestmark = pytest.mark.browser

SMALL = {"viewport": {"width": 320, "height": 568}, "is_mobile": True, "has_touch": True}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LONG_WORD = "Meldkamerinformatievoorzieningsverbeteringsprogrammacoördinatie"
LONG_TEXT = (
    "Agenten krijgen sneller informatie om in te grijpen, maar niemand weet precies welke "
    f"beelden bewaard blijven en voor hoe lang; {LONG_WORD} zegt niemand op straat iets. "
) * 6
SHOTS = os.environ.get("PHONE_SHOTS")  # a directory: also save a screenshot of each phase


ENGLISH = {
    "casus": "case",
    "dialoog: actoren": "dialogue: actors",
    "dialoog: effecten": "dialogue: effects",
    "dialoog: waarden": "dialogue: values",
    "overgang: waarden kiezen": "transition: choosing values",
    "handelingsopties": "options for action",
    "afsluiting": "closing",
}


def region(page, name):
    return page.locator(f"[data-region='{name}']").first


def api(page, path, body):
    """POST to the session's API from a page: its cookies say who is calling."""
    return page.evaluate(
        """async ([path, body]) => {
            const response = await fetch(path, {method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
            return [response.status, await response.json()];
        }""",
        [path, body],
    )


def fits(page, label):
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"{label}: the page is {width[0]} px wide on {width[1]} px"


def test_every_phase_fits_a_phone_and_own_items_can_be_corrected(make_page):
    moderator = make_page(viewport={"width": 1280, "height": 900})
    moderator.log_in("coordinator@politie-noordveld.test")
    workshop, code = plan_session(
        moderator,
        "Toezicht met drones op bedrijventerrein De Vaart",
        "2026-12-16T09:00",
        "Cas Coördinator",
        "Mira Moderator",
    )
    base = f"/api/v1/workshops/{workshop}"
    moderator.goto(f"/sessies/{workshop}/console/")

    phones = []
    for options in (SMALL, PHONE):
        phone = make_page(**options)
        phone.goto(f"/j/{code.lower()}/")
        phone.check("input[name=stakeholder_group][value=citizen]")
        phone.check("input[name=consent_publication][value=yes]")
        phone.get_by_role("button", name="Meedoen").click()
        phone.wait_for_url(re.compile(r"/deelnemen/$"))
        phone.axe()
        phones.append(phone)
    small, big = phones
    # The small phone reads English, the other Dutch: the layout holds in both.
    small.get_by_role("button", name="English").click()
    small.wait_for_url(re.compile(r"/deelnemen/$"))
    expect(region(small, "phase")).to_have_text("welcome")
    # The phone's own header, not the site's menus; the language and privacy in the footer.
    expect(big.locator(".ge-phone-header [data-region='connection']")).to_have_text("Live")
    assert big.get_by_role("link", name="Alle casussen").count() == 0
    assert big.get_by_role("link", name="Inloggen").count() == 0
    expect(big.get_by_role("link", name="Privacyverklaring")).to_be_visible()
    expect(big.get_by_role("button", name="English")).to_be_visible()

    def step(label, fill=None):
        status, _ = api(moderator, f"{base}/phase", {"step": 1})
        assert status == 201
        expect(region(big, "phase")).to_have_text(label)
        expect(region(small, "phase")).to_have_text(ENGLISH[label])
        if fill:
            fill()
        for phone in phones:
            check(phone, label)

    def check(phone, label):
        phone.axe()
        fits(phone, label)
        if SHOTS:
            width = phone.viewport_size["width"]
            name = re.sub(r"\W+", "-", label) + ("-en" if phone is small else "-nl")
            phone.screenshot(path=str(Path(SHOTS) / f"phone-{width}-{name}.png"), full_page=True)

    for phone in phones:
        check(phone, "welkom")
    board = make_page(viewport={"width": 1920, "height": 1080})
    board.log_in("coordinator@politie-noordveld.test")
    board.goto(f"/sessies/{workshop}/bord/")

    def case():
        expect(big.get_by_text("Hoe het werkt").or_(big.get_by_text("Werking"))).to_be_visible()
        for n in range(3):
            status, _ = api(small, f"{base}/questions", {"text": f"{LONG_TEXT} {n}"})
            assert status == 201
        expect(region(big, "questions").locator("li")).to_have_count(3)

    step("casus", case)
    # The board shows the case too, in its case phase.
    expect(board.locator(".ge-board-case")).to_contain_text("Wie besluit wat")
    board.axe()
    if SHOTS:
        board.screenshot(path=str(Path(SHOTS) / "board-1920-casus.png"))
        board.set_viewport_size({"width": 1280, "height": 720})
        board.screenshot(path=str(Path(SHOTS) / "board-1280-casus.png"))

    def actors():
        for name in (LONG_WORD, "Winkeliers in het centrum", "Omwonenden"):
            status, _ = api(small, f"{base}/actors", {"name": name})
            assert status == 201

    step("dialoog: actoren", actors)

    def effects():
        for n in range(4):
            polarity = "positive" if n % 2 else "negative"
            api(small, f"{base}/effects", {"text": f"{LONG_TEXT} {n}", "polarity": polarity})
        # The big phone writes one itself: it is marked as its own, on this phone only.
        big.get_by_label("Effect", exact=True).fill("Winkeliers voelen zich gesteund")
        big.check("input[name=polarity][value=positive]")
        big.get_by_role("button", name="Effect toevoegen").click()
        own = region(big, "effects-positive").locator("li", has_text="zich gesteund")
        expect(own.locator(".ge-badge--own")).to_have_text("van u")
        mine = region(small, "effects-positive").locator("li", has_text="Winkeliers voelen")
        expect(mine).to_have_count(1)
        assert mine.locator(".ge-badge--own").count() == 0
        # Corrected: in a dialog; the phones and the console see it at once.
        own.get_by_role("button", name=re.compile("^Uw bijdrage verbeteren")).click()
        big.axe()
        big.get_by_label("Tekst").fill("Winkeliers voelen zich echt gesteund")
        big.get_by_role("button", name="Verbetering opslaan").click()
        expect(mine).to_have_text(re.compile("echt gesteund"))
        edited = moderator.locator("li", has_text="echt gesteund").locator(".ge-badge--edited")
        expect(edited).to_have_text("gewijzigd")
        # The counter: shown near the limit, with the numbers in Dutch, and over it refused.
        field = big.get_by_label("Effect", exact=True)
        field.fill("x" * 1900)
        counter = big.locator("#phone-effect-text-count")
        expect(counter).to_have_text("1.900 / 2.000 tekens")
        field.fill("x" * 2001)
        expect(counter).to_have_class(re.compile("ge-count--over"))
        assert field.evaluate("(f) => f.validity.customError") is True
        field.fill("")
        expect(counter).to_be_hidden()
        # Withdrawn: gone from every phone.
        big.once("dialog", lambda dialog: dialog.accept())
        own = region(big, "effects-positive").locator("li", has_text="echt gesteund")
        own.get_by_role("button", name=re.compile("^Uw bijdrage intrekken")).click()
        expect(mine).to_have_count(0)
        expect(region(big, "feedback")).to_have_text("Uw bijdrage is ingetrokken.")

    step("dialoog: effecten", effects)

    values = []

    def link_values():
        for key in ("privacy", "safety", "trust"):
            status, body = api(moderator, f"{base}/values", {"catalogue_key": key})
            assert status == 201, body
            values.append(body["item"]["id"])
        state = moderator.evaluate(f"fetch('{base}').then((r) => r.json())")
        for effect in state["effects"]:
            for value in values:
                api(moderator, f"{base}/effects/{effect['id']}/values", {"value": value})

    step("dialoog: waarden", link_values)

    def vote():
        status, _ = api(small, f"{base}/votes", {"votes": {str(values[0]): 2, str(values[1]): 1}})
        assert status == 201
        expect(region(big, "dots-hidden")).to_be_visible()
        big.locator("[data-region='vote-values'] summary").first.click()
        expect(big.locator("[data-region='vote-values'] details[open] li").first).to_be_visible()
        # Others' dots stay hidden on the phone while the vote is open.
        assert big.locator("[data-region='values'] .ge-value__votes").count() == 0
        big.get_by_role("button", name=re.compile("Eén stip meer voor")).last.click()
        expect(region(big, "feedback")).to_have_text("Uw stem is opgeslagen.")

    step("overgang: waarden kiezen", vote)

    def options():
        for value in values:
            for direction in ("technology", "environment", "human"):
                body = {"value": value, "direction": direction, "text": LONG_TEXT[:300]}
                status, answer = api(small, f"{base}/options", body)
                assert status == 201, answer
        expect(region(big, "options").locator("li")).to_have_count(9)
        # The vote closed: now the dots are shown.
        expect(big.locator("[data-region='values'] .ge-value__votes").first).to_be_visible()

    step("handelingsopties", options)
    step("afsluiting")
    # The feedback of the vote went with its phase.
    expect(region(big, "feedback")).to_have_text("")


def test_with_private_writing_the_author_sees_their_own_effect_until_revealed(make_page):
    moderator = make_page(viewport={"width": 1280, "height": 900})
    moderator.log_in("coordinator@politie-noordveld.test")
    workshop, code = plan_session(
        moderator,
        "Toezicht met drones op bedrijventerrein De Vaart",
        "2026-12-17T09:00",
        "Cas Coördinator",
        "Mira Moderator",
        eerst_in_stilte_schrijven=True,
    )
    base = f"/api/v1/workshops/{workshop}"
    moderator.goto(f"/sessies/{workshop}/console/")
    for _ in range(3):
        assert api(moderator, f"{base}/phase", {"step": 1})[0] == 201
    phones = []
    for _ in range(2):
        phone = make_page(**SMALL)
        phone.goto(f"/j/{code.lower()}/")
        phone.check("input[name=stakeholder_group][value=citizen]")
        phone.check("input[name=consent_publication][value=yes]")
        phone.get_by_role("button", name="Meedoen").click()
        phone.wait_for_url(re.compile(r"/deelnemen/$"))
        phone.axe()
        phones.append(phone)
    author, other = phones
    expect(author.locator(".ge-private-note")).to_contain_text("tot de moderator de effecten toont")
    author.get_by_label("Effect", exact=True).fill("Ik voel me bekeken op het terrein")
    author.check("input[name=polarity][value=negative]")
    author.get_by_role("button", name="Effect toevoegen").click()
    own = region(author, "own-private").locator("li", has_text="bekeken")
    expect(own.locator(".ge-badge--own")).to_have_text("van u")
    author.axe()
    fits(author, "private writing")
    author.reload()
    expect(region(author, "own-private").locator("li", has_text="bekeken")).to_have_count(1)
    author.axe()
    assert other.locator("li", has_text="bekeken").count() == 0
    # Revealed: on every phone, and still the author's own.
    assert api(moderator, f"{base}/moderation", {"action": "reveal"})[0] == 201
    mine = region(author, "effects-negative").locator("li", has_text="bekeken")
    expect(mine.locator(".ge-badge--own")).to_have_text("van u")
    expect(region(author, "own-private-block")).to_be_hidden()
    expect(region(other, "effects-negative").locator("li", has_text="bekeken")).to_have_count(1)
