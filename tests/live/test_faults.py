"""Faults against real server processes (issue 10): retried POSTs, an unavailable database,
and Redis going away in the middle of a two-process session. The kill -9 test is in
test_streams.py."""

import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live.test_streams import MODERATOR, base_of, open_effects_phase, post_effect, wait_for
from tests.servers import Listener, Platform, free_port, join, request_json, staff_opener

POSTGRES = os.environ.get("DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL (DATABASE_URL)")


@pytest.fixture
def platform(tmp_path):
    # A short wait for a database connection: the outage test's requests answer quickly.
    platform = Platform(tmp_path, database_url=POSTGRES, DATABASE_POOL_TIMEOUT="2")
    yield platform
    platform.close()


def effect_texts(base, staff) -> list[str]:
    return [effect["text"] for effect in request_json(base, opener=staff)[1]["effects"]]


def test_simultaneous_retries_with_one_key_create_one_contribution(platform):
    server = platform.start()
    base = base_of(server, platform)
    staff = open_effects_phase(server, platform)
    token = join(server, platform.join_code)
    start = threading.Barrier(8)

    def send(_n):
        start.wait()
        return request_json(
            f"{base}/effects",
            {"text": "Eén keer, ook al komt het acht keer", "polarity": "negative"},
            token=token,
            headers={"Idempotency-Key": "telefoon-3-bijdrage-1"},
        )

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))
    assert {status for status, _body in answers} == {201}
    assert len({body["item"]["id"] for _status, body in answers}) == 1
    assert effect_texts(base, staff) == ["Eén keer, ook al komt het acht keer"]


@needs_postgres
def test_an_unavailable_database_refuses_with_a_retryable_error_and_stores_nothing_half(
    platform,
):
    server = platform.start()
    base = base_of(server, platform)
    staff = open_effects_phase(server, platform)
    token = join(server, platform.join_code)
    assert post_effect(base, token, "voor de storing")[0] == 201
    events_before = request_json(base, opener=staff)[1]["seq"]

    platform.refuse_connections()
    try:
        key = {"Idempotency-Key": "tijdens-de-storing"}
        body = {"text": "tijdens de storing", "polarity": "negative"}
        refusals = [
            request_json(f"{base}/effects", body, token=token, headers=key) for _ in range(3)
        ]
        for status, problem in refusals:
            assert status == 503, problem
            assert problem["code"] == "database_unavailable"
    finally:
        platform.allow_connections()

    # Once the database is back, the same request (same key) goes through, once.
    deadline = time.monotonic() + 30
    while True:
        status, answer = request_json(f"{base}/effects", body, token=token, headers=key)
        if status == 201:
            break
        assert status == 503 and time.monotonic() < deadline, answer
        time.sleep(0.5)
    assert request_json(f"{base}/effects", body, token=token, headers=key)[0] == 201
    state = request_json(base, opener=staff)[1]
    assert [e["text"] for e in state["effects"]] == ["voor de storing", "tijdens de storing"]
    # Nothing half-stored: exactly one event more than before, the effect's.
    assert state["seq"] == events_before + 1


class RedisServer:
    """A Redis of the test's own on a free port, to stop and start at will."""

    def __init__(self, data_dir):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.data_dir = data_dir
        self.process = None

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.data_dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url)
        wait_for(lambda: _answers(client))
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _answers(client) -> bool:
    import redis

    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@needs_postgres
def test_contributions_survive_a_redis_restart_in_a_two_process_session(tmp_path):
    redis_server = RedisServer(tmp_path).start()
    platform = Platform(tmp_path, database_url=POSTGRES, redis_url=redis_server.url)
    try:
        first, second = platform.start(), platform.start()
        base_first, base_second = base_of(first, platform), base_of(second, platform)
        open_effects_phase(first, platform)
        token = join(first, platform.join_code)
        seq = request_json(base_first, token=token)[1]["seq"]
        on_first = Listener(f"{base_first}/events?since={seq}", token=token).open()
        on_second = Listener(f"{base_second}/events?since={seq}", token=token).open()
        time.sleep(0.3)  # both processes hold their Redis subscription
        status, body = post_effect(base_first, token, "met Redis")
        assert status == 201
        assert on_first.take(1)[0][0] == on_second.take(1)[0][0] == body["seq"]

        redis_server.stop()
        during = []
        for text in ("zonder Redis 1", "zonder Redis 2"):
            status, body = post_effect(base_first, token, text)
            assert status == 201, body  # stored and acknowledged
            during.append(body["seq"])
        # Listeners on the same process get them at once.
        assert [seq for seq, _k, _d in on_first.take(2)] == during
        # A contribution to the other process is stored too, and reaches its listener
        # together with the two before it, which that listener reads from the log when it
        # sees the gap.
        status, body = post_effect(base_second, token, "zonder Redis, tweede proces")
        assert status == 201
        during.append(body["seq"])
        assert [seq for seq, _k, _d in on_second.take(3)] == during

        redis_server.start()  # the same port: the processes find it again
        # The first process's listener gets what it missed from the other process, once.
        assert [seq for seq, _k, _d in on_first.take(1, timeout=30)] == during[2:]
        time.sleep(0.5)
        status, body = post_effect(base_second, token, "Redis terug")
        assert status == 201
        assert on_first.take(1)[0][0] == on_second.take(1)[0][0] == body["seq"]
        time.sleep(0.5)
        assert on_first.events.empty() and on_second.events.empty(), "duplicates"

        staff = staff_opener(first, MODERATOR)
        assert effect_texts(base_first, staff) == [
            "met Redis",
            "zonder Redis 1",
            "zonder Redis 2",
            "zonder Redis, tweede proces",
            "Redis terug",
        ]
        on_first.close()
        on_second.close()
    finally:
        platform.close()
        redis_server.stop()
