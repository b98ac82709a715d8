"""A closed session is read-only: every moderation action answers 409 and changes nothing.

Only the closing evaluation stays open to participants (docs/decisions.md)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.live.models import Event
from guidance_ethics.suggestions.models import Rejection
from guidance_ethics.workshops import actions, comoderator_actions, retention
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    EffectValue,
    Evaluation,
    Participant,
    Phase,
    Question,
    Vote,
    Workshop,
    WorkshopValue,
)

MODELS = (
    Workshop,
    WorkshopValue,
    Effect,
    EffectValue,
    Vote,
    Question,
    Actor,
    ActionOption,
    Evaluation,
    Participant,
    Event,
    AuditEntry,
    Rejection,
)


def state():
    """Every row a session's writes may touch, as plain data."""
    return {
        model.__name__: sorted(
            (model_to_dict(row) for row in model.objects.all()), key=lambda r: r["id"]
        )
        for model in MODELS
    }


@pytest.fixture
def closed(workshop, alice, mona, join, case):
    """A session run to its end: values chosen, an option, then closed."""
    participant, token = join()
    private = actions.plan_workshop(
        alice,
        case,
        starts_at=timezone.now(),
        format="online",
        moderator=alice,
        co_moderator=mona,
        private_writing=True,
    )
    actions.set_phase(alice, workshop, Phase.ACTORS)
    actor = actions.add_actor(participant, workshop, name="Omwonenden")
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    effect = actions.add_effect(participant, workshop, text="Camera", polarity="negative")
    other = actions.add_effect(participant, workshop, text="Camera's", polarity="negative")
    value = comoderator_actions.add_value(mona, workshop, catalogue_key="privacy")
    spare = comoderator_actions.add_value(mona, workshop, name="Reserve")
    comoderator_actions.link_effect_to_value(mona, workshop, effect=effect.pk, value=value.pk)
    actions.set_phase(alice, workshop, Phase.TRANSITION)
    actions.cast_votes(participant, workshop, {value.pk: 2, spare.pk: 1})
    actions.set_phase(alice, workshop, Phase.OPTIONS)  # the vote closes; both are chosen
    option = actions.add_option(
        participant, workshop, value=value.pk, direction="human", text="Training"
    )
    actions.set_timer(alice, workshop, action="set", seconds=300)
    actions.set_timer(alice, workshop, action="start")
    actions.close_workshop(alice, workshop)
    workshop.refresh_from_db()
    assert workshop.is_closed
    assert set(WorkshopValue.objects.filter(chosen=True)) == {value, spare}
    return {
        "workshop": workshop,
        "private": private,
        "participant": participant,
        "token": token,
        "actor": actor,
        "effect": effect,
        "other": other,
        "value": value,
        "spare": spare,
        "option": option,
    }


def moderation_calls(w):
    """(name, call) for every moderation action, with input that is valid but for the close."""
    a, ws = w["value"].pk, w["workshop"]
    e, o = w["effect"].pk, w["other"].pk
    return [
        ("set_phase", lambda by: actions.set_phase(by, ws, Phase.EFFECTS)),
        ("step_phase", lambda by: actions.step_phase(by, ws, -1)),
        ("lock", lambda by: actions.set_input_lock(by, ws, True)),
        ("spotlight", lambda by: actions.set_spotlight(by, ws, f"effect:{e}")),
        ("spotlight_off", lambda by: actions.set_spotlight(by, ws, "")),
        ("show_previous", lambda by: actions.show_previous(by, ws, True)),
        ("timer_set", lambda by: actions.set_timer(by, ws, action="set", seconds=60)),
        ("timer_start", lambda by: actions.set_timer(by, ws, action="start")),
        ("timer_pause", lambda by: actions.set_timer(by, ws, action="pause")),
        ("timer_add", lambda by: actions.set_timer(by, ws, action="add", seconds=60)),
        ("reveal", lambda by: actions.reveal_effects(by, ws)),
        ("hide", lambda by: actions.set_hidden(by, ws, kind="effect", item_id=e, hidden=True)),
        ("close_vote", lambda by: actions.close_vote(by, ws)),
        ("close", lambda by: actions.close_workshop(by, ws)),
        ("add_value", lambda by: comoderator_actions.add_value(by, ws, catalogue_key="trust")),
        ("new_value", lambda by: comoderator_actions.add_value(by, ws, name="Nieuw")),
        ("rename_value", lambda by: comoderator_actions.rename_value(by, ws, a, name="Privé")),
        ("link", lambda by: comoderator_actions.link_effect_to_value(by, ws, effect=o, value=a)),
        (
            "unlink",
            lambda by: comoderator_actions.link_effect_to_value(
                by, ws, effect=e, value=a, linked=0
            ),
        ),
        ("merge_effects", lambda by: comoderator_actions.merge_effects(by, ws, source=o, target=e)),
        (
            "merge_values",
            lambda by: comoderator_actions.merge_values(by, ws, source=w["spare"].pk, target=a),
        ),
        ("question", lambda by: actions.add_question(by, ws, text="Nog een vraag")),
        ("actor", lambda by: actions.add_actor(by, ws, name="Ondernemers")),
        ("effect", lambda by: actions.add_effect(by, ws, text="Veiliger", polarity="positive")),
        ("option", lambda by: actions.add_option(by, ws, value=a, direction="human", text="X")),
    ]


def test_every_moderation_action_on_a_closed_session_is_refused_and_changes_nothing(closed, alice):
    workshop = closed["workshop"]
    # show_previous needs an earlier session
    Workshop.objects.filter(pk=workshop.pk).update(previous=closed["private"])
    workshop.refresh_from_db()
    before = state()
    for name, call in moderation_calls(closed):
        with pytest.raises(ValidationError) as refusal:
            call(alice)
        assert refusal.value.code == "closed", name
        assert state() == before, f"{name} changed a closed session"


def test_a_closed_session_keeps_its_chosen_values_after_the_purge(closed, alice):
    workshop = closed["workshop"]
    retention.purge(workshop, now=timezone.now() + timezone.timedelta(days=400))
    before = state()
    with pytest.raises(ValidationError) as refusal:
        actions.close_vote(alice, workshop)
    assert refusal.value.code == "closed"
    assert state() == before
    assert WorkshopValue.objects.filter(workshop=workshop, chosen=True).count() == 2


def _api_bodies(w):
    a, e, o = w["value"].pk, w["effect"].pk, w["other"].pk
    return [
        ("api:phase", {}, {"step": -1}),
        ("api:phase", {}, {"phase": "effects"}),
        ("api:timer", {}, {"action": "set", "seconds": 60}),
        ("api:timer", {}, {"action": "start"}),
        ("api:timer", {}, {"action": "pause"}),
        ("api:timer", {}, {"action": "add", "seconds": 60}),
        ("api:values", {}, {"catalogue_key": "trust"}),
        ("api:values", {}, {"name": "Nieuw"}),
        ("api:values", {}, {"id": a, "name": "Privé"}),
        ("api:effect_values", {"effect_id": o}, {"value": a}),
        ("api:effect_values", {"effect_id": e}, {"value": a, "linked": False}),
        ("api:merges", {}, {"type": "effect", "source": o, "target": e}),
        ("api:merges", {}, {"type": "value", "source": w["spare"].pk, "target": a}),
        ("api:suggestion_rejections", {}, {"effect": e, "values": ["privacy"]}),
        ("api:questions", {}, {"text": "Nog een vraag"}),
        ("api:actors", {}, {"name": "Ondernemers"}),
        ("api:effects", {}, {"text": "Veiliger", "polarity": "positive"}),
        ("api:options", {}, {"value": a, "direction": "human", "text": "X"}),
        *(
            ("api:moderation", {}, body)
            for body in (
                {"action": "hide", "type": "effect", "id": e},
                {"action": "show", "type": "effect", "id": e},
                {"action": "lock"},
                {"action": "unlock"},
                {"action": "reveal"},
                {"action": "spotlight", "item": f"effect:{e}"},
                {"action": "spotlight", "item": ""},
                {"action": "show_previous"},
                {"action": "hide_previous"},
                {"action": "close_vote"},
                {"action": "close"},
            )
        ),
    ]


@pytest.mark.parametrize("purged", [False, True], ids=["closed", "purged"])
def test_every_api_write_on_a_closed_session_answers_409_and_changes_nothing(
    client, closed, alice, purged
):
    workshop = closed["workshop"]
    Workshop.objects.filter(pk=workshop.pk).update(previous=closed["private"])
    if purged:
        retention.purge(workshop, now=timezone.now() + timezone.timedelta(days=400))
    client.force_login(alice)
    before = state()
    for name, kwargs, body in _api_bodies(closed):
        url = reverse(name, kwargs={"workshop_id": workshop.pk, **kwargs})
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 409, (name, body, response.content[:300])
        assert response.json()["code"] == "closed", (name, body)
        assert state() == before, f"{name} {body} changed a closed session"


def test_participants_may_still_evaluate_a_closed_session_once(client, closed):
    workshop, token = closed["workshop"], closed["token"]
    url = reverse("api:evaluations", kwargs={"workshop_id": workshop.pk})
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    votes = reverse("api:votes", kwargs={"workshop_id": workshop.pk})
    body = json.dumps({"votes": {str(closed["value"].pk): 1}})
    assert client.post(votes, body, content_type="application/json", **auth).status_code == 409
    body = json.dumps({"changed_view": "yes"})
    assert client.post(url, body, content_type="application/json", **auth).status_code == 201
    assert client.post(url, body, content_type="application/json", **auth).status_code == 400
