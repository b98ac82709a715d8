"""A follow-up session: the case copied, the earlier outcome on the board in the case phase."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guidance_ethics.cases.models import Case
from guidance_ethics.followup import actions
from guidance_ethics.workshops import actions as workshops
from guidance_ethics.workshops.models import ActionOption, Phase, Workshop

pytestmark = pytest.mark.django_db

PLAN = {
    "case-title": "Dronetoezicht op De Vaart, een jaar later",
    "case-context": "De drone vliegt nu een jaar.",
    "case-decisions": "De meldkamer besluit.",
    "case-domain": "safety",
    "case-phase": "during",
    "case-question": "Wat is er veranderd?",
    "workshop-starts_at": "2027-05-11T09:30",
    "workshop-format": "online",
    "workshop-values_forward": 3,
    "workshop-votes_per_participant": 3,
}


@pytest.fixture
def followup(client, held, case, alice, mona):
    option = ActionOption.objects.filter(workshop=held, hidden=False).order_by("pk").first()
    made = actions.create_actions(alice, case, [option])[0]
    actions.record_progress(alice, made, status="done", text="Gedaan.")
    client.force_login(alice)
    page = client.get(reverse("followup:plan_followup", args=[case.pk]))
    assert page.status_code == 200
    assert page.context["case_form"].initial["phase"] == "during"  # the next phase
    response = client.post(
        reverse("followup:plan_followup", args=[case.pk]),
        {**PLAN, "workshop-moderator": alice.pk, "workshop-co_moderator": mona.pk},
    )
    assert response.status_code == 302
    return Workshop.objects.exclude(pk=held.pk).get(), option, made


def test_planning_a_follow_up_copies_the_case_and_links_the_earlier_session(followup, held, case):
    workshop, _option, _made = followup
    assert workshop.previous == held
    assert workshop.case != case
    assert workshop.case.technology == case.technology
    assert workshop.case.phase == "during"
    assert Case.objects.get(pk=case.pk).title == case.title  # the original stays


def test_the_board_shows_the_earlier_outcome_when_the_moderator_asks(client, followup, alice):
    workshop, option, _made = followup
    board = reverse("workshops:board", args=[workshop.pk])
    page = client.get(board).content.decode()
    assert 'data-region="previous"' in page and option.text in page
    assert "gedaan" in page  # what became of the option
    start = page.index('class="ge-panel ge-previous"')
    assert " hidden" in page[start : page.index(">", start)]  # until the moderator shows it
    state = client.get(reverse("api:workshop", args=[workshop.pk])).json()
    assert state["status"]["previous_shown"] is False
    moderation = reverse("api:moderation", args=[workshop.pk])
    response = client.post(
        moderation, json.dumps({"action": "show_previous"}), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["item"]["previous_shown"] is True
    workshops.set_phase(alice, workshop, Phase.CASE)
    page = client.get(board).content.decode()
    start = page.index('class="ge-panel ge-previous"')
    assert " hidden" not in page[start : page.index(">", start)]
    client.post(
        moderation, json.dumps({"action": "hide_previous"}), content_type="application/json"
    )
    page = client.get(board).content.decode()
    start = page.index('class="ge-panel ge-previous"')
    assert " hidden" in page[start : page.index(">", start)]


def test_a_session_without_an_earlier_one_has_nothing_to_show(client, held, alice):
    client.force_login(alice)
    response = client.post(
        reverse("api:moderation", args=[held.pk]),
        json.dumps({"action": "show_previous"}),
        content_type="application/json",
    )
    assert response.status_code in (400, 409)
    assert (
        'data-region="previous"'
        not in client.get(reverse("workshops:board", args=[held.pk])).content.decode()
    )


def test_the_earlier_session_must_be_closed_and_about_the_same_technology(
    held, case, alice, mona, technology
):
    from guidance_ethics.cases import actions as cases

    other_technology = cases.register_technology(
        alice, case.organisation, name="Camera's", kind="camera", description="Vast."
    )
    other_case = cases.describe_case(
        alice,
        other_technology,
        title="Camera's",
        context="c",
        decisions="d",
        domain="safety",
        phase="before",
        question="q",
    )
    plan = dict(starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona)
    with pytest.raises(ValidationError):
        workshops.plan_workshop(alice, other_case, previous=held, **plan)
    open_one = workshops.plan_workshop(alice, case, **plan)
    with pytest.raises(ValidationError):
        workshops.plan_workshop(alice, case, previous=open_one, **plan)


def test_only_coordinators_plan_a_follow_up(client, held, case, bob, charlie):
    url = reverse("followup:plan_followup", args=[case.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    assert client.post(url, PLAN).status_code == 404
    assert Workshop.objects.count() == 1
