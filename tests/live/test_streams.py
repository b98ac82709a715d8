"""The live contract, against real uvicorn processes (tests/servers.py).

Runs on SQLite, and on PostgreSQL (a fresh database) when DATABASE_URL is set; the
two-process test needs PostgreSQL and Redis.
"""

import http.client
import os
import threading
import time

import pytest

from tests.servers import Listener, Platform, Server, join, request_json, staff_opener

MODERATOR = "moderator@politie-noordveld.test"


@pytest.fixture
def platform(tmp_path):
    platform = Platform(tmp_path, database_url=os.environ.get("DATABASE_URL", ""))
    yield platform
    platform.close()


def base_of(server, platform):
    return f"{server.url}/api/v1/workshops/{platform.workshop_id}"


def open_effects_phase(server, platform):
    staff = staff_opener(server, MODERATOR)
    status, _ = request_json(
        f"{base_of(server, platform)}/phase", {"phase": "effects"}, opener=staff
    )
    assert status == 201
    return staff


def post_effect(base, token, text):
    return request_json(f"{base}/effects", {"text": text, "polarity": "negative"}, token=token)


def test_reconnecting_listener_receives_exactly_what_it_missed(platform):
    server = platform.start()
    base = base_of(server, platform)
    open_effects_phase(server, platform)
    token = join(server, platform.join_code)
    other = join(server, platform.join_code, "technician")
    start = request_json(base, token=token)[1]["seq"]

    listener = Listener(f"{base}/events?since={start}", token=token).open()
    acks = [post_effect(base, token, f"live {n}")[1]["seq"] for n in range(3)]
    received = listener.take(3)
    assert [seq for seq, _kind, _data in received] == acks
    assert [data["text"] for _seq, _kind, data in received] == ["live 0", "live 1", "live 2"]
    listener.close()

    missed = [post_effect(base, other, f"missed {n}")[1]["seq"] for n in range(5)]
    again = Listener(f"{base}/events", token=token, last_event_id=received[-1][0]).open()
    replayed = again.take(5)
    assert [seq for seq, _kind, _data in replayed] == missed
    assert [data["text"] for _seq, _kind, data in replayed] == [f"missed {n}" for n in range(5)]
    after = [post_effect(base, token, f"after {n}")[1]["seq"] for n in range(2)]
    assert [seq for seq, _kind, _data in again.take(2)] == after
    time.sleep(0.5)
    assert again.events.empty(), "an event arrived twice"
    again.close()
    seqs = acks + missed + after
    assert seqs == list(range(start + 1, start + 1 + len(seqs)))


def test_participants_never_receive_what_only_staff_may_see(platform):
    server = platform.start()
    base = base_of(server, platform)
    staff = open_effects_phase(server, platform)
    token = join(server, platform.join_code)
    seq = request_json(base, token=token)[1]["seq"]
    phone = Listener(f"{base}/events?since={seq}", token=token).open()
    console = Listener(f"{base}/events?since={seq}", cookie=staff.cookie_header).open()
    board = Listener(
        f"{base}/events?since={seq}&audience=public", cookie=staff.cookie_header
    ).open()
    effect = post_effect(base, token, "Ongepaste opmerking")[1]["item"]
    status, _ = request_json(
        f"{base}/moderation", {"action": "hide", "type": "effect", "id": effect["id"]}, opener=staff
    )
    assert status == 201
    (_s1, _k1, added), (_s2, kind, hidden) = phone.take(2)
    assert kind == "item.hidden" and hidden == {"type": "effect", "id": effect["id"]}
    (_s3, _k3, staff_added), (_s4, _k4, staff_hidden) = console.take(2)
    assert staff_hidden["item"]["hidden"] is True
    # The board is opened by a moderator, but gets what the public gets.
    assert [data for _seq, _kind, data in board.take(2)] == [added, hidden]
    board.close()
    assert "hidden" not in added and staff_added["hidden"] is False
    state = request_json(base, token=token)[1]
    assert state["effects"] == []
    phone.close()
    console.close()


def take_notice(listener, timeout: float = 20):
    return listener.notices.get(timeout=timeout)


def test_phones_get_no_join_events_and_the_staff_and_board_get_counts(platform):
    """Issue 24, point 15: a join is not an event in the log that every phone receives;
    the console and the board get the counts per stakeholder group, combined."""
    server = platform.start()
    base = base_of(server, platform)
    staff = open_effects_phase(server, platform)
    token = join(server, platform.join_code)
    seq = request_json(base, token=token)[1]["seq"]
    phone = Listener(f"{base}/events?since={seq}", token=token).open()
    console = Listener(f"{base}/events?since={seq}", cookie=staff.cookie_header).open()
    board = Listener(
        f"{base}/events?since={seq}&audience=public", cookie=staff.cookie_header
    ).open()
    # When their stream opens, the console and the board get the current counts.
    opening = {"groups": {"citizen": 1}, "total": 1}
    assert take_notice(console) == take_notice(board) == ("participants", opening)
    for group in ("policy", "policy", "technician", "citizen"):
        join(server, platform.join_code, group)
    final = {"groups": {"citizen": 2, "policy": 2, "technician": 1}, "total": 5}
    for listener in (console, board):
        counts = []
        while not counts or counts[-1] != ("participants", final):
            counts.append(take_notice(listener))
        # Combined: at most one notice per join, and fewer when they come quickly.
        assert len(counts) <= 4
    assert request_json(base, token=token)[1]["seq"] == seq  # the log has no join events
    effect = post_effect(base, token, "Na de aanmeldingen")[1]
    [(arrived, kind, _data)] = phone.take(1)
    assert (arrived, kind) == (effect["seq"], "effect.added")
    time.sleep(0.5)
    assert phone.events.empty() and phone.notices.empty()
    for listener in (phone, console, board):
        listener.close()


def test_sigkill_in_a_stream_of_contributions_loses_nothing_acknowledged(platform):
    server = platform.start()
    base = base_of(server, platform)
    staff = open_effects_phase(server, platform)
    token = join(server, platform.join_code)
    start = request_json(base, token=token)[1]["seq"]
    listener = Listener(f"{base}/events?since={start}", token=token).open()

    acknowledged: list[dict] = []
    failures = []
    stop = threading.Event()

    def write():
        n = 0
        while not stop.is_set():
            n += 1
            try:
                status, body = post_effect(base, token, f"bijdrage {n}")
            except (OSError, http.client.HTTPException) as error:
                # The server is down, or died in the middle of its answer (IncompleteRead):
                # not acknowledged either way.
                failures.append(error)
                time.sleep(0.05)
                continue
            if status == 201:
                acknowledged.append(body)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    while len(acknowledged) < 25:
        time.sleep(0.01)
    server.kill()
    seen_before = []
    while not listener.events.empty():
        seen_before.append(listener.events.get())
    listener.join(timeout=10)  # the stream ended with the process
    while not listener.events.empty():
        seen_before.append(listener.events.get())
    restarted = Server(platform, server.port).start()
    platform.servers.append(restarted)
    count_at_restart = len(acknowledged)
    while len(acknowledged) < count_at_restart + 10:
        time.sleep(0.01)
    stop.set()
    writer.join(timeout=30)
    assert failures, "the writer never noticed the crash"

    state = request_json(base, opener=staff)[1]
    stored = {effect["id"] for effect in state["effects"]}
    missing = [ack for ack in acknowledged if ack["item"]["id"] not in stored]
    assert missing == [], "acknowledged contributions were lost"

    last_seen = seen_before[-1][0] if seen_before else start
    resumed = Listener(f"{base}/events", token=token, last_event_id=last_seen).open()
    final = state["seq"]
    rest = resumed.take(final - last_seen)
    received = [seq for seq, _kind, _data in seen_before + rest]
    assert received == list(range(start + 1, final + 1)), "events lost or repeated"
    assert {ack["seq"] for ack in acknowledged} <= set(received)
    resumed.close()


@pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
    reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)",
)
def test_a_contribution_to_one_process_reaches_a_listener_on_another(tmp_path):
    platform = Platform(
        tmp_path, database_url=os.environ["DATABASE_URL"], redis_url=os.environ["REDIS_URL"]
    )
    try:
        first, second = platform.start(), platform.start()
        open_effects_phase(first, platform)
        token = join(first, platform.join_code)
        seq = request_json(base_of(first, platform), token=token)[1]["seq"]
        on_second = Listener(f"{base_of(second, platform)}/events?since={seq}", token=token).open()
        on_first = Listener(f"{base_of(first, platform)}/events?since={seq}", token=token).open()
        time.sleep(0.3)  # both processes hold their Redis subscription
        status, body = post_effect(base_of(first, platform), token, "via het eerste proces")
        assert status == 201
        ((got_seq, kind, data),) = on_second.take(1)
        assert (got_seq, kind, data["text"]) == (
            body["seq"],
            "effect.added",
            "via het eerste proces",
        )
        assert on_first.take(1)[0][0] == body["seq"]
        status, body = post_effect(base_of(second, platform), token, "en terug")
        assert on_first.take(1)[0][2]["text"] == "en terug"
        assert on_second.take(1)[0][0] == body["seq"]
        # Presence is shared too: both streams are counted, whichever process is asked.
        staff = staff_opener(first, MODERATOR)
        wait_for(lambda: presence(first, platform, staff)["citizen"] == 1)
        assert presence(second, platform, staff_opener(second, MODERATOR))["citizen"] == 1
        on_first.close()
        on_second.close()
    finally:
        platform.close()


def presence(server, platform, staff):
    return request_json(f"{base_of(server, platform)}/presence", opener=staff)[1]["connected"]


def wait_for(check, timeout=10):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_connected_participants_are_counted_until_their_stream_closes(platform):
    server = platform.start()
    staff = staff_opener(server, MODERATOR)
    token = join(server, platform.join_code, "policy")
    join(server, platform.join_code, "policy")  # joined, but never connects
    assert presence(server, platform, staff)["policy"] == 0
    listener = Listener(f"{base_of(server, platform)}/events", token=token).open()
    wait_for(lambda: presence(server, platform, staff)["policy"] == 1)
    listener.close()
    wait_for(lambda: presence(server, platform, staff)["policy"] == 0)
    status, _body = request_json(f"{base_of(server, platform)}/presence", token=token)
    assert status == 403


def test_an_idle_stream_gets_heartbeats(tmp_path):
    platform = Platform(tmp_path, LIVE_HEARTBEAT_SECONDS="1")
    try:
        server = platform.start()
        token = join(server, platform.join_code)
        listener = Listener(f"{base_of(server, platform)}/events?since=999999", token=token).open()
        time.sleep(3.5)
        assert listener.comments >= 2
        assert listener.events.empty()
        listener.close()
    finally:
        platform.close()


def _threads(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    raise AssertionError("no thread count")


def test_an_open_stream_holds_no_thread_of_its_own(platform):
    """Django would keep one thread per open stream (live/asgi.py says why); the platform
    serves streams from the event loop, so 40 listeners add no 40 threads."""
    server = platform.start()
    base = base_of(server, platform)
    staff = open_effects_phase(server, platform)
    token = join(server, platform.join_code)
    seq = request_json(base, opener=staff)[1]["seq"]
    url = f"{base}/events?since={seq}"
    listener = Listener(url, token=token).open()  # starts the server's worker threads
    before = _threads(server.process.pid)
    listeners = [Listener(url, token=token).open() for _ in range(40)]
    try:
        assert post_effect(base, token, "Camera's in de straat")[0] == 201
        for each in listeners:
            assert each.take(1)[0][:2] == (seq + 1, "effect.added")
        assert _threads(server.process.pid) - before < 10
    finally:
        for each in [listener, *listeners]:
            each.close()


def test_a_listener_that_stops_reading_is_cut_off_and_catches_up_from_the_log(tmp_path):
    """A phone that stops reading while its connection stays open: once the socket buffers
    are full the server cannot write to it, its queue fills (LIVE_QUEUE_SIZE, here 5) and it
    is no longer queued for; when it reads again it gets every event once, in order, the
    missed ones from the log."""
    import json
    import re
    import socket

    platform = Platform(tmp_path, LIVE_QUEUE_SIZE="5", LOG_LEVEL="INFO")
    try:
        server = platform.start()
        base = base_of(server, platform)
        open_effects_phase(server, platform)
        token = join(server, platform.join_code)
        start = request_json(base, token=token)[1]["seq"]

        phone = socket.socket()
        phone.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        phone.connect(("127.0.0.1", server.port))
        phone.sendall(
            f"GET /api/v1/workshops/{platform.workshop_id}/events?since={start} HTTP/1.1\r\n"
            f"Host: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
        )
        time.sleep(0.5)  # the stream is open; from here the phone reads nothing
        text = "Een lange bijdrage die de buffers vult. " * 45  # about 1,800 characters
        acked = []
        cut_off = re.compile(r"fell too far behind")
        for n in range(2000):
            status, body = post_effect(base, token, f"{n} {text}")
            assert status == 201
            acked.append(body["seq"])
            if n % 50 == 49 and cut_off.search(server.log_path.read_text()):
                break
        else:
            raise AssertionError("the frozen listener was never cut off")
        for n in range(3):  # and some after the cut-off
            acked.append(post_effect(base, token, f"after {n}")[1]["seq"])

        phone.settimeout(20)
        received, buffer = [], b""
        while not received or received[-1] < acked[-1]:
            chunk = phone.recv(1 << 16)
            assert chunk, "the stream ended"
            *blocks, buffer = (buffer + chunk).split(b"\n\n")
            for block in blocks:
                for line in block.split(b"\n"):
                    if line.startswith(b"data: "):
                        data = json.loads(line[6:])
                        if data["kind"] == "effect.added":
                            received.append(data["seq"])
        phone.close()
        assert received == acked  # every one, once, in order
        assert "fell too far behind" in server.log_path.read_text()
    finally:
        platform.close()
