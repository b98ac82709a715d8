"""Every API operation × every kind of caller: allowed or refused, and refusals change nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance_ethics.live.models import Event
from guidance_ethics.workshops import actions, comoderator_actions
from guidance_ethics.workshops.models import Phase, Workshop

CALLERS = ["anonymous", "charlie", "bob", "alice", "mona", "participant", "stranger"]
NOBODY = dict.fromkeys(CALLERS, 404)
READ = {**NOBODY, "alice": 200, "mona": 200, "participant": 200}
CONTRIBUTE = {**NOBODY, "alice": 201, "mona": 201, "participant": 201}
PARTICIPANT_ONLY = {**NOBODY, "alice": 403, "mona": 403, "participant": 201}
STAFF = {**NOBODY, "alice": 201, "mona": 201, "participant": 403}
# A participant's own item: only its author; the moderators may not change it.
AUTHOR = {**NOBODY, "alice": 403, "mona": 403, "participant": 200}


def _value(world):
    return world["value"].pk


# name: (method, phase to be in, body from the world, expected status per caller)
API_ACCESS = {
    "api:openapi": ("GET", None, None, dict.fromkeys(CALLERS, 200)),
    # Open data: everyone may list (what each caller gets is tested in tests/library); a
    # bearer token that is not a personal API token (a participant's) is refused.
    "api:cases": (
        "GET",
        None,
        None,
        {**dict.fromkeys(CALLERS, 200), "participant": 401, "stranger": 401},
    ),
    "api:join": (
        "POST",
        None,
        lambda w: {
            "code": w["workshop"].join_code,
            "stakeholder_group": "citizen",
            "consent_publication": True,
        },
        dict.fromkeys(CALLERS, 201),
    ),
    "api:workshop": ("GET", None, None, READ),
    "api:events": ("GET", None, None, READ),
    "api:presence": ("GET", None, None, {**NOBODY, "alice": 200, "mona": 200, "participant": 403}),
    "api:questions": (
        "POST",
        Phase.CASE,
        lambda w: {"text": "Hoe lang blijven beelden?"},
        CONTRIBUTE,
    ),
    "api:actors": ("POST", Phase.ACTORS, lambda w: {"name": "Omwonenden"}, CONTRIBUTE),
    "api:effects": (
        "POST",
        Phase.EFFECTS,
        lambda w: {"text": "Minder inbraken", "polarity": "positive"},
        CONTRIBUTE,
    ),
    "api:votes": (
        "POST",
        Phase.TRANSITION,
        lambda w: {"votes": {str(_value(w)): 1}},
        PARTICIPANT_ONLY,
    ),
    "api:options": (
        "POST",
        Phase.OPTIONS,
        lambda w: {"value": _value(w), "direction": "human", "text": "Training"},
        CONTRIBUTE,
    ),
    "api:evaluations": ("POST", Phase.CLOSING, lambda w: {"changed_view": "yes"}, PARTICIPANT_ONLY),
    "api:phase": ("POST", None, lambda w: {"step": 1}, STAFF),
    "api:timer": ("POST", None, lambda w: {"action": "set", "seconds": 300}, STAFF),
    "api:values": ("POST", None, lambda w: {"catalogue_key": "trust"}, STAFF),
    "api:effect_values": ("POST", None, lambda w: {"value": _value(w)}, STAFF),
    "api:merges": (
        "POST",
        None,
        lambda w: {"type": "value", "source": w["spare"].pk, "target": _value(w)},
        STAFF,
    ),
    "api:moderation": ("POST", None, lambda w: {"action": "lock"}, STAFF),
    "api:own_edit": ("POST", Phase.EFFECTS, lambda w: {"text": "Minder inbraken"}, AUTHOR),
    "api:own_withdrawal": ("POST", Phase.EFFECTS, lambda w: {}, AUTHOR),
    # Suggestions for any text: for everyone, like the open data (a participant's bearer
    # token is not a personal API token).
    "api:value_suggestions": (
        "POST",
        None,
        lambda w: {"text": "Iedereen wordt gefilmd"},
        {**dict.fromkeys(CALLERS, 200), "participant": 401, "stranger": 401},
    ),
    "api:suggestions": (
        "GET",
        None,
        lambda w: {"effects": str(w["effect"].pk)},
        {**NOBODY, "alice": 200, "mona": 200, "participant": 403},
    ),
    "api:suggestion_rejections": (
        "POST",
        None,
        lambda w: {"effect": w["effect"].pk, "values": ["privacy"]},
        STAFF,
    ),
}


@pytest.fixture
def world(workshop, alice, mona, bob, charlie, join, case):
    participant, token = join()
    other = actions.plan_workshop(
        alice, case, starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona
    )
    _stranger, stranger_token = actions.join_workshop(
        other.join_code, stakeholder_group="other", consent_publication=False
    )
    value = comoderator_actions.add_value(mona, workshop, catalogue_key="privacy")
    spare = comoderator_actions.add_value(mona, workshop, name="Reserve")
    actions.set_phase(alice, workshop, Phase.TRANSITION)
    actions.cast_votes(participant, workshop, {value.pk: 1})
    actions.set_phase(alice, workshop, Phase.OPTIONS)  # privacy is chosen
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    effect = actions.add_effect(participant, workshop, text="Camera", polarity="negative")
    return {
        "workshop": workshop,
        "value": value,
        "spare": spare,
        "effect": effect,
        "people": {"alice": alice, "mona": mona, "bob": bob, "charlie": charlie},
        "tokens": {"participant": token, "stranger": stranger_token},
    }


def state_of(workshop):
    return Workshop.objects.get(pk=workshop.pk).last_seq, Event.objects.count()


@pytest.mark.parametrize(("name", "caller"), [(n, c) for n in API_ACCESS for c in CALLERS])
def test_api_access(client, api, world, name, caller):
    method, phase, body_of, expected = API_ACCESS[name]
    workshop = world["workshop"]
    if phase is not None:
        actions.set_phase(world["people"]["alice"], workshop, phase)
    unscoped = ("api:openapi", "api:join", "api:cases", "api:value_suggestions")
    kwargs = {} if name in unscoped else {"workshop_id": workshop.pk}
    if name == "api:effect_values":
        kwargs["effect_id"] = world["effect"].pk
    if name in ("api:own_edit", "api:own_withdrawal"):
        kwargs |= {"kind": "effect", "item_id": world["effect"].pk}
    url = reverse(name, kwargs=kwargs)
    if caller in world["people"]:
        client.force_login(world["people"][caller])
    token = world["tokens"].get(caller)
    before = state_of(workshop)
    if method == "GET":
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        response = client.get(url, body_of(world) if body_of else None, **extra)
    else:
        response = api(url, body_of(world), token=token)
    assert response.status_code == expected[caller], (name, caller, response.content[:300])
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert state_of(workshop) == before, f"{name} as {caller} changed the session"
    if method == "POST":
        # The other method is refused before anything is looked up.
        assert client.get(url).status_code in (405, 200 if name == "api:join" else 405)


def test_participant_cannot_see_hidden_items_through_the_api(client, world, api):
    workshop = world["workshop"]
    actions.set_hidden(
        world["people"]["alice"], workshop, kind="effect", item_id=world["effect"].pk, hidden=True
    )
    token = world["tokens"]["participant"]
    state = client.get(
        reverse("api:workshop", args=[workshop.pk]), HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert state["effects"] == []
    client.force_login(world["people"]["mona"])
    staff_state = client.get(reverse("api:workshop", args=[workshop.pk])).json()
    assert staff_state["effects"][0]["hidden"] is True
