"""The bare broadcast server the live benchmark compares the platform with.

A minimal ASGI application with no framework: one bounded queue per listener, and each post
serialised once into an SSE frame that goes to every listener of its workshop. It speaks
the three calls of the platform's API that the load generator uses, with the same paths:

    POST /api/v1/join                          -> {"token": "...", "workshop": 1}
    GET  /api/v1/workshops/{id}/events         -> text/event-stream
    POST /api/v1/workshops/{id}/effects        -> 201, the frame goes out to every listener

Run: ``.venv/bin/python -m uvicorn bench.baseline:app --port 8100 --lifespan off``.
"""

import asyncio
import itertools
import json
import os
import re
from collections import defaultdict

QUEUE_SIZE = 2000
# For the test that shows the benchmark catches faults: "duplicate" sends every event twice,
# "drop" leaves every fifth one out.
FAULT = os.environ.get("BENCH_FAULT", "")
# "each": one write per event, the bare broadcaster the issue describes (its facts: 45,000
# to 50,000 events a second at saturation on one core). "joined": what has queued up for a
# listener goes out in one write, as the platform's fan-out does.
WRITES = os.environ.get("BENCH_WRITES", "joined")
EVENTS = re.compile(r"^/api/v1/workshops/(\d+)/events$")
EFFECTS = re.compile(r"^/api/v1/workshops/(\d+)/effects$")

listeners: dict[int, set[asyncio.Queue]] = defaultdict(set)
sequences: dict[int, itertools.count] = defaultdict(lambda: itertools.count(1))
tokens = itertools.count(1)


async def _body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _reply(send, status: int, payload: dict) -> None:
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _stream(workshop: int, receive, send) -> None:
    queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_SIZE)
    listeners[workshop].add(queue)
    stream = asyncio.current_task()

    async def watch():
        while (await receive())["type"] != "http.disconnect":
            pass
        stream.cancel()

    watcher = asyncio.ensure_future(watch())
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")],
        }
    )
    try:
        while WRITES == "each":
            frame = await queue.get()
            await send({"type": "http.response.body", "body": frame, "more_body": True})
        while True:
            frames = [await queue.get()]
            while not queue.empty():
                frames.append(queue.get_nowait())
            await send({"type": "http.response.body", "body": b"".join(frames), "more_body": True})
    except asyncio.CancelledError:
        pass
    finally:
        watcher.cancel()
        listeners[workshop].discard(queue)


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    path, method = scope["path"], scope["method"]
    if method == "POST" and path == "/api/v1/join":
        await _body(receive)
        return await _reply(send, 201, {"token": f"t{next(tokens)}", "workshop": 1})
    if method == "GET" and (match := EVENTS.match(path)):
        return await _stream(int(match.group(1)), receive, send)
    if method == "POST" and (match := EFFECTS.match(path)):
        workshop = int(match.group(1))
        body = await _body(receive)
        seq = next(sequences[workshop])
        frame = b"id: %d\nevent: effect.added\ndata: %s\n\n" % (seq, body)
        if FAULT == "duplicate":
            frame += frame
        elif FAULT == "drop" and seq % 5 == 0:
            frame = b": dropped\n\n"
        for queue in listeners[workshop]:
            if not queue.full():
                queue.put_nowait(frame)
        return await _reply(send, 201, {"seq": seq})
    return await _reply(send, 404, {"title": "not found"})
