"""Actions: options for action that someone carries out, shared with partners."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from guidance_ethics.core.demo_session import hold_demo_session
from guidance_ethics.followup import actions
from guidance_ethics.followup.models import Action, ActionNote, ActionShare
from guidance_ethics.workshops.models import ActionOption

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(case, alice, mona):
    return hold_demo_session(moderator=alice, co_moderator=mona, case=case)


@pytest.fixture
def options(held):
    return list(ActionOption.objects.filter(workshop=held, hidden=False).order_by("pk"))


@pytest.fixture
def two(options, alice, case):
    return actions.create_actions(alice, case, options[:2])


def test_a_coordinator_turns_options_into_actions(two, options, case, held):
    first = two[0]
    assert first.title == options[0].text
    assert first.status == Action.Status.PROPOSED
    assert first.case == case and first.workshop == held and first.option == options[0]
    assert first.value_name and first.direction == options[0].direction
    assert Action.objects.count() == 2


def test_an_option_becomes_an_action_once(two, options, alice, case):
    with pytest.raises(ValidationError):
        actions.create_actions(alice, case, options[:1])
    assert Action.objects.count() == 2


def test_a_member_cannot_create_actions(options, bob, case):
    with pytest.raises(PermissionDenied):
        actions.create_actions(bob, case, options[:1])
    assert not Action.objects.exists()


def test_options_of_another_case_or_an_open_session_are_refused(
    options, alice, case, technology, mona
):
    from guidance_ethics.cases import actions as cases
    from guidance_ethics.workshops import actions as workshops
    from guidance_ethics.workshops import comoderator_actions

    other_case = cases.describe_case(
        alice,
        technology,
        title="Andere casus",
        context="c",
        decisions="d",
        domain="safety",
        phase="during",
        question="q",
    )
    with pytest.raises(ValidationError):
        actions.create_actions(alice, other_case, options[:1])
    open_workshop = workshops.plan_workshop(
        alice, case, starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona
    )
    from guidance_ethics.workshops.models import Phase

    workshops.set_phase(alice, open_workshop, Phase.OPTIONS)
    value = comoderator_actions.add_value(mona, open_workshop, catalogue_key="privacy")
    value.chosen = True
    value.save()
    option = workshops.add_option(mona, open_workshop, value=value.pk, direction="human", text="x")
    with pytest.raises(ValidationError):
        actions.create_actions(alice, case, [option])
    with pytest.raises(ValidationError):
        actions.create_actions(alice, case, [])
    assert not Action.objects.exists()


def test_a_partner_sees_and_updates_a_shared_action_and_nothing_else(
    client, two, alice, charlie, org_b, org_a
):
    shared, other = two
    actions.share_action(alice, shared, org_b)
    client.force_login(charlie)
    assert client.get(reverse("followup:action", args=[shared.pk])).status_code == 200
    assert client.get(reverse("followup:action", args=[other.pk])).status_code == 404
    assert client.get(reverse("followup:case_actions", args=[shared.case_id])).status_code == 404
    assert client.get(reverse("followup:actions", args=[org_a.slug])).status_code == 404
    # The partner's own overview lists the shared action, marked, and not the other one.
    overview = client.get(reverse("followup:actions", args=[org_b.slug])).content.decode()
    assert shared.title[:40] in overview and other.title[:40] not in overview
    assert "gedeeld door" in overview
    # Managing stays with A: the partner knows the action, so 403.
    assert client.get(reverse("followup:action_edit", args=[shared.pk])).status_code == 403
    assert client.get(reverse("followup:action_shares", args=[shared.pk])).status_code == 403
    response = client.post(
        reverse("followup:action", args=[shared.pk]),
        {"status": "in_progress", "text": "Wij pakken de training op."},
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.status == Action.Status.IN_PROGRESS
    note = ActionNote.objects.get(action=shared)
    assert note.organisation == org_b and note.status_from == "proposed"
    # A's coordinator sees the partner's update.
    client.force_login(alice)
    page = client.get(reverse("followup:action", args=[shared.pk])).content.decode()
    assert "Wij pakken de training op." in page and "Gemeente B" in page


def test_an_outsider_sees_no_action(client, two, dave):
    client.force_login(dave)
    for name in ("followup:action", "followup:action_edit", "followup:action_shares"):
        assert client.get(reverse(name, args=[two[0].pk])).status_code == 404
    response = client.post(reverse("followup:action", args=[two[0].pk]), {"text": "Hallo"})
    assert response.status_code == 404
    assert not ActionNote.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({}, "text"),
        ({"status": "proposed"}, "text"),
        ({"status": "dropped"}, "drop_reason"),
        ({"status": "finished"}, "status"),
        ({"text": "x" * 2001}, "text"),
    ],
)
def test_bad_progress_is_refused_and_changes_nothing(two, bob, values, field):
    action = two[0]
    with pytest.raises(ValidationError) as refusal:
        actions.record_progress(bob, action, **values)
    assert field in refusal.value.message_dict
    action.refresh_from_db()
    assert action.status == Action.Status.PROPOSED
    assert not ActionNote.objects.exists()


def test_dropping_needs_a_reason_and_keeps_it(two, bob):
    action = two[0]
    actions.record_progress(bob, action, status="dropped", drop_reason="Geen budget.")
    action.refresh_from_db()
    assert action.status == "dropped" and action.drop_reason == "Geen budget."


def test_the_owner_is_a_member_or_a_partner_that_then_shares_it(two, alice, bob, charlie, org_b):
    action = two[0]
    with pytest.raises(ValidationError) as refusal:
        actions.update_action(alice, action, title="Training", owner=charlie)
    assert "owner" in refusal.value.message_dict
    actions.update_action(
        alice, action, title="Training", owner_organisation=org_b, due=date(2027, 3, 1)
    )
    assert ActionShare.objects.filter(action=action, organisation=org_b).exists()
    share = ActionShare.objects.get(action=action, organisation=org_b)
    with pytest.raises(ValidationError):
        actions.stop_sharing_action(alice, share)
    with pytest.raises(PermissionDenied):
        actions.update_action(bob, action, title="Iets anders")


def test_the_overview_filters(client, two, alice, bob):
    first, second = two
    actions.update_action(alice, first, title=first.title, owner=bob, due=date(2020, 1, 1))
    actions.record_progress(alice, second, status="done", text="Klaar.")
    client.force_login(alice)
    url = reverse("followup:actions", args=[first.organisation.slug])

    def listed(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        page = response.content.decode()
        return {a.pk for a in (first, second) if a.get_absolute_url() in page}

    assert listed() == {first.pk, second.pk}
    assert listed(status="done") == {second.pk}
    assert listed(overdue="on") == {first.pk}
    assert listed(owner=bob.pk) == {first.pk}
    assert listed(direction=first.direction) >= {first.pk}
    assert listed(value=first.value_name) >= {first.pk}
    assert listed(technology=first.case.technology_id) == {first.pk, second.pk}
    assert client.get(url, {"status": "nonsense"}).status_code == 400


def test_the_calendar_lists_due_dates(client, two, alice, bob, charlie, org_b):
    first, _second = two
    actions.update_action(alice, first, title="Training geven", due=date(2027, 2, 1))
    client.force_login(bob)
    response = client.get(reverse("followup:calendar", args=[first.organisation.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:Training geven" in body and "DTSTART;VALUE=DATE:20270201" in body
    assert body.count("BEGIN:VEVENT") == 1  # the other action has no due date
    client.force_login(charlie)
    assert (
        client.get(reverse("followup:calendar", args=[first.organisation.slug])).status_code == 404
    )
    client.logout()
    assert (
        client.get(reverse("followup:calendar", args=[first.organisation.slug])).status_code == 302
    )
    from guidance_ethics.accounts.actions import create_api_token

    _token, secret = create_api_token(bob, name="Agenda")
    response = client.get(
        reverse("followup:calendar", args=[first.organisation.slug]),
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200 and "Training geven" in response.content.decode()


def test_reminders_go_once_per_due_date_to_who_carries_it_out(two, alice, bob, charlie, org_b):
    first, second = two
    today = timezone.localdate()
    actions.update_action(alice, first, title="Training", owner=bob, due=today + timedelta(days=2))
    actions.update_action(
        alice, second, title="Bordjes", owner_organisation=org_b, due=today + timedelta(days=10)
    )
    assert actions.send_reminders(3) == 1
    assert [m.to for m in mail.outbox] == [["bob@a.test"]]
    assert "Training" in mail.outbox[0].body
    assert actions.send_reminders(3) == 0  # once per due date
    assert actions.send_reminders(14) == 1
    assert mail.outbox[-1].to == ["charlie@b.test"]  # the partner's coordinators
    actions.record_progress(bob, first, status="done", text="Gedaan")
    actions.update_action(alice, first, title="Training", owner=bob, due=today)
    assert actions.send_reminders(3) == 0  # done: no reminder


@pytest.mark.parametrize("due", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_a_due_date_outside_1990_to_2100_is_refused_and_changes_nothing(client, two, alice, due):
    action = two[0]
    before = list(Action.objects.values())
    client.force_login(alice)
    response = client.post(
        reverse("followup:action_edit", args=[action.pk]), {"title": "Training", "due": due}
    )
    assert response.status_code == 400
    assert "due" in response.context["form"].errors
    with pytest.raises(ValidationError) as refused:
        actions.update_action(alice, action, title="Training", due=date.fromisoformat(due))
    assert "due" in refused.value.message_dict
    assert list(Action.objects.values()) == before


def test_action_reminders_refuse_a_window_that_overflows_the_calendar():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("action_reminders", "--days", "99999999")
    assert not mail.outbox
