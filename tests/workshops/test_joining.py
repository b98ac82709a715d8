"""Failed join attempts are limited per address and per code; successful joins never are.

An address over its limit still joins the sessions it has joined before: a room behind one
address is not locked out by its own typos, while a guesser gets the same refusal for right
and wrong codes.
"""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guidance_ethics.workshops import actions
from guidance_ethics.workshops.models import Participant


def api_join(client, code, address):
    body = {"code": code, "stakeholder_group": "citizen", "consent_publication": True}
    return client.post(
        reverse("api:join"), json.dumps(body), content_type="application/json", REMOTE_ADDR=address
    )


@pytest.fixture
def other_workshop(case, alice, mona):
    return actions.plan_workshop(
        alice,
        case,
        starts_at=timezone.now() + timedelta(days=2),
        format="physical",
        moderator=alice,
        co_moderator=mona,
    )


def test_guessing_codes_is_stopped_per_address_for_right_and_wrong_codes_alike(
    client, workshop, settings
):
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


def test_a_room_behind_one_address_is_not_locked_out_by_its_own_typos(client, workshop, settings):
    room = "192.0.2.20"
    assert api_join(client, workshop.join_code, room).status_code == 201
    for n in range(settings.JOIN_FAILURE_LIMIT * 2):
        assert api_join(client, f"TYPO{n:04d}", room).status_code in {400, 429}
    assert api_join(client, f"TYPO{n:04d}", room).status_code == 429
    # Everybody else in the room, with the right code: the API, the link and the form.
    assert api_join(client, workshop.join_code, room).status_code == 201
    link = reverse("workshops:join", args=[workshop.join_code.lower()])
    assert Client().get(link, REMOTE_ADDR=room).status_code == 200
    typed = client.post(
        reverse("workshops:join_code"), {"code": workshop.join_code}, REMOTE_ADDR=room
    )
    assert typed.status_code == 302
    assert Participant.objects.count() == 2


def test_a_room_that_opened_the_link_first_joins_after_its_typos(client, workshop, settings):
    room = "192.0.2.21"
    assert (
        client.get(
            reverse("workshops:join", args=[workshop.join_code]), REMOTE_ADDR=room
        ).status_code
        == 200
    )
    for n in range(settings.JOIN_FAILURE_LIMIT):
        api_join(client, f"TYPO{n:04d}", room)
    assert api_join(client, workshop.join_code, room).status_code == 201


def test_a_blocked_address_gets_no_hint_which_codes_are_right(
    client, workshop, other_workshop, settings
):
    room = "192.0.2.22"
    assert api_join(client, workshop.join_code, room).status_code == 201
    for n in range(settings.JOIN_FAILURE_LIMIT):
        api_join(client, f"TYPO{n:04d}", room)
    # The session this address reached before still joins; other codes, right or wrong, do not.
    assert api_join(client, other_workshop.join_code, room).status_code == 429
    assert api_join(client, "WRONGONE", room).status_code == 429
    assert Participant.objects.filter(workshop=other_workshop).count() == 0


def test_behind_a_trusted_proxy_each_client_counts_on_its_own_and_others_headers_are_ignored(
    tmp_path,
):
    """Real servers: one trusts the proxy at 127.0.0.1 (``FORWARDED_ALLOW_IPS``), the other
    trusts only 192.0.2.1, so the X-Forwarded-For that 127.0.0.1 sends it is ignored."""
    import os

    from tests.servers import Platform, request_json

    platform = Platform(
        tmp_path, database_url=os.environ.get("DATABASE_URL", ""), JOIN_FAILURE_LIMIT="2"
    )
    try:

        def attempt(server, code, forwarded_for):
            body = {"code": code, "stakeholder_group": "citizen", "consent_publication": True}
            headers = {"X-Forwarded-For": forwarded_for}
            return request_json(f"{server.url}/api/v1/join", body, headers=headers)[0]

        platform.environ["FORWARDED_ALLOW_IPS"] = "127.0.0.1"
        behind_proxy = platform.start()
        wrong = [f"WRONG{n:03d}" for n in range(10)]  # each once: the per-code limit stays out
        assert [attempt(behind_proxy, wrong[n], "203.0.113.7") for n in range(3)] == [
            400,
            400,
            429,
        ]
        # Another client behind the same proxy is not affected; the first one is.
        assert attempt(behind_proxy, wrong[3], "203.0.113.8") == 400
        assert attempt(behind_proxy, platform.join_code, "203.0.113.8") == 201
        assert attempt(behind_proxy, platform.join_code, "203.0.113.7") == 429

        platform.environ["FORWARDED_ALLOW_IPS"] = "192.0.2.1"
        not_trusted = platform.start()
        statuses = [attempt(not_trusted, wrong[n], f"203.0.113.{n}") for n in (4, 5, 6)]
        assert statuses == [400, 400, 429]  # all counted against 127.0.0.1, the real peer
    finally:
        platform.close()
