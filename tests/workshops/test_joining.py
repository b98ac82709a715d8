"""Failed join attempts are limited per address and per code; successful joins never are.

An address over its limit still joins the sessions it has joined before, and may try one
other code per JOIN_SLOW_SECONDS (the slow lane): a room behind one address is not locked out
by its own typos, while a guesser gets one try per interval and the same refusal for a wrong
try and an early one.
"""

import json
import os
import time
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
    # Over the limit: the slow lane takes this wrong one; then every code waits, right or not.
    assert api_join(client, "WRONGONE", "10.1.1.1").status_code == 429
    response = api_join(client, workshop.join_code, "10.1.1.1")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "too_many_attempts"
    assert response.json()["detail"].startswith("Te veel pogingen met een verkeerde code")
    assert 1 <= int(response["Retry-After"]) <= settings.JOIN_SLOW_SECONDS
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
    wrong = client.post(url, {"code": "ZZZZZZZZ"}, REMOTE_ADDR="10.3.3.3")
    assert wrong.status_code == 429
    assert wrong["Retry-After"] == str(settings.JOIN_SLOW_SECONDS)
    assert (
        "Te veel pogingen met een verkeerde code. Even wachten: probeer het over "
        f"{settings.JOIN_SLOW_SECONDS} seconden opnieuw.<"
    ) in wrong.content.decode()
    response = client.post(url, {"code": workshop.join_code}, REMOTE_ADDR="10.3.3.3")
    assert response.status_code == 429
    assert "Even wachten: probeer het over" in response.content.decode()
    english = client.post(
        url, {"code": workshop.join_code}, REMOTE_ADDR="10.3.3.3", HTTP_COOKIE="django_language=en"
    )
    assert "Please wait: try again in" in english.content.decode()
    api_refusal = api_join(client, workshop.join_code, "10.3.3.3").json()["detail"]
    assert api_refusal.startswith("Te veel pogingen met een verkeerde code. Even wachten: ")
    assert api_refusal.endswith(" seconden opnieuw.")


def test_opening_links_with_wrong_codes_counts_too(client, workshop, settings):
    for n in range(settings.JOIN_FAILURE_LIMIT):
        response = client.get(
            reverse("workshops:join", args=[f"NOPE{n:04d}"]), REMOTE_ADDR="10.4.4.4"
        )
        assert response.status_code == 404
    # Over the limit, a wrong link in the slow lane is refused as an early one is, not 404.
    wrong = client.get(reverse("workshops:join", args=["NOPENOPE"]), REMOTE_ADDR="10.4.4.4")
    assert wrong.status_code == 429
    assert wrong["Retry-After"] == str(settings.JOIN_SLOW_SECONDS)
    response = client.get(
        reverse("workshops:join", args=[workshop.join_code]), REMOTE_ADDR="10.4.4.4"
    )
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= settings.JOIN_SLOW_SECONDS


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
    for n in range(settings.JOIN_FAILURE_LIMIT + 1):  # the last one in the slow lane
        api_join(client, f"TYPO{n:04d}", room)
    # The session this address reached before still joins; other codes, right or wrong, wait.
    assert api_join(client, workshop.join_code, room).status_code == 201
    assert api_join(client, other_workshop.join_code, room).status_code == 429
    assert api_join(client, "WRONGONE", room).status_code == 429
    assert Participant.objects.filter(workshop=other_workshop).count() == 0


def test_behind_a_trusted_proxy_each_client_counts_on_its_own_and_others_headers_are_ignored(
    tmp_path,
):
    """Real servers: one trusts the proxy at 127.0.0.1 (``FORWARDED_ALLOW_IPS``), the other
    trusts only 192.0.2.1, so the X-Forwarded-For that 127.0.0.1 sends it is ignored."""
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


# --- the slow lane (issue 22, finding 5) ----------------------------------------------------


def test_a_room_whose_right_code_comes_after_its_typos_joins_at_once(client, workshop, settings):
    """Twenty typos from the room's address before anybody typed the right code."""
    room = "192.0.2.30"
    for n in range(settings.JOIN_FAILURE_LIMIT):
        assert api_join(client, f"TYPO{n:04d}", room).status_code == 400
    assert api_join(client, workshop.join_code, room).status_code == 201
    # Reached: everybody else in the room joins without waiting, by every door.
    assert api_join(client, workshop.join_code, room).status_code == 201
    link = reverse("workshops:join", args=[workshop.join_code])
    assert Client().get(link, REMOTE_ADDR=room).status_code == 200
    typed = Client().post(
        reverse("workshops:join_code"), {"code": workshop.join_code}, REMOTE_ADDR=room
    )
    assert typed.status_code == 302
    assert Participant.objects.count() == 2


@pytest.mark.parametrize("door", ["api", "form", "link"])
def test_a_room_that_keeps_mistyping_joins_within_the_interval(client, workshop, settings, door):
    settings.JOIN_SLOW_SECONDS = 3  # long enough for the next request on a busy machine
    room = "192.0.2.31"
    for n in range(settings.JOIN_FAILURE_LIMIT + 1):  # the last one takes the slow lane
        api_join(client, f"TYPO{n:04d}", room)

    def right_code():
        if door == "api":
            return api_join(client, workshop.join_code, room)
        if door == "form":
            url = reverse("workshops:join_code")
            return Client().post(url, {"code": workshop.join_code}, REMOTE_ADDR=room)
        return Client().get(reverse("workshops:join", args=[workshop.join_code]), REMOTE_ADDR=room)

    early = right_code()
    assert early.status_code == 429
    assert early["Retry-After"] in {"1", "2", "3"}
    time.sleep(3.1)
    assert right_code().status_code in {200, 201, 302}
    assert api_join(client, workshop.join_code, room).status_code == 201


def test_a_guesser_over_the_limit_gets_one_try_per_interval_and_learns_nothing_more(
    client, workshop, other_workshop, settings
):
    settings.JOIN_SLOW_SECONDS = 3  # long enough for the next requests on a busy machine
    settings.JOIN_FAILURE_WINDOW_SECONDS = 4
    guesser = "198.51.100.40"
    for n in range(settings.JOIN_FAILURE_LIMIT):
        api_join(client, f"GUESS{n:03d}", guesser)
    slow = api_join(client, "GUESSAAA", guesser)  # the interval's one try: wrong
    assert slow.status_code == 429
    # Until the interval is over nothing is tried: not even a right code joins.
    early = [api_join(client, code, guesser) for code in ("GUESSBBB", workshop.join_code)]
    assert [response.status_code for response in early] == [429, 429]
    assert not Participant.objects.exists()
    # A wrong try in the slow lane answers as an early one does, the seconds aside.
    for response in (slow, *early):
        assert response.json()["code"] == "too_many_attempts"
        assert set(response.json()) == {"type", "title", "status", "detail", "code"}
    assert slow["Retry-After"] == "3"
    assert early[0]["Retry-After"] in {"1", "2", "3"}
    time.sleep(3.1)
    # Tried one per interval, a guesser that keeps failing stays over the limit: the window
    # starts again at every failure, so it never gets the fast budget back while it guesses
    # (a window counted from the first failure would have ended by the third of these).
    settings.JOIN_SLOW_SECONDS = 1
    for _ in range(5):
        assert api_join(client, "GUESSCCC", guesser).status_code == 429
        time.sleep(1.1)
    assert api_join(client, other_workshop.join_code, guesser).status_code == 201


def test_a_closed_code_over_its_limit_is_refused_with_the_same_answer(
    client, workshop, alice, settings
):
    actions.close_workshop(alice, workshop)
    for n in range(settings.JOIN_FAILURE_LIMIT):
        assert api_join(client, workshop.join_code, f"10.5.0.{n}").status_code == 400
    refused = api_join(client, workshop.join_code, "10.5.1.1")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.JOIN_SLOW_SECONDS)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_the_slow_lane_holds_across_server_processes(tmp_path):
    """Two processes sharing Redis: the limit, the slow lane's interval and the room's
    admission are one, whichever process a request reaches."""
    from tests.servers import Platform, request_json

    platform = Platform(
        tmp_path,
        database_url=os.environ.get("DATABASE_URL", ""),
        redis_url=os.environ["REDIS_URL"],
        JOIN_FAILURE_LIMIT="2",
        JOIN_SLOW_SECONDS="10",
    )
    try:
        first, second = platform.start(), platform.start()

        def attempt(server, code, client):
            body = {"code": code, "stakeholder_group": "citizen", "consent_publication": True}
            headers = {"X-Forwarded-For": client}
            return request_json(f"{server.url}/api/v1/join", body, headers=headers)[0]

        guesser, room = "203.0.113.50", "203.0.113.51"
        assert attempt(first, "WRONG001", guesser) == 400
        assert attempt(second, "WRONG002", guesser) == 400
        start = time.monotonic()
        # Eight simultaneous-looking tries over both processes: the slow lane takes one.
        statuses = [attempt(server, "WRONG003", guesser) for server in [first, second] * 4]
        assert statuses == [429] * 8
        assert attempt(second, platform.join_code, guesser) == 429
        assert time.monotonic() - start < 10  # all of it inside one interval

        assert attempt(first, "TYPO0001", room) == 400
        assert attempt(first, "TYPO0002", room) == 400
        assert attempt(second, platform.join_code, room) == 201  # the slow lane: joins
        assert attempt(first, platform.join_code, room) == 201  # reached: no waiting
    finally:
        platform.close()
