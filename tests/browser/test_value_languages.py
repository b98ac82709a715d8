"""Values in every viewer's language, live (issue 24, point 9): the co-moderator works in
English, the phone reads Dutch; a word that means a catalogue value links the catalogue value."""

import pytest

from tests.browser.conftest import plan_session
from tests.servers import request_json

pytestmark = pytest.mark.browser


def test_an_english_workspace_puts_dutch_names_on_a_dutch_phone(make_page, server):
    moderator = make_page(viewport={"width": 1280, "height": 900})
    moderator.log_in("coordinator@politie-noordveld.test")
    workshop, code = plan_session(
        moderator,
        "Toezicht met drones op bedrijventerrein De Vaart",
        "2026-12-16T09:00",
        "Cas Coördinator",
        "Mira Moderator",
    )
    moderator.goto(f"/sessies/{workshop}/console/")
    phase = moderator.locator("[data-region='phase']").first
    for name in ("casus", "dialoog: actoren", "dialoog: effecten"):
        moderator.get_by_role("button", name="Volgende fase").click()
        phase.filter(has_text=name).wait_for()

    status, body = request_json(
        f"{server}/api/v1/join",
        {"code": code, "stakeholder_group": "citizen", "consent_publication": True},
    )
    assert status == 201
    phone = make_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies(
        [{"name": f"ge_participant_{workshop}", "value": body["token"], "url": server}]
    )
    phone.goto(f"/sessies/{workshop}/deelnemen/")
    phone.axe()

    for text in ("Niemand weet wie de beelden bekijkt", "Bedrijven sparen bewakingskosten"):
        status, _ = request_json(
            f"{server}/api/v1/workshops/{workshop}/effects",
            {"text": text, "polarity": "negative"},
            token=body["token"],
        )
        assert status == 201
    moderator.get_by_role("button", name="Volgende fase").click()
    phase.filter(has_text="dialoog: waarden").wait_for()

    workspace = make_page(viewport={"width": 1280, "height": 900})
    workspace.log_in("moderator@politie-noordveld.test")
    workspace.context.add_cookies([{"name": "django_language", "value": "en", "url": server}])
    workspace.goto(f"/sessies/{workshop}/werkplek/")
    assert workspace.evaluate("document.documentElement.lang") == "en"
    workspace.axe()
    fields = workspace.locator("[data-region='link-effects'] input[list='value-names']")
    fields.first.wait_for()
    fields.nth(0).fill("justice")
    fields.nth(0).press("Enter")
    workspace.locator("[data-region='values'] .ge-value__name, [data-region='values'] li").filter(
        has_text="justice"
    ).first.wait_for()
    fields = workspace.locator("[data-region='link-effects'] input[list='value-names']")
    fields.last.fill("doelmatigheid")  # Dutch for "efficiency": the catalogue value
    fields.last.press("Enter")
    workspace.locator("[data-region='values']").filter(has_text="efficiency").first.wait_for()
    workspace.axe()

    values = phone.locator("[data-region='values']").first
    values.filter(has_text="efficiëntie").wait_for()
    shown = values.inner_text()
    assert "rechtvaardigheid" in shown and "efficiëntie" in shown
    assert "justice" not in shown and "efficiency" not in shown
    phone.axe()
