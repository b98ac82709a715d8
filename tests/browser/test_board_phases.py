"""The board on a projector, in every phase, at 1920×1080 and 1280×720: the phase's working
area is on the screen without scrolling, with 15 effects (some of 2,000 characters), 11
values and a 2,000-character question; and the console once the session is closed.

Set ``SHOTS=/some/dir`` to keep a screenshot of every board and console state."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import plan_session
from tests.servers import request_json

pytestmark = pytest.mark.browser

CASE = "Toezicht met drones op bedrijventerrein De Vaart"
SIZES = {"1920": {"width": 1920, "height": 1080}, "1280": {"width": 1280, "height": 720}}
LONG = (
    "Mogen wij met drones en satellietbeelden toezicht houden op het bedrijventerrein, en "
    "onder welke voorwaarden, als ondernemers, bezoekers en medewerkers daar niet om vragen? "
)
QUESTION = (LONG * 20)[:2000]
EFFECTS = [
    "Sneller ingrijpen bij inbraak op het terrein",
    "Ik voel me gevolgd als ik op het terrein werk",
    "Minder overlast van dumpingen 's nachts",
    "Onschuldige bezoekers komen in beeld",
    "Agenten vertrouwen het signaal te snel",
    "Ondernemers voelen zich gesteund door de politie",
    "Beelden kunnen lekken naar derden",
    "Minder surveillancerondes nodig, meer tijd voor ander werk",
    "Medewerkers van bedrijven worden bekeken zonder dat zij het weten",
    "Drones maken lawaai boven de kantoren",
    "Verzekeraars geven korting aan bedrijven op het terrein",
    "Het signaal zegt niets over wie er echt iets fout doet",
]
VALUES = [
    "privacy",
    "safety",
    "trust",
    "transparency",
    "autonomy",
    "equal_treatment",
    "effectiveness",
    "job_satisfaction",
    "human_contact",
    "freedom",
]
WORKING_AREA = {
    "lobby": ".ge-join",
    "case": ".ge-board__question",
    "actors": "section[aria-labelledby='h-actors-board']",
    "effects": ".ge-effects",
    "values": ".ge-values",
    "transition": ".ge-values",
    "options": ".ge-options",
    "closing": ".ge-thanks",
}


def staff_post(page, workshop: int, path: str, body: dict):
    """A moderator's API call from their own logged-in page (session cookie and CSRF)."""
    return page.evaluate(
        """async ([url, body]) => {
            const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
            const response = await fetch(url, {
                method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
                body: JSON.stringify(body),
            });
            return [response.status, await response.json()];
        }""",
        [f"/api/v1/workshops/{workshop}/{path}", body],
    )


def shot(page, name: str) -> None:
    if os.environ.get("SHOTS"):
        page.screenshot(path=str(Path(os.environ["SHOTS"]) / f"{name}.png"))


def assert_in_view(board, phase: str, size: str) -> None:
    expect(board.locator("#live")).to_have_attribute("data-phase", phase)
    area = board.locator(WORKING_AREA[phase]).first
    expect(area).to_be_visible()
    board.wait_for_timeout(150)  # the density steps after the last event's render
    box = area.bounding_box()
    view = board.viewport_size
    assert box is not None, f"{phase} at {size}: no working area"
    assert box["y"] >= 0 and box["x"] >= 0, f"{phase} at {size}: {box}"
    assert box["y"] + box["height"] <= view["height"] + 1, (
        f"{phase} at {size}: the working area ends at {box['y'] + box['height']:.0f}px "
        f"of {view['height']}px"
    )
    assert box["x"] + box["width"] <= view["width"] + 1, f"{phase} at {size}: {box}"
    scroll = board.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert scroll <= 0, f"{phase} at {size}: the board scrolls sideways by {scroll}px"
    board.axe()
    shot(board, f"board-{size}-{phase}")


def test_every_phase_fits_the_board_at_1920_and_1280(make_page, server):
    moderator = make_page(viewport={"width": 1366, "height": 768})
    moderator.log_in("coordinator@politie-noordveld.test")
    # A question of 2,000 characters.
    moderator.goto("/organisaties/politie-noordveld/casussen/")
    moderator.get_by_role("link", name=CASE).click()
    moderator.axe()
    case_url = moderator.url
    moderator.goto(case_url.replace(moderator.base_url, "") + "bewerken/")
    original = moderator.get_by_label("Vraag van de organisatie").input_value()
    moderator.get_by_label("Vraag van de organisatie").fill(QUESTION)
    moderator.get_by_role("button", name="Opslaan").click()
    moderator.axe()
    try:
        run_every_phase(make_page, server, moderator)
    finally:
        moderator.goto(case_url.replace(moderator.base_url, "") + "bewerken/")
        moderator.get_by_label("Vraag van de organisatie").fill(original)
        moderator.get_by_role("button", name="Opslaan").click()
        moderator.axe()


def run_every_phase(make_page, server, moderator):
    workshop, code = plan_session(
        moderator, CASE, "2026-12-17T09:00", "Cas Coördinator", "Mira Moderator"
    )
    moderator.goto(f"/sessies/{workshop}/console/")
    boards = {}
    for size, viewport in SIZES.items():
        board = make_page(viewport=viewport)
        board.log_in("coordinator@politie-noordveld.test")
        board.goto(f"/sessies/{workshop}/bord/")
        boards[size] = board

    def every_board(phase):
        for size, board in boards.items():
            assert_in_view(board, phase, size)

    def next_phase(phase):
        status, body = staff_post(moderator, workshop, "phase", {"step": 1})
        assert status == 201, body
        every_board(phase)

    tokens = []
    for _n in range(6):
        status, body = request_json(
            f"{server}/api/v1/join",
            {"code": code, "stakeholder_group": "citizen", "consent_publication": True},
        )
        assert status == 201, body
        tokens.append(body["token"])
    api = f"{server}/api/v1/workshops/{workshop}"

    def participant_post(path, body, n=0):
        status, answer = request_json(f"{api}/{path}", body, token=tokens[n % len(tokens)])
        assert status == 201, answer
        return answer["item"]

    every_board("lobby")
    next_phase("case")
    for n, text in enumerate(("Hoe lang worden de beelden bewaard?", "Wie kijkt er mee?")):
        participant_post("questions", {"text": text}, n)
    every_board("case")

    next_phase("actors")
    actors = [
        participant_post("actors", {"name": name}, n)["id"]
        for n, name in enumerate(
            ("Ondernemers", "Bezoekers", "Medewerkers van bedrijven", "Politie", "Verzekeraars")
        )
    ]
    every_board("actors")

    next_phase("effects")
    effects = []
    for n in range(15):
        text = EFFECTS[n % len(EFFECTS)]
        if n in (3, 9):
            text = ((text + ". ") * 80)[:2000]  # two effects of 2,000 characters
        item = participant_post(
            "effects",
            {
                "text": text,
                "polarity": "positive" if n % 2 else "negative",
                "actor": actors[n % len(actors)],
            },
            n,
        )
        effects.append(item["id"])
    for board in boards.values():
        expect(board.locator(".ge-list--positive li, .ge-list--negative li")).to_have_count(15)
    every_board("effects")
    # A long effect spotlighted: shown whole on the board.
    status, _ = staff_post(
        moderator, workshop, "moderation", {"action": "spotlight", "item": f"effect:{effects[3]}"}
    )
    assert status == 201
    for size, board in boards.items():
        spot = board.locator("[data-region='spotlight']")
        expect(spot).to_be_visible()
        assert len(spot.inner_text()) == 2000
        box, view = spot.bounding_box(), board.viewport_size
        assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"], (size, box)
        assert board.evaluate("(e) => e.scrollHeight <= e.clientHeight", spot.element_handle())
        shot(board, f"board-{size}-effects-spotlight")
    staff_post(moderator, workshop, "moderation", {"action": "spotlight", "item": ""})

    next_phase("values")
    values = []
    for key in VALUES:
        status, body = staff_post(moderator, workshop, "values", {"catalogue_key": key})
        assert status == 201, body
        values.append(body["item"]["id"])
    status, body = staff_post(moderator, workshop, "values", {"name": "Rust op het terrein"})
    values.append(body["item"]["id"])
    for n, effect in enumerate(effects):
        for value in {values[n % 11], values[(n * 3) % 11]}:
            status, body = staff_post(
                moderator, workshop, f"effects/{effect}/values", {"value": value}
            )
            assert status == 201, body
    for board in boards.values():
        expect(board.locator("[data-region='values'] > li")).to_have_count(11)
    every_board("values")

    next_phase("transition")
    for n in range(6):
        participant_post("votes", {"votes": {str(values[n % 4]): 2, str(values[5]): 1}}, n)
    # Others' dots are hidden until the vote closes (the session's default), on the board too.
    moderator.wait_for_timeout(500)
    for board in boards.values():
        expect(board.locator("[data-region='values'] .ge-value__votes")).to_have_count(0)
    status, body = staff_post(moderator, workshop, "moderation", {"action": "close_vote"})
    assert status == 201, body
    for board in boards.values():
        expect(board.locator("[data-region='values'] .ge-value__votes").first).to_be_visible()
    every_board("transition")

    next_phase("options")
    state = moderator.evaluate(
        "async (url) => (await fetch(url, {credentials: 'same-origin'})).json()",
        f"/api/v1/workshops/{workshop}",
    )
    chosen = [v["id"] for v in state["values"] if v["chosen"]]
    assert len(chosen) == 3
    for n in range(9):
        participant_post(
            "options",
            {
                "value": chosen[n % len(chosen)],
                "direction": ("technology", "environment", "human")[n % 3],
                "text": f"Beelden na 28 dagen wissen, tenzij er aangifte is (optie {n + 1})",
            },
            n,
        )
    for board in boards.values():
        expect(board.locator(".ge-grid .ge-item")).to_have_count(9)
    every_board("options")

    next_phase("closing")
    for n in range(4):
        participant_post("evaluations", {"changed_view": "yes"}, n)
    for board in boards.values():
        expect(board.locator("[data-region='evaluations']")).to_have_text("4")
    every_board("closing")

    # The moderator closes the session: the board says so, the console disables its controls.
    moderator.once("dialog", lambda dialog: dialog.accept())
    moderator.get_by_role("button", name="Sessie afsluiten").click()
    expect(moderator.locator("[data-region='feedback']")).to_have_text("Sessie afgesloten.")
    for size, board in boards.items():
        expect(board.locator("[data-region='closed']")).to_have_text("Deze sessie is afgesloten.")
        assert_in_view(board, "closing", size)
        shot(board, f"board-{size}-closed")
    for name in (
        "Timer instellen",
        "Starten",
        "Pauzeren",
        "Eén minuut erbij",
        "Stemming sluiten",
        "Invoer pauzeren",
        "Vorige fase",
        "Volgende fase",
        "Sessie afsluiten",
    ):
        expect(moderator.get_by_role("button", name=name, exact=True)).to_be_disabled()
    expect(moderator.get_by_label("Minuten")).to_be_disabled()
    moderator.axe()
    shot(moderator, "console-1366-closed")
