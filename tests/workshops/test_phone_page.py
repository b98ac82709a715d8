"""The participant's page is a phone page (issue 24, points 5 and 6): a slim header of its
own (session, phase, connection), the language switch and the privacy statement in a small
footer, not the site's menus; the case readable in the case phase, on the board too."""

import pytest
from django.urls import reverse

from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import Phase, Workshop


@pytest.fixture
def phone(client, workshop, join):
    _participant, token = join()
    client.cookies[f"ge_participant_{workshop.pk}"] = token

    def page():
        return client.get(reverse("workshops:participate", args=[workshop.pk])).content.decode()

    return page


def test_the_phone_has_its_own_slim_header_and_footer(phone, workshop):
    page = phone()
    assert 'class="ge-phone-header"' in page and 'data-region="connection"' in page
    assert "Dronetoezicht op De Vaart" in page and 'data-region="phase"' in page
    for menu in ("Alle casussen", "Organiseer een sessie", "Inloggen"):
        assert menu not in page
    assert 'action="/i18n/setlang/"' in page or "set_language" not in page
    assert reverse("core:privacy") in page and 'name="language"' in page
    # The task of the moment comes before the lists of the board.
    assert page.index('data-phase-section="case"') < page.index("ge-board-title")


def test_the_phone_shows_the_case_in_the_case_phase(phone, workshop, alice):
    actions.set_phase(alice, workshop, Phase.CASE)
    page = phone()
    for text in (
        "Onder welke voorwaarden is dit aanvaardbaar?",
        "Drones boven bedrijventerreinen",
        "Een drone met camera vliegt",
        "Nachtelijk toezicht op een bedrijventerrein",
        "De meldkamer besluit",
        "Werking",
        "Wie besluit wat",
    ):
        assert text in page, text


def test_empty_case_fields_are_left_out(phone, workshop):
    workshop.case.decisions = ""
    workshop.case.save()
    assert "Wie besluit wat" not in phone()


def test_the_board_shows_the_case_in_the_case_phase(client, workshop, mona):
    client.force_login(mona)
    page = client.get(reverse("workshops:board", args=[workshop.pk])).content.decode()
    section = page[page.index('class="ge-panel ge-board-case"') :]
    section = section[: section.index("</section>")]
    assert 'data-phase-section="case"' in section
    for text in ("Drones boven bedrijventerreinen", "Een drone met camera", "De meldkamer"):
        assert text in section


def test_the_phone_says_who_sees_private_writing_and_has_no_silent_cut(phone, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(private_writing=True)
    page = phone()
    assert "zien alleen u, de moderator en de co-moderator" in page
    assert 'maxlength="2000"' not in page and 'data-limit="2000"' in page


def test_the_phone_says_the_dots_are_shown_when_the_vote_closes(phone, workshop):
    page = phone()
    assert "de stippen van anderen ziet u als de stemming is gesloten" in page


def test_hiding_the_dots_is_a_setting_of_the_session_form(client, alice, mona, case):
    client.force_login(alice)
    form = client.get(reverse("workshops:workshop_create", args=[case.pk])).content.decode()
    assert 'name="dots_hidden"' in form
    client.post(
        reverse("workshops:workshop_create", args=[case.pk]),
        {
            "starts_at": "2026-12-01T13:30",
            "format": "hybrid",
            "moderator": mona.pk,
            "co_moderator": alice.pk,
            "values_forward": 2,
            "votes_per_participant": 5,
        },
    )
    assert Workshop.objects.get().dots_hidden is False  # an unticked box


def test_the_session_page_says_whether_the_dots_are_hidden(client, workshop, alice):
    client.force_login(alice)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "verborgen tot de stemming sluit" in page
    Workshop.objects.filter(pk=workshop.pk).update(dots_hidden=False)
    assert "meteen zichtbaar" in client.get(workshop.get_absolute_url()).content.decode()
