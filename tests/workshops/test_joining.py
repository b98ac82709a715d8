"""Failed join attempts are limited per address and per code; successful joins never are."""

import json

from django.urls import reverse

from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import Participant


def api_join(client, code, address):
    body = {"code": code, "stakeholder_group": "citizen", "consent_publication": True}
    return client.post(
        reverse("api:join"), json.dumps(body), content_type="application/json", REMOTE_ADDR=address
    )


def test_guessing_codes_is_stopped_per_address(client, workshop, settings):
    for n in range(settings.JOIN_FAILURE_LIMIT):
        assert api_join(client, f"WRONG{n:03d}", "10.1.1.1").status_code == 400
    response = api_join(client, workshop.join_code, "10.1.1.1")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "too_many_attempts"
    assert response.json()["detail"].startswith("Te veel pogingen met een verkeerde code")
    assert not Participant.objects.exists()
    # Another address is not affected.
    assert api_join(client, workshop.join_code, "10.1.1.2").status_code == 201


def test_a_closed_sessions_code_is_limited_from_any_address(client, workshop, alice, settings):
    actions.close_workshop(alice, workshop)
    for n in range(settings.JOIN_FAILURE_LIMIT):
        assert api_join(client, workshop.join_code, f"10.2.0.{n}").status_code == 400
    assert api_join(client, workshop.join_code, "10.2.1.1").status_code == 429


def test_a_whole_room_behind_one_address_joins(client, workshop, settings):
    for _ in range(300):
        assert api_join(client, workshop.join_code, "192.0.2.10").status_code == 201
    assert Participant.objects.count() == 300


def test_the_join_page_counts_wrong_codes_and_explains_the_limit(client, workshop, settings):
    url = reverse("workshops:join_code")
    for n in range(settings.JOIN_FAILURE_LIMIT):
        client.post(url, {"code": f"ZZZZ{n:04d}"}, REMOTE_ADDR="10.3.3.3")
    response = client.post(url, {"code": workshop.join_code}, REMOTE_ADDR="10.3.3.3")
    assert response.status_code == 429
    assert "Te veel pogingen met een verkeerde code" in response.content.decode()


def test_opening_links_with_wrong_codes_counts_too(client, workshop, settings):
    for n in range(settings.JOIN_FAILURE_LIMIT):
        response = client.get(
            reverse("workshops:join", args=[f"NOPE{n:04d}"]), REMOTE_ADDR="10.4.4.4"
        )
        assert response.status_code == 404
    response = client.get(
        reverse("workshops:join", args=[workshop.join_code]), REMOTE_ADDR="10.4.4.4"
    )
    assert response.status_code == 429
