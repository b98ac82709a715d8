"""A client that retries a POST with the same Idempotency-Key creates one contribution, and a
database that fails mid-request gives a retryable 503 with nothing half-stored."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from guidance_ethics.api.models import IdempotentRequest
from guidance_ethics.live import events
from guidance_ethics.live.models import Event
from guidance_ethics.workshops.models import Effect, Phase

EFFECT = {"text": "Minder inbraken op het bedrijventerrein", "polarity": "positive"}


@pytest.fixture
def effects_url(workshop, in_phase):
    in_phase(Phase.EFFECTS)
    return reverse("api:effects", args=[workshop.pk])


def test_a_retried_post_with_the_same_key_creates_one_contribution(api, join, effects_url):
    _participant, token = join()
    first = api(effects_url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY="phone-1-effect-7")
    again = api(effects_url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY="phone-1-effect-7")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert Effect.objects.count() == 1
    assert Event.objects.filter(kind="effect.added").count() == 1
    # Another key is another contribution.
    other = api(effects_url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY="phone-1-effect-8")
    assert other.status_code == 201 and Effect.objects.count() == 2


def test_a_key_is_the_callers_own(api, join, effects_url):
    _one, first_token = join()
    _two, second_token = join()
    api(effects_url, EFFECT, token=first_token, HTTP_IDEMPOTENCY_KEY="same")
    response = api(effects_url, EFFECT, token=second_token, HTTP_IDEMPOTENCY_KEY="same")
    assert response.status_code == 201 and not response.has_header("Idempotent-Replayed")
    assert Effect.objects.count() == 2


def test_a_key_reused_for_another_request_is_refused(api, join, effects_url):
    _participant, token = join()
    api(effects_url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY="k1")
    other = {**EFFECT, "text": "Iets anders"}
    response = api(effects_url, other, token=token, HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert list(Effect.objects.values_list("text", flat=True)) == [EFFECT["text"]]


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "sleutel-é", "a\tb"])
def test_a_malformed_key_is_refused_and_changes_nothing(api, join, effects_url, key):
    _participant, token = join()
    response = api(effects_url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Effect.objects.exists() and not IdempotentRequest.objects.exists()


def test_a_refusal_is_not_remembered(api, join, workshop, in_phase):
    _participant, token = join()
    url = reverse("api:effects", args=[workshop.pk])
    early = api(url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY="k")
    assert early.status_code == 409
    in_phase(Phase.EFFECTS)
    response = api(url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 201 and Effect.objects.count() == 1


def test_staff_keys_work_too(api, client, login, mona, workshop, in_phase):
    in_phase(Phase.EFFECTS)
    login(mona)
    url = reverse("api:effects", args=[workshop.pk])
    for _attempt in range(3):
        assert api(url, EFFECT, HTTP_IDEMPOTENCY_KEY="console-1").status_code == 201
    assert Effect.objects.count() == 1


def test_a_database_failure_mid_request_is_retryable_and_stores_nothing(
    api, client, join, workshop, effects_url, monkeypatch
):
    _participant, token = join()
    seq_before = type(workshop).objects.get(pk=workshop.pk).last_seq
    events_before = Event.objects.count()

    written_before_the_failure = []

    def unavailable(_workshop_id):
        written_before_the_failure.append(Effect.objects.count())
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(events, "_next_seq", unavailable)
    client.raise_request_exception = False
    response = api(effects_url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "database_unavailable"
    # The effect row was written before the failure; the transaction took it back.
    assert written_before_the_failure == [1]
    assert not Effect.objects.exists() and Event.objects.count() == events_before
    assert not IdempotentRequest.objects.exists()
    assert type(workshop).objects.get(pk=workshop.pk).last_seq == seq_before

    monkeypatch.undo()
    retried = api(effects_url, EFFECT, token=token, HTTP_IDEMPOTENCY_KEY="k")
    assert retried.status_code == 201 and Effect.objects.count() == 1


def test_a_page_that_meets_an_unavailable_database_says_so(client, monkeypatch):
    from guidance_ethics.core import views

    def unavailable(request):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "render", lambda *a, **k: unavailable(None))
    client.raise_request_exception = False
    response = client.get(reverse("core:home"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Probeert u het" in response.content.decode()


def test_a_programming_error_is_still_a_500(client, monkeypatch):
    from django.db import ProgrammingError

    from guidance_ethics.core import views

    def broken(*args, **kwargs):
        raise ProgrammingError("no such column")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    assert client.get(reverse("core:home")).status_code == 500


def test_presence_without_redis_is_a_retryable_error(client, login, mona, workshop, monkeypatch):
    import redis

    from guidance_ethics.live import presence

    class Unreachable:
        blocking = True

        def counts(self, workshop_id, groups):
            raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(presence, "_store", Unreachable())
    login(mona)
    client.raise_request_exception = False
    response = client.get(reverse("api:presence", args=[workshop.pk]))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/problem+json"
