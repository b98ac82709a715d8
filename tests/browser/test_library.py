"""The case library in a real browser: the library, a case page, the publication and
sharing pages and the insights page, with axe-core on each."""

import pytest

pytestmark = pytest.mark.browser

CASE = "Toezicht met drones op bedrijventerrein De Vaart"
PUBLISHED = "Drones voor een veilig en schoon bedrijventerrein"


def test_library_case_and_insights_pass_axe(page):
    page.goto("/bibliotheek/")
    page.goto("/bibliotheek/?q=camera%27s&domein=safety")
    page.goto("/bibliotheek/inzichten/")
    page.goto("/bibliotheek/inzichten/?waarde=privacy")

    page.log_in("coordinator@politie-noordveld.test")
    page.get_by_role("link", name="Alle casussen").first.click()
    page.axe()
    page.locator("#id_q").fill("drones")
    page.get_by_role("button", name="Zoeken").click()
    page.axe()
    assert "Uw organisatie" in page.content()
    page.get_by_role("link", name=CASE).first.click()
    page.axe()
    assert page.get_by_role("heading", level=1).inner_text() == CASE

    page.get_by_role("link", name="Publicatie").first.click()
    page.axe()
    page.get_by_role("button", name="Voorbereiden voor publicatie").click()
    page.axe()
    assert "Wat staat in de weg" in page.content()
    page.get_by_role("link", name="Alle teksten van de casus tonen").click()
    page.axe()
    page.get_by_role("button", name="Keuzes opslaan").click()
    page.axe()

    page.goto("/bibliotheek/inzichten/")
    assert "Inzichten over casussen" in page.content()


def test_a_visitor_finds_and_reads_the_published_case(page):
    page.goto("/bibliotheek/")
    page.locator("#id_q").fill("bedrijventerreinen")
    page.get_by_role("button", name="Zoeken").click()
    page.axe()
    page.get_by_role("link", name=PUBLISHED).click()
    page.axe()
    assert page.get_by_role("heading", level=1).inner_text() == PUBLISHED
    assert "Gepubliceerd door Gemeente Dijkstede" in page.content()
    href = page.get_by_role("link", name="PDF").first.get_attribute("href")
    pdf = page.request.get(page.base_url + href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    page.get_by_role("link", name="Alle casussen").first.click()
    page.axe()


def test_sharing_page_passes_axe(page):
    page.log_in("coordinator@politie-noordveld.test")
    page.get_by_role("link", name="Politie Eenheid Noordveld").first.click()
    page.axe()
    page.get_by_role("link", name="Casussen", exact=True).first.click()
    page.axe()
    page.get_by_role("link", name=CASE).click()
    page.axe()
    page.get_by_role("link", name="Delen met partnerorganisaties").click()
    page.axe()
    page.get_by_role("button", name="Delen").click()  # nothing chosen: the form's error
    page.axe()
    assert "Dit veld is verplicht." in page.content()
