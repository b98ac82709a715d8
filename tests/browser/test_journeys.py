"""Journeys through the platform in a real browser, with axe-core on every page."""

import re

import pytest

from tests.browser.conftest import plan_session

pytestmark = pytest.mark.browser


def test_coordinator_logs_in_and_registers_a_technology_and_a_case(page):
    page.log_in("coordinator@politie-noordveld.test")
    page.get_by_role("link", name="Politie Eenheid Noordveld").first.click()
    page.axe()
    page.get_by_role("link", name="Technologie registreren").click()
    page.axe()

    # A first attempt with the name left empty: the error is announced and linked.
    page.get_by_role("button", name="Technologie registreren").click()
    page.axe()
    name = page.get_by_label("Naam")
    assert name.get_attribute("aria-invalid") == "true"
    assert "Dit veld is verplicht." in page.content()

    name.fill("Bodycams voor handhavers")
    page.get_by_label("Type").select_option("camera")
    page.get_by_label("Werking").fill("Handhavers dragen een camera die opneemt bij incidenten.")
    page.get_by_role("button", name="Technologie registreren").click()
    page.axe()
    assert page.get_by_role("heading", level=1).inner_text() == "Bodycams voor handhavers"
    assert "De technologie is geregistreerd." in page.content()

    page.get_by_role("link", name="Casus beschrijven").click()
    page.axe()
    page.get_by_label("Titel").fill("Bodycams in het uitgaansgebied")
    page.get_by_label("Context").fill("Handhavers in het uitgaansgebied van Noordveld-Stad.")
    page.get_by_label("Wie besluit wat").fill("De handhaver besluit wanneer de camera opneemt.")
    page.get_by_label("Domein").select_option("safety")
    page.get_by_label("Fase van invoering").select_option("during")
    page.get_by_label("Vraag van de organisatie").fill("Wat doet de camera met het contact?")
    page.get_by_role("button", name="Casus opslaan").click()
    page.axe()
    assert page.get_by_role("heading", level=1).inner_text() == "Bodycams in het uitgaansgebied"
    assert "Tijdens invoering" in page.content()


def test_language_switch_is_remembered(page):
    page.goto("/")
    assert page.get_attribute("html", "lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Begeleidingsethiek voor publieke organisaties"
    )
    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.axe()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Guidance ethics for public organisations"
    )
    page.goto("/inloggen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_function("document.documentElement.lang === 'nl'")
    page.axe()
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen"


def test_admin_invites_a_member_and_the_invitee_sees_the_error_for_a_bad_address(page):
    page.log_in("admin@politie-noordveld.test")
    page.goto("/organisaties/politie-noordveld/leden/")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.axe()
    assert page.get_by_label("E-mailadres").get_attribute("aria-invalid") == "true"
    page.get_by_label("E-mailadres").fill("nieuw.lid@politie-noordveld.test")
    page.get_by_label("Rol", exact=True).select_option("moderator")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.axe()
    assert "Er is een uitnodiging verstuurd naar nieuw.lid@politie-noordveld.test" in (
        page.content()
    )
    assert page.get_by_role("button", name=re.compile("nieuw.lid@politie-noordveld.test")).count()


def test_outsider_gets_not_found_for_another_organisations_pages(page):
    page.log_in("coordinator@provincie-noordveld.test")
    page.goto("/organisaties/politie-noordveld/", status=404)
    page.goto("/organisaties/politie-noordveld/technologieen/", status=404)
    page.goto("/technologieen/1/", status=404)
    assert "Pagina niet gevonden" in page.content()


def test_member_reads_lists_and_is_refused_the_intake_form(page):
    page.log_in("lid@politie-noordveld.test")
    page.goto("/organisaties/politie-noordveld/technologieen/")
    page.goto("/organisaties/politie-noordveld/casussen/")
    page.get_by_role("link", name="Signaleren van mobiel banditisme langs de A-wegen").click()
    page.axe()
    assert page.get_by_role("link", name="Casus bewerken").count() == 0
    page.goto("/organisaties/politie-noordveld/technologieen/nieuw/", status=403)


def test_public_and_account_pages_on_a_phone(make_page):
    phone = make_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    phone.goto("/")
    phone.goto("/wachtwoord/vergeten/")
    phone.get_by_label("E-mailadres").fill("lid@politie-noordveld.test")
    phone.get_by_role("button", name="Link versturen").click()
    phone.axe()
    assert "Kijk in uw e-mail" in phone.content()
    phone.log_in("moderator@politie-noordveld.test")
    phone.goto("/wachtwoord/wijzigen/")
    phone.goto("/organisaties/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_coordinator_plans_a_session_and_a_phone_types_its_code(page, make_page):
    page.log_in("coordinator@politie-noordveld.test")
    _workshop, code = plan_session(
        page,
        "Vroeg signaleren van online oplichting",
        "2026-12-14T13:30",
        "Mira Moderator",
        "Cas Coördinator",
    )
    assert page.locator("img[alt^='QR-code']").count() == 1

    phone = make_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto("/j/")
    phone.get_by_label("Sessiecode").fill(code.lower())
    phone.get_by_role("button", name="Verder").click()
    phone.axe()
    phone.get_by_role("button", name="Meedoen").click()  # nothing chosen: errors
    phone.axe()
    assert "Dit veld is verplicht." in phone.content()
    phone.check("input[name=stakeholder_group][value=professional]")
    phone.check("input[name=consent_publication][value=no]")
    phone.get_by_role("button", name="Meedoen").click()
    phone.axe()
    assert phone.get_by_role("heading", name="Welkom").is_visible()


def test_api_tokens_and_the_platform_administrators_pages(page):
    page.log_in("beheer@noordveld.test")
    page.goto("/api-sleutels/")
    page.get_by_label("Naam").fill("Laadtest")
    page.get_by_role("button", name="Sleutel aanmaken").click()
    page.axe()
    assert page.locator("code.ge-secret").inner_text().startswith("ge_")
    page.goto("/organisaties/")
    page.goto("/organisaties/nieuw/")
    page.get_by_label("Naam").fill("Veiligheidsregio Noordveld")
    page.get_by_label("Soort").select_option("safety_region")
    page.get_by_role("button", name="Organisatie aanmaken").click()
    page.axe()
    assert page.get_by_role("heading", level=1).inner_text() == "Leden en uitnodigingen"
    page.goto("/wachtwoord/nieuw/MQ/ongeldig/")
    assert "Deze link is niet meer geldig" in page.content()
