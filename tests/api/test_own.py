"""POST …/contributions/{kind}/{id} and …/withdrawal: the author corrects or withdraws their
own item over the API (issue 24, point 7); anyone else is refused and nothing changes."""

import pytest
from django.urls import reverse

from guidance_ethics.live.models import Event
from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import Effect, Phase


@pytest.fixture
def written(workshop, join, alice):
    author, author_token = join()
    _other, other_token = join()
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    effect = actions.add_effect(author, workshop, text="Minder inbraken", polarity="positive")
    return effect, author_token, other_token


def edit_url(workshop, effect, kind="effect"):
    return reverse("api:own_edit", args=[workshop.pk, kind, effect.pk])


def withdraw_url(workshop, effect):
    return reverse("api:own_withdrawal", args=[workshop.pk, "effect", effect.pk])


def test_the_author_corrects_and_gets_the_item_back(api, workshop, written):
    effect, token, _other = written
    response = api(edit_url(workshop, effect), {"text": "Veel minder inbraken"}, token=token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["item"]["text"] == "Veel minder inbraken" and body["item"]["edited"] is True
    assert body["seq"] == Event.objects.filter(workshop=workshop).latest("seq").seq


def test_the_author_withdraws(api, workshop, written):
    effect, token, _other = written
    assert api(withdraw_url(workshop, effect), {}, token=token).status_code == 200
    assert Effect.objects.get(pk=effect.pk).withdrawn


@pytest.mark.parametrize(
    ("who", "status"), [("other", 404), ("staff", 403), ("wrong_kind", 404), ("closed", 409)]
)
def test_only_the_author_in_the_open_phase(api, client, workshop, written, alice, who, status):
    effect, token, other = written
    url = edit_url(workshop, effect, "question" if who == "wrong_kind" else "effect")
    if who == "staff":
        client.force_login(alice)
        token = None
    elif who == "other":
        token = other
    elif who == "closed":
        actions.close_workshop(alice, workshop)
    count = Event.objects.count()
    response = api(url, {"text": "Overgenomen"}, token=token)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert Effect.objects.get(pk=effect.pk).text == "Minder inbraken"
    assert Event.objects.count() == count


def test_an_unknown_kind_or_field_is_refused(api, workshop, written):
    effect, token, _other = written
    url = reverse("api:own_edit", args=[workshop.pk, "vote", effect.pk])
    assert api(url, {"text": "x"}, token=token).status_code == 404
    assert api(edit_url(workshop, effect), {"colour": "red"}, token=token).status_code == 400
    assert api(edit_url(workshop, effect), {"text": "x" * 2001}, token=token).status_code == 400
    assert api(edit_url(workshop, effect), {}, token=token).status_code == 400
    assert Effect.objects.get(pk=effect.pk).text == "Minder inbraken"
