"""Live benchmark: participants listening to a session while contributions pour in.

Run from the checkout, after scripts/setup:

    .venv/bin/python bench/live.py one-room       # 1 session, 2,000 listeners, 20 posts/s, 60 s
    .venv/bin/python bench/live.py fifty-rooms    # 50 sessions x 40 listeners, ~1 post/min each
    .venv/bin/python bench/live.py one-room --workers 2 --postgres --redis
    .venv/bin/python bench/live.py saturation     # deliveries per second at saturation
    .venv/bin/python bench/live.py fifty-rooms --frozen 100   # 100 phones stop reading
    .venv/bin/python bench/live.py hall           # 2,000 phones join over 60 s and listen
    options: --target platform|baseline|both (default both), --listeners, --rooms, --rate,
             --duration, --client-processes, --frozen, --drain, --out results.jsonl,
             --baseline-writes joined|each|both

For each target (the platform, and the bare broadcaster of ``bench/baseline.py`` under the
same clients) it starts the server on a free port, joins every participant through
``POST /api/v1/join``, opens one Server-Sent Events stream per participant, and then posts
effects through the API at the given rate. Each effect carries its send time, so every
listener measures the time from sending the POST to the event's arrival on its own stream.
It reports p50, p95, p99 and max over every (contribution, listener) pair, deliveries per
second, events lost (a listener that never got a contribution) and duplicated, and the
server's CPU and memory per connection. Listeners run in their own processes
(``--client-processes``); the clock is the machine's monotonic clock, shared by all.

``hall`` is a hall joining at once (issue 24, point 15): ``--listeners`` phones join one
session through ``POST /api/v1/join``, one after another at an even pace over
``--duration`` seconds (no limit on joins in flight: a phone does not wait for another's
answer), and each then reads the session's state and opens its stream, listening while
the rest of the hall joins. Meanwhile ``HALL_SPEAKERS`` participants who joined before post
effects at ``--rate``. It reports each join's answer time (p50 to max) and when the last
join was answered, then what the listeners got: post to listener, and as lost what a phone
had not received of the posts sent after its stream opened.
"""

import argparse
import asyncio
import collections
import itertools
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import CLI, Platform, free_port  # noqa: E402

MARK = re.compile(rb"bench#(\d+)#(\d+)#")
SCENARIOS = {
    # name: (rooms, listeners per room, posts per second in all, seconds)
    "one-room": (1, 2000, 20.0, 60),
    "fifty-rooms": (50, 40, 50 * 40 / 60, 60),
    "saturation": (1, 500, 400.0, 20),  # more than either server can take (docs)
    "hall": (1, 2000, 2.0, 60),  # phones joining over the minute; posts/s meanwhile
}
HALL_SPEAKERS = 8  # participants who joined before the hall and post while it joins


# --- HTTP over raw sockets: cheap enough to hold thousands of streams per process ------------


async def _request(host, port, method, path, body=b"", token="", reader_writer=None):
    reader, writer = reader_writer or await asyncio.open_connection(host, port)
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    status_line = await reader.readline()
    if not status_line and reader_writer is not None:
        # A kept-alive connection the server closed meanwhile (uvicorn after 5 s idle, at
        # the hall's slow posting rate): send again on a new one, as HTTP clients do.
        writer.close()
        return await _request(host, port, method, path, body, token)
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _colon, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, reader, writer


async def _json_call(host, port, method, path, payload, token="", connection=None):
    status, headers, reader, writer = await _request(
        host,
        port,
        method,
        path,
        b"" if payload is None else json.dumps(payload).encode(),
        token,
        connection,
    )
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, (json.loads(body) if body else None), (reader, writer)


async def _listen(host, port, spec, stop_at, thaw_at, stats, opened):
    """One participant's stream: latency of every benchmark event, and duplicates.

    It reads whatever has arrived in one go and looks for the benchmark's markers in the
    raw bytes (the chunked encoding's size lines cannot contain one), so that the client
    costs little per event and is not what limits the figures. ``opened`` is called once
    the stream is open (or refused); ``stop_at`` is shared with the main process, which
    sets it once every stream is open. A frozen listener (a phone in a pocket) reads
    nothing from the moment its stream is open until ``thaw_at``, set when the posting ends.
    """
    workshop, token, since, frozen = spec
    path = f"/api/v1/workshops/{workshop}/events?since={since}"
    try:
        status, _headers, reader, writer = await _request(host, port, "GET", path, token=token)
    except (ConnectionError, asyncio.IncompleteReadError) as error:
        stats["refused"] += 1
        stats["refusals"].append(type(error).__name__)
        opened()
        return
    opened()
    if status != 200:
        stats["refused"] += 1
        stats["refusals"].append(str(status))
        writer.close()
        return
    opened_ns = time.monotonic_ns()
    seen = set()
    buffer = b""
    latencies = stats["frozen_latencies" if frozen else "latencies"]
    try:
        while frozen and time.monotonic() < thaw_at.value:
            await asyncio.sleep(0.2)
        while (left := stop_at.value - time.monotonic()) > 0:
            try:
                data = await asyncio.wait_for(reader.read(262144), min(left, 5.0))
            except TimeoutError:
                continue
            if not data:
                break
            now = time.monotonic_ns()
            buffer += data
            end = 0
            for match in MARK.finditer(buffer):
                number, sent = match.groups()
                end = match.end()
                if number in seen:
                    stats["duplicated"] += 1
                    continue
                seen.add(number)
                latencies.append((now - int(sent)) / 1e6)
                if not frozen and now > stats["last_arrival_ns"]:
                    stats["last_arrival_ns"] = now
            buffer = buffer[end:][-200:]
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()
    stats["received"][workshop] = stats["received"].get(workshop, 0) + len(seen)
    if "per_listener" in stats:  # the hall: when the stream opened, and what came
        stats["per_listener"].append((opened_ns, sorted(int(n) for n in seen)))


def _listener_process(host, port, specs, ready, stop_at, thaw_at, results):
    async def main():
        stats = {
            "latencies": array("d"),
            "frozen_latencies": array("d"),
            "duplicated": 0,
            "refused": 0,
            "refusals": [],
            "received": {},
            "last_arrival_ns": 0,
        }
        tasks = []
        all_open = asyncio.Event()
        count = 0

        def opened():
            nonlocal count
            count += 1
            if count == len(specs):
                all_open.set()

        for spec in specs:
            tasks.append(
                asyncio.ensure_future(_listen(host, port, spec, stop_at, thaw_at, stats, opened))
            )
            if len(tasks) % 100 == 0:
                await asyncio.sleep(0.05)  # open the streams at a human pace
        # Report only when every stream has its answer: posting starts after that.
        await all_open.wait()
        ready.put(len(tasks))
        await asyncio.gather(*tasks)
        return stats

    stats = asyncio.run(main())
    results.put(
        {
            "latencies": stats["latencies"].tobytes(),
            "frozen_latencies": stats["frozen_latencies"].tobytes(),
            "duplicated": stats["duplicated"],
            "refused": stats["refused"],
            "refusals": stats["refusals"],
            "received": stats["received"],
            "last_arrival_ns": stats["last_arrival_ns"],
        }
    )


async def _post_all(host, port, posters, rate, duration, start_at, failed=None):
    """Post effects at ``rate`` per second, round-robin over the rooms' posting participants;
    the numbers of the posts that failed are added to ``failed`` (a set) if given."""
    posted: dict[int, int] = {}
    answered: list[float] = []  # milliseconds from sending a post to its answer
    errors = 0
    total = int(rate * duration)
    pool = asyncio.Queue()
    for _ in range(min(16, total) or 1):
        pool.put_nowait(None)

    async def post(n):
        nonlocal errors
        workshop, token = posters[n % len(posters)]
        connection = await pool.get()
        try:
            sent = time.monotonic_ns()
            text = f"bench#{n}#{sent}# effect {n}"
            status, _body, connection = await _json_call(
                host,
                port,
                "POST",
                f"/api/v1/workshops/{workshop}/effects",
                {"text": text, "polarity": "positive"},
                token,
                connection,
            )
            # One event loop: no other post runs between these lines.
            if status == 201:
                posted[workshop] = posted.get(workshop, 0) + 1
                answered.append((time.monotonic_ns() - sent) / 1e6)
            else:
                errors += 1
                if failed is not None:
                    failed.add(n)
        except (ConnectionError, asyncio.IncompleteReadError):
            if connection is not None:
                connection[1].close()
            connection = None
            errors += 1
            if failed is not None:
                failed.add(n)
        finally:
            pool.put_nowait(connection)

    while time.monotonic() < start_at:
        await asyncio.sleep(0.01)
    tasks = []
    for n in range(total):
        delay = start_at + n / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(post(n)))
    await asyncio.gather(*tasks)
    while not pool.empty():
        connection = pool.get_nowait()
        if connection is not None:
            connection[1].close()
    return posted, errors, sorted(answered)


async def _join_all(host, port, codes, per_room):
    """Join ``per_room`` participants in each room through the API; returns (room, token)."""
    joined = []
    semaphore = asyncio.Semaphore(16)

    async def join(workshop, code):
        async with semaphore:
            payload = {"code": code, "stakeholder_group": "citizen", "consent_publication": True}
            status, body, (_reader, writer) = await _json_call(
                host, port, "POST", "/api/v1/join", payload
            )
            writer.close()
            if status != 201:
                raise RuntimeError(f"join refused: {status} {body}")
            joined.append((workshop, body["token"]))

    await asyncio.gather(*(join(w, code) for w, code in codes.items() for _ in range(per_room)))
    return joined


def _posters(joined, per_room):
    """A quarter of each room's participants post (at least one), ordered so that
    consecutive posts go to different rooms: each room's posts are spread over the run, as
    people in a room speak up at their own moments, not in bursts."""
    by_room: dict[int, list] = {}
    for workshop, token in joined:
        by_room.setdefault(workshop, []).append((workshop, token))
    chosen = [members[:: max(1, per_room // 4)] for members in by_room.values()]
    return [poster for group in itertools.zip_longest(*chosen) for poster in group if poster]


async def _current_seqs(host, port, joined) -> dict[int, int]:
    """Each room's last sequence number, as a phone's page is rendered with: its stream then
    asks for what came after (``?since=``). The baseline has no state: 0."""
    seqs = {}
    for workshop, token in joined:
        if workshop not in seqs:
            path = f"/api/v1/workshops/{workshop}"
            status, body, (_reader, writer) = await _json_call(host, port, "GET", path, None, token)
            writer.close()
            seqs[workshop] = body["seq"] if status == 200 else 0
    return seqs


# --- servers --------------------------------------------------------------------------------


def _rooms_setup(rooms: int) -> str:
    return (
        "import json\n"
        "from django.utils import timezone\n"
        "from guidance_ethics.accounts.models import User\n"
        "from guidance_ethics.cases.models import Case\n"
        "from guidance_ethics.lib.actors import SYSTEM\n"
        "from guidance_ethics.workshops import actions\n"
        "case = Case.objects.get(title='Toezicht met drones op bedrijventerrein De Vaart')\n"
        "m = User.objects.get(email='moderator@politie-noordveld.test')\n"
        "codes = {}\n"
        f"for n in range({rooms}):\n"
        "    w = actions.plan_workshop(SYSTEM, case, starts_at=timezone.now(), format='online',"
        " moderator=m, co_moderator=m)\n"
        "    actions.set_phase(SYSTEM, w, 'effects')\n"
        "    codes[w.pk] = w.join_code\n"
        "print(json.dumps(codes))\n"
    )


class Target:
    def __init__(self, name, args, rooms):
        self.name = name
        self.processes = []
        self.port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix=f"ge-bench-{name}-"))
        if name == "baseline":
            self.codes = {n + 1: f"CODE{n + 1}" for n in range(rooms)}
            command = [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.baseline:app",
                "--port",
                str(self.port),
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ]
            if args.workers > 1:
                command += ["--workers", str(args.workers)]
            self.environ = dict(os.environ, BENCH_WRITES=args.baseline_writes)
        else:
            platform = Platform(
                self.tmp,
                database_url="postgres://postgres@127.0.0.1:5432/postgres" if args.postgres else "",
                redis_url="redis://127.0.0.1:6379/2" if args.redis else "",
                JOIN_FAILURE_LIMIT="1000",
            )
            self.platform = platform
            made = subprocess.run(  # noqa: S603 (our own command line)
                [CLI, "manage", "shell", "-v0", "-c", _rooms_setup(rooms)],
                env=platform.environ,
                capture_output=True,
                text=True,
                check=True,
            )
            self.codes = {int(k): v for k, v in json.loads(made.stdout).items()}
            command = [str(CLI), "serve", "--port", str(self.port), "--workers", str(args.workers)]
            self.environ = platform.environ
        log = (self.tmp / "server.log").open("w")
        self.server = subprocess.Popen(  # noqa: S603 (our own command line)
            command, cwd=ROOT, env=self.environ, stdout=log, stderr=log
        )
        log.close()
        for _ in range(300):
            try:
                import urllib.request

                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/", timeout=1)
                break
            except OSError as error:
                if getattr(error, "code", None) == 404:
                    break
                time.sleep(0.1)

    def pids(self) -> list[int]:
        found = [self.server.pid]
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
        if children.exists():
            found += [int(p) for p in children.read_text().split()]
        return found

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except FileNotFoundError:
                continue
        return total / ticks

    def rss_bytes(self) -> int:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            except FileNotFoundError:
                continue
        return total

    def close(self):
        self.server.terminate()
        try:
            self.server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.server.kill()
        if self.name == "platform":
            self.platform.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def percentile(values, fraction):
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(fraction * len(values)) - 1))
    return values[index]


def run_target(name, args, rooms, per_room, rate, duration) -> dict:
    target = Target(name, args, rooms)
    host, port = "127.0.0.1", target.port
    try:
        joined = asyncio.run(_join_all(host, port, target.codes, per_room))
        seqs = asyncio.run(_current_seqs(host, port, joined))
        posters = _posters(joined, per_room)
        rss_idle = target.rss_bytes()
        context = multiprocessing.get_context("fork")
        ready, results = context.Queue(), context.Queue()
        # Listeners keep reading for a while after the last post, so that an event that is
        # merely late is counted as late, not as lost. The end is set once all are open.
        stop_at = context.RawValue("d", float("inf"))
        thaw_at = context.RawValue("d", float("inf"))
        # Frozen listeners are spread evenly over the rooms and never among the posters.
        speaking = set(posters)
        quiet = sorted((jt for jt in joined if jt not in speaking), key=lambda jt: jt[0])
        step = max(1, len(quiet) // args.frozen) if args.frozen else 0
        frozen = set(quiet[::step][: args.frozen]) if step else set()
        specs = [
            (workshop, token, seqs[workshop], (workshop, token) in frozen)
            for workshop, token in joined
        ]
        shares = [specs[i :: args.client_processes] for i in range(args.client_processes)]
        workers = [
            context.Process(
                target=_listener_process,
                args=(host, port, share, ready, stop_at, thaw_at, results),
            )
            for share in shares
        ]
        for worker in workers:
            worker.start()
        opened = sum(ready.get(timeout=600) for _ in workers)
        start_at = time.monotonic() + 3  # let the server settle after the last stream opened
        # Until the posting is over (a server that accepts posts more slowly than they are
        # offered takes longer), then the drain time.
        stop_at.value = start_at + duration + args.drain + 3600
        while time.monotonic() < start_at - 1:
            time.sleep(0.1)
        rss_listening = target.rss_bytes()
        cpu_before = target.cpu_seconds()
        posting_started = time.monotonic()
        posted, errors, answered = asyncio.run(
            _post_all(host, port, posters, rate, duration, start_at)
        )
        cpu_after = target.cpu_seconds()
        posting_took = time.monotonic() - max(posting_started, start_at)
        thaw_at.value = time.monotonic()
        stop_at.value = time.monotonic() + args.drain
        outcomes = [results.get(timeout=duration + 120) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
    finally:
        target.close()
    latencies, frozen_latencies = array("d"), array("d")
    received, duplicated, refused, refusals = {}, 0, 0, []
    # The last event's arrival at its last listener, in seconds after the posting began: a
    # server whose fan-out falls behind its posts delivers for longer than it took posts.
    delivering = max(o["last_arrival_ns"] for o in outcomes) / 1e9 - start_at
    for outcome in outcomes:
        latencies.frombytes(outcome["latencies"])
        frozen_latencies.frombytes(outcome["frozen_latencies"])
        duplicated += outcome["duplicated"]
        refused += outcome["refused"]
        refusals.extend(outcome["refusals"])
        for workshop, count in outcome["received"].items():
            received[workshop] = received.get(workshop, 0) + count
    expected = sum(posted.get(w, 0) * per_room for w in target.codes)
    ordered = sorted(latencies)  # the listeners that kept reading
    delivered = len(ordered) + len(frozen_latencies)
    return {
        "target": name,
        "rooms": rooms,
        "listeners": len(joined),
        "streams_open": opened - refused,
        "streams_refused": dict(collections.Counter(refusals)),
        "posts": sum(posted.values()),
        "post_errors": errors,
        "post_answer_p50_ms": round(percentile(answered, 0.50), 1),
        "post_answer_p99_ms": round(percentile(answered, 0.99), 1),
        "deliveries": delivered,
        "lost": expected - delivered,  # not received by the end of the drain time
        "duplicated": duplicated,
        # Over the time from the first post to the last delivery (the posting time at
        # least): at saturation that is longer than planned.
        "deliveries_per_second": round(delivered / max(duration, posting_took, delivering), 1),
        "delivering_seconds": round(delivering, 1),
        "p50_ms": round(percentile(ordered, 0.50), 1),
        "p95_ms": round(percentile(ordered, 0.95), 1),
        "p99_ms": round(percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1) if ordered else None,
        "mean_ms": round(statistics.fmean(ordered), 1) if ordered else None,
        "server_cpu_seconds": round(cpu_after - cpu_before, 1),
        "posting_seconds": round(posting_took, 1),
        "server_cpu_percent": round(100 * (cpu_after - cpu_before) / posting_took, 1),
        "rss_per_stream_kib": round((rss_listening - rss_idle) / max(1, len(joined)) / 1024, 1),
        # Frozen listeners: how many, and what they had received by the end (their latency
        # is the freeze; the percentiles above are of the others).
        "frozen": sum(1 for spec in specs if spec[3]),
        "frozen_deliveries": len(frozen_latencies),
    }


def _hall_process(host, port, workshop, code, phones, schedule, stop_at, results):
    """Phones ``phones`` (indices into ``schedule``, their join times) join, read the state
    and listen until ``stop_at``."""
    never = type("Never", (), {"value": float("inf")})()

    async def phone(stats, index):
        delay = schedule[index] - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        payload = {"code": code, "stakeholder_group": "citizen", "consent_publication": True}
        sent = time.monotonic_ns()
        try:
            status, body, connection = await _json_call(host, port, "POST", "/api/v1/join", payload)
        except (ConnectionError, asyncio.IncompleteReadError):
            stats["join_errors"] += 1
            return
        answered = time.monotonic_ns()
        stats["join_ms"].append((answered - sent) / 1e6)
        stats["last_join_ns"] = max(stats["last_join_ns"], answered)
        if status != 201:
            connection[1].close()
            stats["join_errors"] += 1
            return
        token = body["token"]
        path = f"/api/v1/workshops/{workshop}"
        status, state, connection = await _json_call(
            host, port, "GET", path, None, token, connection
        )
        connection[1].close()
        since = state["seq"] if status == 200 else 0  # the baseline has no state: 0
        await _listen(host, port, (workshop, token, since, False), stop_at, never, stats, list)

    async def main():
        stats = {
            "latencies": array("d"),
            "frozen_latencies": array("d"),
            "duplicated": 0,
            "refused": 0,
            "refusals": [],
            "received": {},
            "last_arrival_ns": 0,
            "per_listener": [],
            "join_ms": array("d"),
            "join_errors": 0,
            "last_join_ns": 0,
        }
        await asyncio.gather(*(phone(stats, index) for index in phones))
        return stats

    stats = asyncio.run(main())
    results.put(
        {
            "latencies": stats["latencies"].tobytes(),
            "join_ms": stats["join_ms"].tobytes(),
            **{
                key: stats[key]
                for key in (
                    "duplicated",
                    "refused",
                    "refusals",
                    "per_listener",
                    "join_errors",
                    "last_join_ns",
                )
            },
        }
    )


def run_hall(name, args, phones, rate, duration) -> dict:
    """Scenario ``hall`` (see the module's docstring)."""
    target = Target(name, args, 1)
    host, port = "127.0.0.1", target.port
    [(workshop, code)] = target.codes.items()
    try:
        speakers = asyncio.run(_join_all(host, port, target.codes, HALL_SPEAKERS))
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        stop_at = context.RawValue("d", float("inf"))
        start_at = time.monotonic() + 3
        schedule = [start_at + index * duration / phones for index in range(phones)]
        workers = [
            context.Process(
                target=_hall_process,
                args=(
                    host,
                    port,
                    workshop,
                    code,
                    range(share, phones, args.client_processes),
                    schedule,
                    stop_at,
                    results,
                ),
            )
            for share in range(args.client_processes)
        ]
        for worker in workers:
            worker.start()
        cpu_before = target.cpu_seconds()
        failed = set()
        posted, errors, answered = asyncio.run(
            _post_all(host, port, speakers, rate, duration, start_at, failed)
        )
        while time.monotonic() < start_at + duration:
            time.sleep(0.1)
        cpu_after = target.cpu_seconds()
        posting_took = time.monotonic() - start_at
        stop_at.value = time.monotonic() + args.drain
        outcomes = [results.get(timeout=duration + args.drain + 600) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
    finally:
        target.close()
    joins, latencies = array("d"), array("d")
    for outcome in outcomes:
        joins.frombytes(outcome["join_ms"])
        latencies.frombytes(outcome["latencies"])
    joins, latencies = sorted(joins), sorted(latencies)
    # Post ``n`` was sent at ``start_at + n / rate`` or later: a phone whose stream was open
    # by then must have it, unless the post failed.
    total_posts = int(rate * duration)
    lost = 0
    for outcome in outcomes:
        for opened_ns, seen in outcome["per_listener"]:
            due = {
                n
                for n in range(total_posts)
                if start_at + n / rate > opened_ns / 1e9 + 0.001 and n not in failed
            }
            lost += len(due - set(seen))
    last_join = max(o["last_join_ns"] for o in outcomes) / 1e9 - start_at
    return {
        "target": name,
        "phones": phones,
        "joined": len(joins) - sum(o["join_errors"] for o in outcomes),
        "join_errors": sum(o["join_errors"] for o in outcomes),
        "join_answer_p50_ms": round(percentile(joins, 0.50), 1),
        "join_answer_p95_ms": round(percentile(joins, 0.95), 1),
        "join_answer_p99_ms": round(percentile(joins, 0.99), 1),
        "join_answer_max_ms": round(joins[-1], 1) if joins else None,
        "last_join_answered_s": round(last_join, 1),
        "streams_open": sum(len(o["per_listener"]) for o in outcomes)
        - sum(o["refused"] for o in outcomes),
        "streams_refused": dict(collections.Counter(r for o in outcomes for r in o["refusals"])),
        "posts": sum(posted.values()),
        "post_errors": errors,
        "post_answer_p50_ms": round(percentile(answered, 0.50), 1),
        "post_answer_p99_ms": round(percentile(answered, 0.99), 1),
        "deliveries": len(latencies),
        "lost": lost,
        "duplicated": sum(o["duplicated"] for o in outcomes),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "server_cpu_seconds": round(cpu_after - cpu_before, 1),
        "server_cpu_percent": round(100 * (cpu_after - cpu_before) / posting_took, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Live benchmark (see the module's docstring).")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--target", choices=["platform", "baseline", "both"], default="both")
    parser.add_argument("--rooms", type=int)
    parser.add_argument(
        "--frozen", type=int, default=0, help="listeners that stop reading (scenario 4)"
    )
    parser.add_argument("--listeners", type=int, help="listeners per room (hall: phones)")
    parser.add_argument("--rate", type=float, help="posts per second, all rooms together")
    parser.add_argument(
        "--duration", type=int, help="seconds of posting (hall: over which the phones join)"
    )
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--postgres", action="store_true", help="the platform on PostgreSQL")
    parser.add_argument("--redis", action="store_true", help="the platform's fan-out via Redis")
    parser.add_argument(
        "--drain", type=int, default=20, help="seconds listeners keep reading after posting"
    )
    parser.add_argument(
        "--baseline-writes",
        choices=["joined", "each", "both"],
        help="the baseline writes what has queued for a listener at once, each event alone, "
        "or both in turn (the default for saturation; joined for the other scenarios)",
    )
    parser.add_argument("--out", help="append the results as JSON lines to this file")
    args = parser.parse_args()
    rooms, per_room, rate, duration = SCENARIOS[args.scenario]
    rooms = args.rooms or rooms
    per_room = args.listeners or per_room
    rate = args.rate or rate
    duration = args.duration or duration
    writes = args.baseline_writes or ("both" if args.scenario == "saturation" else "joined")
    baselines = [(w, "baseline") for w in (["each", "joined"] if writes == "both" else [writes])]
    runs = (baselines if args.target != "platform" else []) + (
        [("", "platform")] if args.target != "baseline" else []
    )
    print(
        f"scenario {args.scenario}: {rooms} room(s) x {per_room} listeners, {rate:g} posts/s, "
        f"{duration} s, {args.workers} server process(es), {args.client_processes} client "
        f"processes, {os.cpu_count()} cores"
        + (", PostgreSQL" if args.postgres else "")
        + (", Redis" if args.redis else "")
    )
    results = {}
    for writes, name in runs:
        args.baseline_writes = writes or "joined"
        label = f"baseline ({writes} write{'s' if writes == 'joined' else ''})" if writes else name
        if args.scenario == "hall":
            result = {**run_hall(name, args, per_room, rate, duration), "target": label}
        else:
            result = {**run_target(name, args, rooms, per_room, rate, duration), "target": label}
        if writes:
            result["baseline_writes"] = writes
        results[label] = result
        print(json.dumps(result), flush=True)
        if args.out:  # each target as soon as it is done, in case a later one hangs
            with open(args.out, "a") as file:
                file.write(json.dumps({"scenario": args.scenario, **result}) + "\n")
    platform = results.get("platform")
    for label, base in results.items():
        if platform and label != "platform" and args.scenario == "hall":
            print(
                "platform / {}: join p99 {:.2f}x, last join {:.1f} s against {:.1f} s".format(
                    label,
                    platform["join_answer_p99_ms"] / max(0.1, base["join_answer_p99_ms"]),
                    platform["last_join_answered_s"],
                    base["last_join_answered_s"],
                )
            )
        elif platform and label != "platform":
            print(
                "platform / {}: p99 {:.2f}x, deliveries per second {:.2f}".format(
                    label,
                    platform["p99_ms"] / base["p99_ms"],
                    platform["deliveries_per_second"] / max(1, base["deliveries_per_second"]),
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
