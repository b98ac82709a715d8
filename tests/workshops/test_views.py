import pytest
from django.urls import reverse

from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import Participant, Phase, Workshop


def test_coordinator_plans_a_session_from_the_case(client, alice, mona, case):
    client.force_login(alice)
    response = client.post(
        reverse("workshops:workshop_create", args=[case.pk]),
        {
            "starts_at": "2026-12-01T13:30",
            "format": "hybrid",
            "moderator": mona.pk,
            "co_moderator": alice.pk,
            "values_forward": 2,
            "votes_per_participant": 5,
            "private_writing": "on",
        },
    )
    workshop = Workshop.objects.get()
    assert response.url == workshop.get_absolute_url()
    assert workshop.private_writing and workshop.values_forward == 2
    page = client.get(response.url).content.decode()
    assert workshop.join_code in page and reverse("workshops:qr", args=[workshop.pk]) in page


def test_outsiders_are_not_offered_as_moderators(client, alice, charlie, case):
    client.force_login(alice)
    page = client.get(reverse("workshops:workshop_create", args=[case.pk])).content.decode()
    assert "charlie@b.test" not in page and "Charlie" not in page


def test_qr_code_is_an_svg_of_the_join_address(client, alice, workshop):
    client.force_login(alice)
    response = client.get(reverse("workshops:qr", args=[workshop.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_join_by_form_sets_the_cookie_and_remembers_the_participant(client, workshop):
    response = client.post(reverse("workshops:join_code"), {"code": workshop.join_code.lower()})
    assert response.url == reverse("workshops:join", args=[workshop.join_code])
    response = client.post(
        response.url, {"stakeholder_group": "citizen", "consent_publication": "no"}
    )
    assert response.url == reverse("workshops:participate", args=[workshop.pk])
    participant = Participant.objects.get()
    assert participant.consent_publication is False and participant.display_name == ""
    assert client.get(response.url).status_code == 200
    # Coming back to the join link does not make a second participant.
    again = client.get(reverse("workshops:join", args=[workshop.join_code]))
    assert again.url == reverse("workshops:participate", args=[workshop.pk])
    assert Participant.objects.count() == 1


def test_join_form_errors_in_dutch(client, workshop):
    response = client.post(reverse("workshops:join", args=[workshop.join_code]), {})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Participant.objects.exists()


def test_unknown_code_is_explained(client, db):
    response = client.post(reverse("workshops:join_code"), {"code": "ZZZZZZZZ"})
    assert "Er is geen open sessie met deze code." in response.content.decode()


def test_participant_text_is_escaped_on_every_live_page(client, workshop, join, alice, mona):
    participant, token = join()
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    actions.add_effect(participant, workshop, text="<script>alert(1)</script>", polarity="negative")
    client.force_login(mona)
    for name in ("board", "console", "workspace"):
        body = client.get(reverse(f"workshops:{name}", args=[workshop.pk])).content.decode()
        assert "<script>alert(1)</script>" not in body
        # The items are drawn by live.js from the embedded state, where markup is inert.
        assert "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in body
    client.logout()
    client.cookies[f"ge_participant_{workshop.pk}"] = token
    body = client.get(reverse("workshops:participate", args=[workshop.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body


@pytest.mark.parametrize("when", ["9999-12-31T23:30", "0001-01-01T00:00", "1989-06-01T10:00"])
def test_a_session_outside_1990_to_2100_is_refused_with_a_clear_error(
    client, alice, mona, case, when
):
    client.force_login(alice)
    response = client.post(
        reverse("workshops:workshop_create", args=[case.pk]),
        {
            "starts_at": when,
            "format": "hybrid",
            "moderator": mona.pk,
            "co_moderator": alice.pk,
            "values_forward": 2,
            "votes_per_participant": 5,
        },
    )
    (error,) = response.context["form"].errors.as_data()["starts_at"]
    assert error.code == "date_range"
    assert "1990" in response.content.decode()
    assert not Workshop.objects.exists()
