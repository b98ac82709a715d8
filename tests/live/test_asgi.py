"""live/asgi.py: the middleware chain and the view run in one hop to the request's thread."""

import asyncio
import threading
from pathlib import Path

import pytest
from asgiref.sync import SyncToAsync, iscoroutinefunction
from asgiref.testing import ApplicationCommunicator
from django.core.signals import request_finished
from django.http import StreamingHttpResponse
from django.test import override_settings
from django.urls import path

import guidance_ethics
from guidance_ethics.live.asgi import Application

STATIC = Path(guidance_ethics.__file__).parent / "core" / "static"


def test_the_chain_is_synchronous():
    assert not iscoroutinefunction(Application()._middleware_chain)


def test_the_request_threads_are_a_setting(settings):
    settings.SERVER_THREADS = 3
    assert Application()._threads._max_workers == 3


def test_a_request_makes_one_hop_to_a_thread_and_starts_none(monkeypatch):
    """Django's async chain hops for every middleware hook (more than a dozen times per
    request) and starts a thread per request; here request_started, the chain with the
    view and closing the response are one hop to a thread of a fixed pool."""
    hops, synchronous = [], []
    original = Application._in_thread

    async def counted(self, function, *args):
        hops.append(getattr(function, "__qualname__", repr(function)))
        return await original(self, function, *args)

    async def refused(self, *args, **kwargs):
        synchronous.append(self.func)
        raise AssertionError("asgiref's sync_to_async is not used for a request")

    monkeypatch.setattr(Application, "_in_thread", counted)
    monkeypatch.setattr(SyncToAsync, "__call__", refused)
    before = threading.active_count()
    (start, body), finished = served(get("/api/v1/openapi.json"))
    assert start["status"] == 200 and body["body"].startswith(b"{")
    assert not body.get("more_body")
    assert hops == ["Application._respond"], hops
    assert not synchronous
    assert threading.active_count() <= before + 1  # the pool's first thread, at most
    assert finished == 1  # the response was closed: the database connection is back


def get(path: str) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


def served(scope) -> tuple[list[dict], int]:
    """The messages of one request, and how often ``request_finished`` was sent for it."""
    finished = []
    request_finished.connect(receiver := lambda **kwargs: finished.append(kwargs))
    try:
        return asyncio.run(request(scope)), len(finished)
    finally:
        request_finished.disconnect(receiver)


async def request(scope) -> list[dict]:
    """Every message the application sends for one request, until the body is complete."""
    communicator = ApplicationCommunicator(Application(), scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    messages = [await communicator.receive_output(10)]
    while True:
        messages.append(await communicator.receive_output(10))
        if not messages[-1].get("more_body"):
            break
    await communicator.wait(10)
    return messages


# Django warns that it reads a file response's synchronous iterator whole before sending it.
@pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators")
def test_a_streaming_response_is_sent_as_django_does_and_then_closed():
    """A static file (WhiteNoise's streaming file response) is read while it is sent, and
    closed after, in the request's thread."""
    messages, finished = served(get("/static/guidance_ethics/app.css"))
    assert messages[0]["status"] == 200
    body = b"".join(message.get("body", b"") for message in messages[1:])
    assert body == (STATIC / "guidance_ethics" / "app.css").read_bytes()
    assert finished == 1


async def _counting():
    for n in range(3):
        yield f"part {n}\n".encode()


def counting(request):
    return StreamingHttpResponse(_counting(), content_type="text/plain")


urlpatterns = [path("counting/", counting)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_response_over_another_asynchronous_iterator_is_sent_as_it_comes_and_closed():
    messages, finished = served(get("/counting/"))
    assert messages[0]["status"] == 200
    parts = [message["body"] for message in messages[1:] if message.get("body")]
    assert parts == [b"part 0\n", b"part 1\n", b"part 2\n"]
    assert finished == 1
