"""Bad input gets a clear problem+json answer and changes nothing."""

import json

import pytest
from django.urls import reverse

from guidance_ethics.live.models import Event
from guidance_ethics.workshops.models import Effect, Participant, Phase


def problem_of(response):
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_join_returns_ids_token_and_sets_the_cookie(client, api, workshop):
    response = api(
        reverse("api:join"),
        {
            "code": workshop.join_code,
            "display_name": "Sanne",
            "stakeholder_group": "professional",
            "consent_publication": True,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["workshop"] == workshop.pk and body["token"]
    cookie = response.cookies[f"ge_participant_{workshop.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # The cookie alone identifies the participant.
    state = client.get(reverse("api:workshop", args=[workshop.pk])).json()
    assert state["me"]["id"] == body["participant"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "WRONG123", "stakeholder_group": "citizen", "consent_publication": True}, "code"),
        ({"stakeholder_group": "citizen", "consent_publication": True}, "code"),
        ({"code": "X", "stakeholder_group": "martian", "consent_publication": True}, None),
        (
            {"code": "X", "stakeholder_group": "citizen", "consent_publication": "yes"},
            "consent_publication",
        ),
        (
            {
                "code": "X",
                "stakeholder_group": "citizen",
                "consent_publication": True,
                "admin": True,
            },
            "admin",
        ),
    ],
)
def test_bad_join_is_refused(api, workshop, body, field):
    if body.get("code") == "X":
        body["code"] = workshop.join_code
    response = api(reverse("api:join"), body)
    assert response.status_code == 400
    problem = problem_of(response)
    if field:
        assert field in {p["name"] for p in problem["invalid-params"]}
    assert not Participant.objects.exists()


def test_non_json_bodies_are_refused(client, workshop):
    url = reverse("api:join")
    assert client.post(url, {"code": workshop.join_code}).status_code == 415
    assert client.post(url, "{nope", content_type="application/json").status_code == 400
    assert client.post(url, "[1, 2]", content_type="application/json").status_code == 400
    big = json.dumps({"code": "x" * 70000})
    assert client.post(url, big, content_type="application/json").status_code == 400


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"text": "", "polarity": "positive"}, 400, "text"),
        ({"text": "x" * 2001, "polarity": "positive"}, 400, "text"),
        ({"text": "ok", "polarity": "neutral"}, 400, "polarity"),
        ({"text": "ok"}, 400, "polarity"),
        ({"text": "ok", "polarity": "positive", "actor": 99999}, 400, "actor"),
        ({"text": "ok", "polarity": "positive", "actor": "drop table"}, 400, "actor"),
        ({"text": ["a"], "polarity": "positive"}, 400, "text"),
        ({"text": "ok", "polarity": "positive", "participant": 3}, 400, "participant"),
    ],
)
def test_bad_effects_are_refused(api, workshop, join, in_phase, body, status, field):
    _participant, token = join()
    in_phase(Phase.EFFECTS)
    before = Event.objects.count()
    response = api(reverse("api:effects", args=[workshop.pk]), body, token=token)
    assert response.status_code == status
    assert field in {p["name"] for p in problem_of(response)["invalid-params"]}
    assert not Effect.objects.exists() and Event.objects.count() == before


def test_contribution_in_the_wrong_phase_or_when_locked_is_a_conflict(
    api, workshop, join, in_phase, alice
):
    _participant, token = join()
    url = reverse("api:effects", args=[workshop.pk])
    response = api(url, {"text": "Te vroeg", "polarity": "positive"}, token=token)
    assert response.status_code == 409 and problem_of(response)["code"] == "wrong_phase"
    in_phase(Phase.EFFECTS)
    from guidance_ethics.workshops.actions import set_input_lock

    set_input_lock(alice, workshop, True)
    response = api(url, {"text": "Dicht", "polarity": "positive"}, token=token)
    assert response.status_code == 409 and problem_of(response)["code"] == "locked"
    assert "pauze" in problem_of(response)["detail"] or "paused" in problem_of(response)["detail"]


def test_vote_over_the_limit_is_refused(api, workshop, join, in_phase, mona):
    from guidance_ethics.workshops.comoderator_actions import add_value

    _participant, token = join()
    value = add_value(mona, workshop, catalogue_key="privacy")
    in_phase(Phase.TRANSITION)
    response = api(
        reverse("api:votes", args=[workshop.pk]), {"votes": {str(value.pk): 4}}, token=token
    )
    assert response.status_code == 400
    assert problem_of(response)["invalid-params"][0]["name"] == "votes"


def test_effect_round_trip_through_the_api(client, api, workshop, join, in_phase):
    _participant, token = join()
    in_phase(Phase.EFFECTS)
    response = api(
        reverse("api:effects", args=[workshop.pk]),
        {"text": "<script>alert(1)</script>", "polarity": "negative"},
        token=token,
    )
    assert response.status_code == 201
    created = response.json()
    state = client.get(
        reverse("api:workshop", args=[workshop.pk]), HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert state["seq"] == created["seq"]
    assert state["effects"] == [created["item"]]


def test_bad_since_is_refused(client, workshop, join):
    _participant, token = join()
    url = reverse("api:events", args=[workshop.pk])
    response = client.get(url + "?since=-1", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_LAST_EVENT_ID="abc")
    assert response.status_code == 400


@pytest.mark.timeout(30)  # before the fix, the stream opened (and never ended in-process)
@pytest.mark.parametrize("since", ["9" * 20, str(2**63), "٣", "+1", " 1"])
def test_a_since_too_large_for_the_database_or_not_plain_digits_is_refused(
    client, workshop, join, since
):
    _participant, token = join()
    url = reverse("api:events", args=[workshop.pk])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(url, {"since": since}, **auth).status_code == 400
    assert client.get(url, HTTP_LAST_EVENT_ID=since, **auth).status_code == 400


@pytest.mark.timeout(30)
def test_the_stream_refuses_unknown_query_parameters(client, workshop, join):
    _participant, token = join()
    url = reverse("api:events", args=[workshop.pk])
    response = client.get(url, {"snice": "3"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and "snice" in response.json()["detail"]


def test_a_request_django_refuses_is_a_problem_document_on_the_api(client, db):
    response = client.get(reverse("api:openapi"), HTTP_HOST="elders.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert client.get("/", HTTP_HOST="elders.example")["Content-Type"].startswith("text/html")
