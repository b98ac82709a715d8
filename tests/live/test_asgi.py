"""live/asgi.py: the middleware chain and the view run in one hop to the request's thread."""

import asyncio

from asgiref.sync import SyncToAsync, iscoroutinefunction
from asgiref.testing import ApplicationCommunicator

from guidance_ethics.live.asgi import Application


def test_the_chain_is_synchronous():
    assert not iscoroutinefunction(Application()._middleware_chain)


def test_a_request_makes_three_hops_to_its_thread(monkeypatch):
    """Django's async chain hops for every middleware hook (more than a dozen times per
    request); here: request_started, the chain with the view, and closing the response."""
    hops = []
    original = SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        hops.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(SyncToAsync, "__call__", counted)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/v1/openapi.json",
        "raw_path": b"/api/v1/openapi.json",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }

    async def request():
        communicator = ApplicationCommunicator(Application(), scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(10)
        body = await communicator.receive_output(10)
        await communicator.wait(10)
        return start, body

    start, body = asyncio.run(request())
    assert start["status"] == 200 and body["body"].startswith(b"{")
    assert len(hops) <= 3, hops
