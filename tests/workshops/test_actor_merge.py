"""Merging a duplicate actor: its effects move to the target, every screen hears of it, and
the report names one actor."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guidance_ethics.live.models import Event
from guidance_ethics.reports import document, formats
from guidance_ethics.reports import queries as reports
from guidance_ethics.workshops import actions, comoderator_actions, queries
from guidance_ethics.workshops.models import Actor, Effect, Phase


def last_seq(workshop) -> int:
    return Event.objects.filter(workshop_id=workshop.pk).order_by("-seq").first().seq


@pytest.fixture
def duplicates(workshop, join, alice):
    participant, token = join()
    actions.set_phase(alice, workshop, Phase.ACTORS)
    one = actions.add_actor(participant, workshop, name="Winkeliers in het centrum")
    two = actions.add_actor(participant, workshop, name="winkeliers centrum")
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    effect = actions.add_effect(
        participant, workshop, text="Minder winkeldiefstal", polarity="positive", actor=two.pk
    )
    return participant, token, one, two, effect


def test_merging_an_actor_moves_its_effects_to_the_target(workshop, mona, duplicates):
    participant, _token, one, two, effect = duplicates
    seq = last_seq(workshop)

    comoderator_actions.merge_actors(mona, workshop, source=two.pk, target=one.pk)

    assert Effect.objects.get(pk=effect.pk).actor_id == one.pk
    assert Actor.objects.get(pk=two.pk).merged_into_id == one.pk
    state = queries.state(workshop, staff=False)
    by_id = {a["id"]: a for a in state["actors"]}
    assert by_id[two.pk]["merged_into"] == one.pk
    assert by_id[one.pk]["merged_into"] is None
    assert {e["id"]: e["actor"] for e in state["effects"]}[effect.pk] == one.pk
    # Every screen hears of it: the actor and the moved effect, for the public and staff.
    events = list(Event.objects.filter(workshop_id=workshop.pk, seq__gt=seq).order_by("seq"))
    assert [e.kind for e in events] == ["actor.updated", "effect.updated"]
    assert json.loads(events[0].public)["merged_into"] == one.pk
    assert json.loads(events[1].public)["actor"] == one.pk
    # A phone that still offers the duplicate adds its effect to the target.
    later = actions.add_effect(
        participant, workshop, text="Meer klanten", polarity="positive", actor=two.pk
    )
    assert later.actor_id == one.pk


def test_merging_an_actor_into_itself_or_a_merged_one_is_refused(workshop, mona, duplicates):
    _participant, _token, one, two, _effect = duplicates
    with pytest.raises(ValidationError):
        comoderator_actions.merge_actors(mona, workshop, source=one.pk, target=one.pk)
    comoderator_actions.merge_actors(mona, workshop, source=two.pk, target=one.pk)
    last = last_seq(workshop)
    with pytest.raises(ValidationError):
        comoderator_actions.merge_actors(mona, workshop, source=one.pk, target=two.pk)
    with pytest.raises(ValidationError):
        comoderator_actions.merge_actors(mona, workshop, source=999999, target=one.pk)
    assert Actor.objects.get(pk=one.pk).merged_into_id is None
    assert last_seq(workshop) == last


def test_the_api_merges_actors_for_the_co_moderator_only(client, workshop, mona, duplicates):
    _participant, token, one, two, effect = duplicates
    url = reverse("api:merges", args=[workshop.pk])
    body = json.dumps({"type": "actor", "source": two.pk, "target": one.pk})

    refused = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert refused.status_code == 403
    assert Actor.objects.get(pk=two.pk).merged_into_id is None

    client.force_login(mona)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["item"]["id"] == one.pk
    assert Effect.objects.get(pk=effect.pk).actor_id == one.pk
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 400


def test_the_report_names_a_merged_actor_once(workshop, alice, mona, duplicates):
    _participant, _token, one, two, _effect = duplicates
    comoderator_actions.merge_actors(mona, workshop, source=two.pk, target=one.pk)
    actions.close_workshop(alice, workshop)

    built = document.build(reports.latest(workshop), document.EXTERNAL, "nl")
    text = formats.render(built, "md").decode()

    assert "Winkeliers in het centrum" in text
    assert "winkeliers centrum" not in text
