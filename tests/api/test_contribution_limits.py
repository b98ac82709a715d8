"""One participant cannot flood a room: contributions per participant are limited, before
anything is stored; other participants and the staff are not."""

import os

import pytest
from django.urls import reverse

from guidance_ethics.live.models import Event
from guidance_ethics.workshops.models import Effect, Phase, WorkshopValue


def effect(api, workshop, token=None, text="Camera's zien alles", **extra):
    body = {"text": text, "polarity": "negative"}
    return api(reverse("api:effects", args=[workshop.pk]), body, token=token, **extra)


def test_a_participant_adding_too_fast_is_refused_with_retry_after_and_nothing_stored(
    api, workshop, join, in_phase, settings
):
    settings.CONTRIBUTION_BURST = 3
    _participant, token = join()
    in_phase(Phase.EFFECTS)
    assert [effect(api, workshop, token).status_code for _ in range(3)] == [201, 201, 201]
    events = Event.objects.count()
    response = effect(api, workshop, token, text="x" * 2000)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "too_fast"
    assert "snel" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= 10
    assert Effect.objects.count() == 3 and Event.objects.count() == events
    # The same with a retried Idempotency-Key: the refusal is not kept as the answer.
    response = effect(api, workshop, token, HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 429


def test_the_limit_per_minute_holds_beyond_the_burst(api, workshop, join, in_phase, settings):
    settings.CONTRIBUTION_BURST = 100
    settings.CONTRIBUTION_RATE_PER_MINUTE = 4
    _participant, token = join()
    in_phase(Phase.EFFECTS)
    statuses = [effect(api, workshop, token).status_code for _ in range(5)]
    response = effect(api, workshop, token)
    assert statuses[:4] == [201] * 4 and response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60


def test_questions_actors_votes_and_options_count_too(
    api, workshop, join, in_phase, settings, mona
):
    from guidance_ethics.workshops.comoderator_actions import add_value

    settings.CONTRIBUTION_BURST = 1
    questions = reverse("api:questions", args=[workshop.pk])
    _participant, token = join()
    in_phase(Phase.CASE)
    assert api(questions, {"text": "Waarom?"}, token=token).status_code == 201
    assert api(questions, {"text": "En nu?"}, token=token).status_code == 429
    _participant, token = join()
    in_phase(Phase.ACTORS)
    actors = reverse("api:actors", args=[workshop.pk])
    assert api(actors, {"name": "Buurt"}, token=token).status_code == 201
    assert api(actors, {"name": "Politie"}, token=token).status_code == 429
    value = add_value(mona, workshop, catalogue_key="privacy")
    _participant, token = join()
    in_phase(Phase.TRANSITION)
    votes = reverse("api:votes", args=[workshop.pk])
    assert api(votes, {"votes": {str(value.pk): 1}}, token=token).status_code == 201
    assert api(votes, {"votes": {str(value.pk): 2}}, token=token).status_code == 429
    WorkshopValue.objects.filter(pk=value.pk).update(chosen=True)
    _participant, token = join()
    in_phase(Phase.OPTIONS)
    options = reverse("api:options", args=[workshop.pk])
    body = {"value": value.pk, "direction": "human", "text": "Uitleg geven"}
    assert api(options, body, token=token).status_code == 201
    assert api(options, body, token=token).status_code == 429


def test_other_participants_and_the_staff_are_not_limited(
    client, api, workshop, join, in_phase, settings, alice, mona
):
    settings.CONTRIBUTION_BURST = 2
    _participant, token = join()
    in_phase(Phase.EFFECTS)
    for _ in range(3):
        effect(api, workshop, token)
    assert effect(api, workshop, token).status_code == 429
    _other, other_token = join()
    assert effect(api, workshop, other_token).status_code == 201
    for staff in (alice, mona):  # moderator console; co-moderator writing as scribe
        client.force_login(staff)
        assert [effect(api, workshop).status_code for _ in range(10)] == [201] * 10


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_the_limit_holds_across_server_processes(tmp_path):
    """Two processes sharing Redis: a participant alternating between them gets the burst
    once, not once per process."""
    import time

    from tests.live.test_streams import base_of, open_effects_phase, post_effect
    from tests.servers import Platform, join

    platform = Platform(
        tmp_path,
        database_url=os.environ.get("DATABASE_URL", ""),
        redis_url=os.environ["REDIS_URL"],
    )
    platform.environ["CONTRIBUTION_BURST"] = "4"  # for the servers; the demo data is loaded
    try:
        first, second = platform.start(), platform.start()
        open_effects_phase(first, platform)
        token = join(first, platform.join_code)
        for _attempt in range(3):
            time.sleep(10 - time.time() % 10 + 0.1)  # the start of a 10-second window
            start = time.time()
            statuses = [
                post_effect(base_of(server, platform), token, f"bijdrage {n}")[0]
                for n, server in enumerate([first, second] * 4)
            ]
            if int(time.time() // 10) == int(start // 10):
                break
            time.sleep(10)  # the window ended during the requests: try a fresh one
        assert statuses == [201] * 4 + [429] * 4
    finally:
        platform.close()
