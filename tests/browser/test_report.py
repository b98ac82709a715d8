"""The report in a real browser: reading, editing, finalising, reopening; axe-core on each."""

import json

import pytest

pytestmark = pytest.mark.browser


def open_report(page):
    page.get_by_role("link", name="Politie Eenheid Noordveld").first.click()
    page.axe()
    page.get_by_role("link", name="Casussen", exact=True).first.click()
    page.axe()
    page.get_by_role("link", name="Toezicht met drones op bedrijventerrein De Vaart").click()
    page.axe()
    page.locator("main").get_by_role("link").filter(has_text="202").first.click()
    page.axe()
    page.get_by_role("link", name="Verslag van deze sessie").click()
    page.axe()


def test_moderator_reads_edits_finalises_and_reopens_the_report(page):
    page.log_in("moderator@politie-noordveld.test")
    open_report(page)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Verslag: Toezicht met drones op bedrijventerrein De Vaart"
    assert page.locator("svg[role=img]").count() == 3
    assert "Versie 1, concept." in page.content()

    href = page.get_by_role("link", name="PDF").get_attribute("href")
    pdf = page.request.get(page.base_url + href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="De interne versie tonen").click()
    page.axe()
    assert "U leest de interne versie." in page.content()

    page.get_by_role("link", name="Samenvatting en vervolgstappen bewerken").click()
    page.axe()
    page.get_by_label("Samenvatting").fill("Een korte samenvatting.\n\nMet een tweede alinea.")
    page.get_by_label("Vervolgstappen").fill(
        "De projectleider pakt het op.\n\n- Borden bij de ingangen\n- Een pagina op de website"
        "\n\n1. Bewaartermijn naar 7 dagen\n2. Een klankbordgroep"
    )
    page.get_by_role("button", name="Opslaan").click()
    page.axe()
    assert "Het verslag is opgeslagen." in page.content()
    assert "Met een tweede alinea." in page.content()
    # The next steps keep their lists (issue 24, point 16 b).
    report = page.locator("article.ge-report")
    assert report.locator("ul > li", has_text="Een pagina op de website").count() == 1
    assert report.locator("ol > li", has_text="Een klankbordgroep").count() == 1

    page.get_by_role("button", name="Definitief maken").click()
    page.axe()
    assert "Het verslag is definitief." in page.content()

    page.get_by_role("button", name="Heropenen als nieuwe versie").click()
    page.axe()
    assert "Versie 2, concept." in page.content()
    page.get_by_role("link", name="Versie 1 (definitief)").click()
    page.axe()
    assert "definitief sinds" in page.content()


def test_a_coordinator_sees_every_problem_of_a_broken_file(page, tmp_path):
    page.log_in("coordinator@politie-noordveld.test")
    page.get_by_role("link", name="Politie Eenheid Noordveld").first.click()
    page.axe()
    page.get_by_role("link", name="Een casus importeren").click()
    page.axe()
    broken = tmp_path / "kapot.json"
    broken.write_text(json.dumps({"format": "guidance-ethics/exchange", "version": 2}))
    page.get_by_label("Uitwisselbestand (JSON)").set_input_files(str(broken))
    page.get_by_role("button", name="Importeren").click()
    page.axe()
    assert "Het bestand heeft 2 problemen:" in page.content()
    assert "<code>$.cases</code>: Dit veld is verplicht." in page.content()
