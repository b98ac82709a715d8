"""The account security pages in a real browser, with axe-core on each: setting up two-step
verification, the code at the next login, the sessions list with "log out everywhere else",
confirming the password before a change, and an organisation requiring two-step
verification of its members."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AUTHENTICATOR

pytestmark = pytest.mark.browser

MEMBER = "lid@politie-noordveld.test"
ADMIN = "admin@politie-noordveld.test"


def test_a_member_sets_up_two_step_verification_and_ends_other_sessions(make_page):
    phone = make_page(viewport={"width": 390, "height": 844})
    phone.log_in(MEMBER)  # a second browser, to be logged out from the first
    desk = make_page(viewport={"width": 1280, "height": 900})
    desk.log_in(MEMBER)

    desk.get_by_role("link", name="Beveiliging").click()
    desk.axe()
    expect(desk.locator("[data-region='two-factor-status']")).to_contain_text("staat uit")
    desk.get_by_role("link", name="Tweestapsverificatie instellen").click()
    desk.axe()
    key = desk.locator("[data-region='totp-key']").inner_text()
    AUTHENTICATOR.add(MEMBER, key)
    desk.get_by_label("Verificatiecode").fill("000000")
    desk.get_by_role("button", name="Aanzetten").click()
    desk.axe()
    expect(desk.locator(".utrecht-form-field-error-message, [role='alert']").first).to_be_visible()
    desk.wait_for_timeout(1200)  # after a wrong code, the next is taken after a second
    desk.get_by_label("Verificatiecode").fill(AUTHENTICATOR.code(MEMBER))
    desk.get_by_role("button", name="Aanzetten").click()
    desk.axe()
    expect(desk.locator("[data-region='recovery-codes'] li")).to_have_count(10)
    desk.get_by_role("link", name="Doorgaan").click()
    desk.axe()
    expect(desk.locator("[data-region='two-factor-status']")).to_contain_text("staat aan")

    desk.get_by_role("link", name="Waar u bent ingelogd").click()
    desk.axe()
    rows = desk.locator("[data-region='login-sessions'] tbody tr")
    # This test's two browsers, and any an earlier test left logged in.
    assert rows.count() >= 2
    desk.get_by_role("button", name="Overal elders uitloggen").click()
    desk.axe()
    expect(rows).to_have_count(1)
    phone.goto("/overzicht/", status=200)  # sent to the login page
    assert re.search(r"/inloggen/", phone.url)

    # The next login asks for the code (log_in enters it).
    desk.get_by_role("button", name="Uitloggen", exact=True).click()
    desk.axe()
    desk.log_in(MEMBER)


def test_confirming_the_password_before_a_change(make_page):
    page = make_page(viewport={"width": 1280, "height": 900})
    page.log_in("coordinator@dijkstede.test")
    page.goto("/bevestigen/?next=/wachtwoord/wijzigen/")
    page.get_by_label("Wachtwoord").fill("niet het wachtwoord")
    page.get_by_role("button", name="Bevestigen").click()
    page.axe()
    expect(page.locator("[role='alert']").first).to_be_visible()


def test_an_organisation_administrator_sets_the_requirement(make_page):
    admin = make_page(viewport={"width": 1280, "height": 900})
    admin.log_in(ADMIN)
    admin.goto("/organisaties/politie-noordveld/leden/")
    box = admin.get_by_label("Elk lid moet tweestapsverificatie gebruiken")
    box.check()
    admin.get_by_role("button", name="Opslaan").last.click()
    admin.axe()
    expect(admin.locator("main")).to_contain_text("nu verplicht voor elk lid")
    # The administrator is a member too: from their next request on they set it up first,
    # like every member already logged in.
    assert re.search(r"/tweestapsverificatie/instellen/", admin.url), admin.url
    AUTHENTICATOR.add(ADMIN, admin.locator("[data-region='totp-key']").inner_text())
    admin.get_by_label("Verificatiecode").fill(AUTHENTICATOR.code(ADMIN))
    admin.get_by_role("button", name="Aanzetten").click()
    admin.axe()
    expect(admin.locator("[data-region='recovery-codes'] li")).to_have_count(10)
    # Back as it was: the other browser tests log in as members of this organisation.
    admin.goto("/organisaties/politie-noordveld/leden/")
    admin.get_by_label("Elk lid moet tweestapsverificatie gebruiken").uncheck()
    admin.get_by_role("button", name="Opslaan").last.click()
    admin.axe()
    expect(admin.locator("main")).to_contain_text("de keuze van elk lid")
