"""The board on a projector: a session of normal size fits without scrolling."""

import pytest

from tests.browser.conftest import plan_session
from tests.servers import request_json

pytestmark = pytest.mark.browser

EFFECTS = [
    ("Sneller ingrijpen bij winkeldiefstal", "positive"),
    ("Ik voel me gevolgd op de snelweg", "negative"),
    ("Minder overlast in het centrum", "positive"),
    ("Onschuldige bestuurders worden stilgehouden", "negative"),
    ("Agenten vertrouwen het signaal te snel", "negative"),
    ("Winkeliers voelen zich gesteund", "positive"),
]


def test_thirty_effects_fit_on_the_board_without_scrolling(make_page, server):
    moderator = make_page(viewport={"width": 1280, "height": 900})
    moderator.log_in("coordinator@politie-noordveld.test")
    workshop, code = plan_session(
        moderator,
        "Toezicht met drones op bedrijventerrein De Vaart",
        "2026-12-15T09:00",
        "Cas Coördinator",
        "Mira Moderator",
    )
    moderator.goto(f"/sessies/{workshop}/console/")
    for _ in range(3):
        moderator.get_by_role("button", name="Volgende fase").click()
    moderator.locator("[data-region='phase']").first.wait_for()

    board = make_page(viewport={"width": 1920, "height": 1080})
    board.log_in("coordinator@politie-noordveld.test")
    board.goto(f"/sessies/{workshop}/bord/")
    assert board.locator("[data-region='phase']").inner_text() == "dialoog: effecten"

    tokens = []
    for _ in range(5):
        status, body = request_json(
            f"{server}/api/v1/join",
            {"code": code, "stakeholder_group": "citizen", "consent_publication": True},
        )
        assert status == 201
        tokens.append(body["token"])
    for n in range(30):
        text, polarity = EFFECTS[n % len(EFFECTS)]
        status, _ = request_json(
            f"{server}/api/v1/workshops/{workshop}/effects",
            {"text": f"{text} ({n + 1})", "polarity": polarity},
            token=tokens[n % 5],
        )
        assert status == 201
    board.locator("[data-region='effects-negative'] li").nth(14).wait_for()
    assert board.locator(".ge-list--positive li, .ge-list--negative li").count() == 30
    board.axe()
    overflow = board.evaluate("document.documentElement.scrollHeight - window.innerHeight")
    assert overflow <= 0, f"the board scrolls by {overflow}px with 30 effects"
