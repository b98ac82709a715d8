"""From a request to actions carried out with a partner: a visitor asks for a session, a
coordinator plans it from the request, a (scripted) session is held, two of its options
become actions, one is shared with a partner organisation, and the partner's member updates
it. axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.servers import request_json

pytestmark = pytest.mark.browser

TECHNOLOGY = "Slimme camera's bij de Vaartbrug"


def hold_session(page, server: str, workshop: int, code: str) -> None:
    """The session, through the API: the moderator with the browser's session (its cookies),
    a participant with the token from joining."""
    api = f"{server}/api/v1/workshops/{workshop}"

    def staff(path, body):
        response = page.context.request.post(f"{api}/{path}", data=body)
        assert response.status == 201, (path, response.text())
        return response.json()

    status, joined = request_json(
        f"{server}/api/v1/join",
        {"code": code, "stakeholder_group": "citizen", "consent_publication": True},
    )
    assert status == 201
    token = joined["token"]

    def participant(path, body):
        status, answer = request_json(f"{api}/{path}", body, token=token)
        assert status == 201, (path, answer)
        return answer

    staff("phase", {"phase": "effects"})
    effect = participant("effects", {"text": "Ik word gefilmd op de brug", "polarity": "negative"})
    value = staff("values", {"catalogue_key": "privacy"})["item"]["id"]
    staff(f"effects/{effect['item']['id']}/values", {"value": value})
    staff("phase", {"phase": "transition"})
    participant("votes", {"votes": {str(value): 3}})
    staff("phase", {"phase": "options"})  # closes the vote: privacy goes forward
    for text in ("Camera's alleen op de rijbaan richten", "Bewoners jaarlijks informeren"):
        participant("options", {"value": value, "direction": "technology", "text": text})
    staff("moderation", {"action": "close"})


def test_a_request_becomes_a_session_whose_options_become_shared_actions(make_page, server):
    # A visitor asks for a session.
    visitor = make_page()
    visitor.goto("/sessie-aanvragen/")
    visitor.get_by_label("Uw naam").fill("Vera Verzoeker")
    visitor.get_by_label("Uw e-mailadres").fill("vera@example.test")
    visitor.get_by_label("Organisatie die de sessie houdt").select_option(
        label="Politie Eenheid Noordveld"
    )
    visitor.get_by_label("Technologie", exact=True).fill(TECHNOLOGY)
    visitor.get_by_label("Soort technologie").select_option("camera")
    visitor.get_by_label("Context").fill("Camera's tellen het verkeer op de brug.")
    visitor.get_by_label("Fase van invoering").select_option("before")
    visitor.get_by_label("Vraag", exact=True).fill("Wat vinden bewoners en ondernemers ervan?")
    visitor.get_by_label("Verwacht aantal deelnemers").fill("20")
    visitor.get_by_role("button", name="De aanvraag versturen").click()
    expect(visitor.get_by_role("heading", name="Aanvraag verstuurd")).to_be_visible()
    visitor.axe()

    # A coordinator plans it from the request, without retyping.
    coordinator = make_page(viewport={"width": 1280, "height": 900})
    coordinator.log_in("coordinator@politie-noordveld.test")
    coordinator.goto("/organisaties/politie-noordveld/aanvragen/")
    coordinator.get_by_role("link", name=TECHNOLOGY).click()
    coordinator.axe()
    expect(coordinator.locator("#id_technology-name")).to_have_value(TECHNOLOGY)
    expect(coordinator.locator("#id_case-question")).to_have_value(
        "Wat vinden bewoners en ondernemers ervan?"
    )
    coordinator.locator("#id_case-decisions").fill("De gemeente besluit over plaatsing.")
    coordinator.locator("#id_case-domain").select_option("safety")
    coordinator.locator("#id_workshop-starts_at").fill("2027-03-09T09:30")
    coordinator.locator("#id_workshop-format").select_option("online")
    coordinator.locator("#id_workshop-moderator").select_option(label="Cas Coördinator")
    coordinator.locator("#id_workshop-co_moderator").select_option(label="Mira Moderator")
    coordinator.get_by_role("button", name="De sessie inplannen").click()
    coordinator.wait_for_url(re.compile(r"/sessies/\d+/$"))
    coordinator.axe()
    expect(
        coordinator.get_by_text("De sessie is ingepland; de aanvrager krijgt bericht.")
    ).to_be_visible()
    workshop = int(re.search(r"/sessies/(\d+)/", coordinator.url).group(1))
    code = coordinator.locator("dd strong").inner_text()

    # The session is held (scripted through the API) and closed.
    hold_session(coordinator, server, workshop, code)

    # Two options become actions.
    coordinator.goto(f"/sessies/{workshop}/")
    case_url = coordinator.get_by_role("link", name=TECHNOLOGY).first.get_attribute("href")
    coordinator.get_by_role("link", name=TECHNOLOGY).first.click()
    coordinator.axe()
    coordinator.get_by_role("link", name="Acties", exact=True).click()
    coordinator.axe()
    coordinator.get_by_label(re.compile("Camera's alleen op de rijbaan richten")).check()
    coordinator.get_by_label(re.compile("Bewoners jaarlijks informeren")).check()
    coordinator.get_by_role("button", name="Acties aanmaken").click()
    expect(coordinator.get_by_text("Er zijn 2 acties aangemaakt.")).to_be_visible()
    coordinator.axe()

    # One gets an owner and a due date, and is shared with a partner organisation.
    coordinator.get_by_role("link", name="Bewoners jaarlijks informeren").click()
    coordinator.axe()
    coordinator.get_by_role("link", name="Eigenaar en einddatum wijzigen").click()
    coordinator.axe()
    coordinator.get_by_label("Eigenaar (persoon)").select_option(label="Cas Coördinator")
    coordinator.get_by_label("Einddatum").fill("2027-06-30")
    coordinator.get_by_role("button", name="Opslaan").click()
    expect(coordinator.get_by_text("De actie is opgeslagen.")).to_be_visible()
    expect(coordinator.locator("main")).to_contain_text("30 juni 2027")
    coordinator.axe()
    coordinator.get_by_role("link", name="Delen met partnerorganisaties").click()
    coordinator.axe()
    coordinator.get_by_label("Partnerorganisatie").select_option(label="Gemeente Dijkstede")
    coordinator.get_by_role("button", name="Delen", exact=True).click()
    expect(
        coordinator.get_by_text("De actie wordt nu gedeeld met Gemeente Dijkstede.")
    ).to_be_visible()
    coordinator.axe()

    # The partner's member finds it in their own overview, and only that one, and updates it.
    partner = make_page(viewport={"width": 1280, "height": 900})
    partner.log_in("coordinator@dijkstede.test")
    partner.goto("/organisaties/gemeente-dijkstede/acties/")
    expect(partner.get_by_role("link", name="Bewoners jaarlijks informeren")).to_be_visible()
    expect(partner.get_by_text("gedeeld door Politie Eenheid Noordveld")).to_be_visible()
    assert partner.get_by_role("link", name="Camera's alleen op de rijbaan richten").count() == 0
    partner.get_by_role("link", name="Bewoners jaarlijks informeren").click()
    partner.axe()
    partner.get_by_label("Status").select_option("in_progress")
    partner.get_by_label("Voortgangsnotitie").fill("De gemeente neemt het op in de wijkkrant.")
    partner.get_by_role("button", name="Voortgang opslaan").click()
    expect(partner.get_by_text("Uw voortgangsnotitie is opgeslagen.")).to_be_visible()
    partner.axe()

    # The police's coordinator sees the partner's update.
    coordinator.reload()
    coordinator.get_by_role("link", name="Actie", exact=True).click()
    coordinator.axe()
    expect(coordinator.locator("main")).to_contain_text("De gemeente neemt het op in de wijkkrant.")
    expect(coordinator.locator("main")).to_contain_text("In uitvoering")

    # A follow-up session copies the case; in its case phase the board shows the earlier
    # outcome, with what became of the options.
    coordinator.goto(case_url)
    coordinator.get_by_role("link", name="Een vervolgsessie plannen").click()
    coordinator.axe()
    expect(coordinator.locator("#id_case-phase")).to_have_value("during")
    coordinator.locator("#id_workshop-starts_at").fill("2028-03-07T09:30")
    coordinator.locator("#id_workshop-format").select_option("online")
    coordinator.locator("#id_workshop-moderator").select_option(label="Cas Coördinator")
    coordinator.locator("#id_workshop-co_moderator").select_option(label="Mira Moderator")
    coordinator.get_by_role("button", name="De vervolgsessie plannen").click()
    coordinator.wait_for_url(re.compile(r"/sessies/\d+/$"))
    coordinator.axe()
    followup = int(re.search(r"/sessies/(\d+)/", coordinator.url).group(1))
    coordinator.goto(f"/sessies/{followup}/console/")
    coordinator.get_by_role("button", name="Volgende fase").click()
    expect(coordinator.locator("[data-region='phase']").first).to_have_text("casus")
    coordinator.get_by_role(
        "button", name="De eerdere sessie op het bord tonen (casusfase)"
    ).click()
    board = make_page(viewport={"width": 1600, "height": 900})
    board.log_in("coordinator@politie-noordveld.test")
    board.goto(f"/sessies/{followup}/bord/")
    earlier = board.locator("[data-region='previous']")
    expect(earlier).to_be_visible()
    expect(earlier).to_contain_text("privacy")
    expect(earlier).to_contain_text("Bewoners jaarlijks informeren")
    expect(earlier).to_contain_text("in uitvoering")
    board.axe()
    coordinator.get_by_role("button", name="Volgende fase").click()  # actors: off the board
    expect(earlier).to_be_hidden()

    # The other pages of the follow-up: the technology over time, the evaluations, and the
    # platform's inbox of requests without an organisation.
    coordinator.goto(case_url)
    coordinator.get_by_role("link", name=TECHNOLOGY).first.click()
    coordinator.axe()
    coordinator.get_by_role("link", name="De technologie in de tijd").click()
    coordinator.axe()
    timeline = coordinator.locator("main")
    expect(timeline).to_contain_text("9 maart 2027 · voor invoering")
    expect(timeline).to_contain_text("7 maart 2028 · tijdens invoering")
    expect(timeline).to_contain_text("nog niet gehouden")
    coordinator.goto("/organisaties/politie-noordveld/")
    coordinator.get_by_role("link", name="Evaluaties van de sessies").click()
    coordinator.axe()
    coordinator.get_by_role("link", name=re.compile(TECHNOLOGY)).first.click()
    coordinator.axe()
    expect(coordinator.get_by_role("heading", name="Evaluatie van de sessie")).to_be_visible()
    admin = make_page()
    admin.log_in("beheer@noordveld.test")
    admin.goto("/aanvragen/")
    expect(admin.get_by_role("heading", name="Aanvragen voor een sessie")).to_be_visible()
