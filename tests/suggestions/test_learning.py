"""Suggestions in the platform: they learn from links, rejections and published cases, each
organisation from its own, and reach the workspace and integrations through the API."""

import json
import threading

import pytest
from django.urls import reverse

from guidance_ethics.library.models import Publication
from guidance_ethics.suggestions.models import Rejection
from guidance_ethics.workshops import actions, comoderator_actions
from guidance_ethics.workshops.models import Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def effects_phase(workshop, alice):
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    return workshop


def suggested(client, workshop, *effects):
    ids = ",".join(str(e.pk) for e in effects)
    response = client.get(reverse("api:suggestions", args=[workshop.pk]), {"effects": ids})
    assert response.status_code == 200, response.content
    return response.json()["effects"]


def keys(item):
    return [v["key"] for v in item["values"]]


def link(mona, workshop, effect, key):
    value = comoderator_actions.add_value(mona, workshop, catalogue_key=key)
    comoderator_actions.link_effect_to_value(mona, workshop, effect=effect.pk, value=value.pk)


def test_a_confirmed_link_changes_the_suggestions_for_a_similar_effect(
    client, effects_phase, mona, alice
):
    workshop = effects_phase
    client.force_login(mona)
    first = actions.add_effect(
        mona, workshop, text="De bakker verliest klandizie", polarity="negative"
    )
    assert "entrepreneurship" not in keys(suggested(client, workshop, first)[str(first.pk)])

    link(mona, workshop, first, "entrepreneurship")
    later = actions.add_effect(
        mona, workshop, text="Minder klandizie voor de slager", polarity="negative"
    )
    item = suggested(client, workshop, later)[str(later.pk)]
    assert keys(item)[0] == "entrepreneurship"
    assert "klandizie" in item["values"][0]["reason"]
    # The linked value is not suggested again for the effect it is linked to.
    assert "entrepreneurship" not in keys(suggested(client, workshop, first)[str(first.pk)])


def test_what_one_organisation_learns_stays_with_it(client, effects_phase, mona, charlie, org_b):
    workshop = effects_phase
    effect = actions.add_effect(
        mona, workshop, text="De bakker verliest klandizie", polarity="negative"
    )
    link(mona, workshop, effect, "entrepreneurship")
    url = reverse("api:value_suggestions")
    body = json.dumps({"text": "Minder klandizie voor de slager"})
    client.force_login(mona)
    mine = client.post(url, body, content_type="application/json").json()["values"]
    assert mine[0]["key"] == "entrepreneurship"
    client.force_login(charlie)
    theirs = client.post(url, body, content_type="application/json").json()["values"]
    assert "entrepreneurship" not in [v["key"] for v in theirs]
    client.logout()
    anonymous = client.post(url, body, content_type="application/json").json()["values"]
    assert "entrepreneurship" not in [v["key"] for v in anonymous]


def test_links_in_published_cases_teach_every_organisation(client, case, org_a):
    url = reverse("api:value_suggestions")
    body = json.dumps({"text": "Minder klandizie voor de slager", "lang": "nl"})
    assert "entrepreneurship" not in [
        v["key"] for v in client.post(url, body, content_type="application/json").json()["values"]
    ]
    Publication.objects.create(
        case=case,
        organisation=org_a,
        status=Publication.Status.PUBLISHED,
        document={
            "workshops": [
                {
                    "values": [
                        {"ref": "v1", "name": "ondernemerschap", "catalogue": "entrepreneurship"}
                    ],
                    "effects": [
                        {
                            "ref": "e1",
                            "text": "De bakker verliest klandizie",
                            "polarity": "negative",
                            "values": ["v1"],
                        }
                    ],
                }
            ]
        },
    )
    values = client.post(url, body, content_type="application/json").json()["values"]
    assert values[0]["key"] == "entrepreneurship"
    assert values[0]["name_nl"] == "ondernemerschap"
    assert values[0]["name_en"] == "entrepreneurship"
    assert isinstance(values[0]["score"], float)


def test_a_rejected_suggestion_is_not_suggested_again_and_is_learnt(
    client, api, effects_phase, mona
):
    workshop = effects_phase
    client.force_login(mona)
    effect = actions.add_effect(mona, workshop, text="Iedereen wordt gefilmd", polarity="negative")
    before = keys(suggested(client, workshop, effect)[str(effect.pk)])
    assert before[0] == "privacy"
    url = reverse("api:suggestion_rejections", args=[workshop.pk])
    response = api(url, {"effect": effect.pk, "values": ["privacy"]})
    assert response.status_code == 201
    assert response.json()["item"] == {"effect": effect.pk, "rejected": ["privacy"]}
    assert "privacy" not in keys(suggested(client, workshop, effect)[str(effect.pk)])
    assert Rejection.objects.filter(effect=effect, value__key="privacy").count() == 1
    # Twice is once.
    assert api(url, {"effect": effect.pk, "values": ["privacy"]}).status_code == 201
    assert Rejection.objects.count() == 1


def test_a_rejection_can_be_taken_back_and_the_value_is_suggested_again(
    client, api, effects_phase, mona
):
    workshop = effects_phase
    client.force_login(mona)
    effect = actions.add_effect(mona, workshop, text="Iedereen wordt gefilmd", polarity="negative")
    url = reverse("api:suggestion_rejections", args=[workshop.pk])
    assert api(url, {"effect": effect.pk, "values": ["privacy"]}).status_code == 201
    assert "privacy" not in keys(suggested(client, workshop, effect)[str(effect.pk)])

    response = api(url, {"effect": effect.pk, "values": ["privacy"], "undo": True})

    assert response.status_code == 201
    assert response.json()["item"] == {"effect": effect.pk, "restored": ["privacy"]}
    assert Rejection.objects.count() == 0
    assert keys(suggested(client, workshop, effect)[str(effect.pk)])[0] == "privacy"
    # Nothing left to take back: nothing restored, nothing changed.
    again = api(url, {"effect": effect.pk, "values": ["privacy"], "undo": True})
    assert again.json()["item"] == {"effect": effect.pk, "restored": []}
    assert api(url, {"effect": effect.pk, "values": ["privacy"], "undo": "ja"}).status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"effect": 0, "values": ["privacy"]},
        {"effect": "1", "values": ["privacy"]},
        {"effect": None, "values": []},
        {"values": ["privacy"]},
        {"effect": "own", "values": "privacy"},
        {"effect": "own", "values": ["no-such-value"]},
        {"effect": "own", "values": [1]},
        {"effect": "own", "values": ["privacy"] * 11},
        {"effect": "own", "values": ["privacy"], "extra": True},
        {"effect": "other", "values": ["privacy"]},
    ],
)
def test_a_bad_rejection_is_refused_and_changes_nothing(
    client, api, effects_phase, mona, alice, case, body
):
    from django.utils import timezone

    workshop = effects_phase
    other = actions.plan_workshop(
        alice, case, starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona
    )
    actions.set_phase(alice, other, Phase.EFFECTS)
    own = actions.add_effect(mona, workshop, text="Iedereen wordt gefilmd", polarity="negative")
    foreign = actions.add_effect(mona, other, text="Camera's", polarity="negative")
    body = {
        k: {"own": own.pk, "other": foreign.pk}.get(v, v) if k == "effect" else v
        for k, v in body.items()
    }
    client.force_login(mona)
    response = api(reverse("api:suggestion_rejections", args=[workshop.pk]), body)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert Rejection.objects.count() == 0


def test_possible_duplicates_are_named_with_the_same_polarity_only(client, effects_phase, mona):
    workshop = effects_phase
    client.force_login(mona)
    one = actions.add_effect(
        mona, workshop, text="Ik voel me gevolgd door de camera's", polarity="negative"
    )
    two = actions.add_effect(
        mona, workshop, text="Ik voel me gevolgd door camera", polarity="negative"
    )
    actions.add_effect(
        mona, workshop, text="Ik voel me gevolgd door de camera's", polarity="positive"
    )
    hidden = actions.add_effect(
        mona, workshop, text="Gevolgd door de camera's, voel ik me", polarity="negative"
    )
    actions.set_hidden(mona, workshop, kind="effect", item_id=hidden.pk, hidden=True)
    actions.add_effect(mona, workshop, text="Minder inbraken op het terrein", polarity="negative")
    found = suggested(client, workshop, one)[str(one.pk)]["duplicates"]
    assert [d["id"] for d in found] == [two.pk]
    assert found[0]["text"] == "Ik voel me gevolgd door camera"
    assert 0.6 <= found[0]["similarity"] <= 1


@pytest.mark.parametrize("effects", ["", "a", "1,,2", "-1", ",".join(["1"] * 201)])
def test_the_workshop_suggestions_refuse_a_bad_list(client, effects_phase, mona, effects):
    client.force_login(mona)
    response = client.get(reverse("api:suggestions", args=[effects_phase.pk]), {"effects": effects})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_effects_of_another_workshop_get_nothing(client, effects_phase, mona, alice, case):
    from django.utils import timezone

    other = actions.plan_workshop(
        alice, case, starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona
    )
    actions.set_phase(alice, other, Phase.EFFECTS)
    foreign = actions.add_effect(mona, other, text="Iedereen wordt gefilmd", polarity="negative")
    client.force_login(mona)
    assert suggested(client, effects_phase, foreign) == {}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": 12}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "Camera's", "polarity": "neutral"}, "polarity"),
        ({"text": "Camera's", "lang": "de"}, "lang"),
        ({"text": "Camera's", "organisation": 1}, "organisation"),
    ],
)
def test_the_value_suggestions_endpoint_refuses_bad_input(client, db, body, field):
    response = client.post(
        reverse("api:value_suggestions"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in [p["name"] for p in response.json()["invalid-params"]]


def test_the_value_suggestions_endpoint_answers_in_both_languages(client, db):
    url = reverse("api:value_suggestions")
    body = {"text": "Iedereen wordt gefilmd op straat", "polarity": "negative"}
    nl = client.post(url, json.dumps(body), content_type="application/json").json()["values"]
    assert nl[0]["key"] == "privacy"
    assert nl[0]["reason"] == "‘gefilmd’ → privacy"
    english = client.post(
        url,
        json.dumps({"text": "Elderly residents feel unsafe after dark", "lang": "en"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()["values"]
    assert "safety" in [v["key"] for v in english]
    assert len(nl) <= 3 and len(english) <= 3
    assert client.post(url, "text=x", content_type="text/plain").status_code == 415
    assert client.get(url).status_code == 405


def test_the_organisations_own_values_are_suggested(client, effects_phase, mona):
    workshop = effects_phase
    own = comoderator_actions.add_value(mona, workshop, name="Nachtrust")
    assert own.value.organisation_id == workshop.organisation_id
    client.force_login(mona)
    effect = actions.add_effect(
        mona, workshop, text="De drone verstoort de nachtrust van de buren", polarity="negative"
    )
    item = suggested(client, workshop, effect)[str(effect.pk)]
    assert own.value.key in keys(item)
    named = next(v for v in item["values"] if v["key"] == own.value.key)
    assert named["name_nl"] == "Nachtrust"
    # Through the API: a member of the organisation gets it, an anonymous caller does not.
    response = client.post(
        reverse("api:value_suggestions"),
        json.dumps({"text": "De drone verstoort de nachtrust"}),
        content_type="application/json",
    )
    assert own.value.key in [v["key"] for v in response.json()["values"]]
    client.logout()
    response = client.post(
        reverse("api:value_suggestions"),
        json.dumps({"text": "De drone verstoort de nachtrust"}),
        content_type="application/json",
    )
    assert own.value.key not in [v["key"] for v in response.json()["values"]]


def test_a_rebuilt_layer_answers_at_once_and_is_fitted_in_the_background(
    settings, effects_phase, mona
):
    from guidance_ethics.suggestions import learning

    settings.SUGGESTIONS_BACKGROUND_FIT = True
    workshop = effects_phase
    effect = actions.add_effect(
        mona, workshop, text="De bakker verliest klandizie", polarity="negative"
    )

    def held():
        """Hold the fitting thread until the returned event is set."""
        gate = threading.Event()
        learning._fitter.submit(gate.wait)
        return gate

    def drained():
        learning._fitter.submit(lambda: None).result(timeout=60)

    gate = held()
    first = learning.organisation_model(workshop.organisation_id)
    assert first.linear is None, "nothing fitted yet: the counts answer alone"
    assert first.suggest("Iedereen wordt gefilmd")[0].key == "privacy"
    gate.set()
    drained()
    assert first.linear is not None

    # A link rebuilds the layer; the previous linear part answers until the new one is fit.
    gate = held()
    link(mona, workshop, effect, "entrepreneurship")
    second = learning.organisation_model(workshop.organisation_id)
    assert second is not first and second.linear is first.linear
    # Another link before the thread comes round: the second model's fit is skipped.
    link(mona, workshop, effect, "efficiency")
    third = learning.organisation_model(workshop.organisation_id)
    gate.set()
    drained()
    assert second.linear is first.linear
    assert third.linear is not None and third.linear is not first.linear
