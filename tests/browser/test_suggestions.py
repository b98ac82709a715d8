"""Value suggestions in the co-moderator's workspace: chips appear for effects as they
arrive, a number key links one, the board shows the link, Escape turns the rest down, and a
near-duplicate is pointed out."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import plan_session
from tests.servers import request_json

pytestmark = pytest.mark.browser


def test_the_co_moderator_accepts_a_suggested_value_with_the_keyboard(make_page, server):
    co = make_page(viewport={"width": 1280, "height": 900})
    co.log_in("coordinator@politie-noordveld.test")
    workshop, code = plan_session(
        co,
        "Toezicht met drones op bedrijventerrein De Vaart",
        "2026-12-16T09:00",
        "Cas Coördinator",
        "Mira Moderator",
    )
    co.goto(f"/sessies/{workshop}/console/")
    for _ in range(3):  # case, actors, effects
        co.get_by_role("button", name="Volgende fase").click()
    expect(co.locator("[data-region='phase']").first).to_have_text("dialoog: effecten")
    co.goto(f"/sessies/{workshop}/werkplek/")
    board = make_page(viewport={"width": 1600, "height": 900})
    board.log_in("coordinator@politie-noordveld.test")
    board.goto(f"/sessies/{workshop}/bord/")

    status, body = request_json(
        f"{server}/api/v1/join",
        {"code": code, "stakeholder_group": "citizen", "consent_publication": True},
    )
    assert status == 201
    for text, polarity in (
        ("Ik voel me de hele dag gevolgd door de camerabeelden", "negative"),
        ("Inbrekers worden sneller gepakt, dat maakt het terrein veiliger", "positive"),
        ("Ik voel me de hele dag gevolgd door camerabeelden", "negative"),
    ):
        status, _ = request_json(
            f"{server}/api/v1/workshops/{workshop}/effects",
            {"text": text, "polarity": polarity},
            token=body["token"],
        )
        assert status == 201

    # The effects arrive live, each with chips that say why.
    rows = co.locator("[data-region='link-effects'] > li")
    expect(rows).to_have_count(3)
    followed = rows.filter(has_text="gevolgd door de camerabeelden").first
    chips = followed.locator(".ge-chip")
    expect(chips.first).to_be_visible()
    expect(followed.get_by_role("button", name=re.compile(r"^Koppel \d privacy"))).to_contain_text(
        "gevolgd"
    )
    safer = rows.filter(has_text="veiliger")
    expect(safer.get_by_role("button", name=re.compile(r"^Koppel \d veiligheid"))).to_be_visible()
    # The near-identical third effect is pointed out as a possible duplicate.
    expect(rows.nth(2).locator(".ge-duplicate")).to_contain_text(
        "Lijkt mogelijk op: Ik voel me de hele dag gevolgd door de camerabeelden"
    )
    co.axe()

    # The privacy chip's Alt+digit, pressed in the row's field, links privacy (a bare digit
    # there is text: a value's name may start with one).
    keys = followed.get_by_role("button", name=re.compile(r"^Koppel \d privacy")).get_attribute(
        "aria-keyshortcuts"
    )
    key = next(k for k in keys.split() if k.startswith("Alt+"))
    field = co.get_by_role(
        "combobox", name="Waarde achter: Ik voel me de hele dag gevolgd door de camerabeelden"
    )
    field.focus()
    field.press(key)
    expect(followed.get_by_role("button", name="Koppeling met privacy verwijderen")).to_be_visible()
    expect(followed.get_by_role("button", name=re.compile(r"^Koppel \d privacy"))).to_have_count(0)
    expect(board.locator("[data-region='values']")).to_contain_text("privacy")

    # Escape in the empty field: none of the remaining suggestions fits.
    remaining = followed.locator(".ge-chip").count()
    assert remaining >= 1
    field.press("Escape")
    expect(followed.locator(".ge-chip")).to_have_count(0)
    expect(co.locator("[data-region='feedback']").first).to_contain_text("niet opnieuw")

    # Enter in the empty field links the first suggestion of another effect.
    first = safer.locator(".ge-chip").first.get_attribute("data-key")
    safer_field = co.get_by_role("combobox", name=re.compile("Waarde achter: Inbrekers"))
    safer_field.focus()
    safer_field.press("Enter")
    expect(safer.locator(".ge-link__values button")).to_have_count(1)
    assert safer.locator(f".ge-chip[data-key='{first}']").count() == 0
    co.axe()
