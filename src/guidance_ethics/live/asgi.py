"""Serving live event streams without holding a thread per listener.

Django's ASGI handler runs each request inside its own thread-sensitive context: the first
synchronous call (a middleware, the session, the database) starts a thread for the request,
and that thread lives until the response ends. For a page that is milliseconds; for an event
stream that stays open for a whole session it is one idle thread per listener (2,000
listeners: 2,000 threads and over a gigabyte, see docs/performance.md).

So the platform's ASGI application is Django's handler with one change: when a view returns
an :class:`EventStream`, the request is finished the Django way (middleware, headers,
``request_finished``, which returns the database connection) and its thread is released;
then the stream's bytes are written straight to the ASGI server from the event loop, with a
small task that ends the stream when the client goes away. Under any other handler (the test
client, WSGI) an ``EventStream`` is an ordinary streaming response.
"""

import asyncio
import contextvars
import logging
import socket
from contextlib import aclosing

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.http import StreamingHttpResponse

logger = logging.getLogger(__name__)

# Where the handler leaves an event stream for ``Application.__call__`` to serve.
_held: contextvars.ContextVar[list] = contextvars.ContextVar("held_event_stream")


class EventStream(StreamingHttpResponse):
    """A ``text/event-stream`` response whose content is an async iterator of bytes."""

    def __init__(self, events):
        super().__init__(events, content_type="text/event-stream")
        self.events = events
        self["Cache-Control"] = "no-cache"
        self["X-Accel-Buffering"] = "no"  # nginx: pass each write on at once


def _headers(response) -> list[tuple[bytes, bytes]]:
    headers = [
        (str(name).encode("ascii"), str(value).encode("latin1")) for name, value in response.items()
    ]
    for cookie in response.cookies.values():
        headers.append((b"Set-Cookie", cookie.output(header="").encode("ascii").strip()))
    return headers


class Application(ASGIHandler):
    """Django's ASGI handler, serving event streams outside the per-request thread, with the
    middleware chain and the view run in one hop to that thread.

    Django builds an async middleware chain under ASGI: every middleware that can run both
    ways runs on the event loop and calls its synchronous hooks (``process_request``,
    ``process_response``, ``process_view``) each in a hop to the request's thread and back,
    and a middleware that can only run synchronously hops the other way. Every view here is
    synchronous, so that is a dozen and more round trips per request, each a thread
    hand-off that contends with the event loop writing to the open streams. This handler
    builds the synchronous chain, as under WSGI, and runs it whole in the request's thread:
    one round trip (docs/performance.md).
    """

    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)

    async def __call__(self, scope, receive, send):
        held: list[EventStream] = []
        token = _held.set(held)
        try:
            await super().__call__(scope, receive, send)
        finally:
            _held.reset(token)
        if held:
            # Django's part of the request is over and its thread is gone.
            await _serve(held[0], receive, send)

    async def send_response(self, response, send):
        held = _held.get(None)
        if isinstance(response, EventStream) and held is not None:
            held.append(response)
            return
        await super().send_response(response, send)


def _limit_send_buffer(send) -> None:
    """Cap the kernel's send buffer of a stream's socket (LIVE_SEND_BUFFER_KIB).

    Linux lets a socket's send buffer grow to 4 MB when the other side stops reading: a
    frozen phone could pin that much kernel memory, thousands of them gigabytes, and the
    server would not notice it had fallen behind until then. With the cap the stream's
    writes wait after a few hundred events, its queue fills and it is cut off
    (LIVE_QUEUE_SIZE), to read from the log when the phone reads again. uvicorn does not
    hand the socket to the application; it is found through its ``send``, and where that
    fails (another server) the kernel's default stays."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    try:
        sock = transport.get_extra_info("socket") if transport is not None else None
        if sock is not None:
            size = settings.LIVE_SEND_BUFFER_KIB * 1024
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size)
    except (AttributeError, OSError):
        logger.debug("send buffer of an event stream not limited", exc_info=True)


async def _serve(response: EventStream, receive, send) -> None:
    stream = asyncio.current_task()
    _limit_send_buffer(send)

    async def watch():
        while (await receive())["type"] != "http.disconnect":
            pass
        stream.cancel()

    watcher = asyncio.create_task(watch())
    try:
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": _headers(response),
            }
        )
        async with aclosing(response.events) as events:
            async for chunk in events:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body"})
    except asyncio.CancelledError:
        pass  # the client went away
    except OSError:
        pass  # the connection broke while writing
    finally:
        watcher.cancel()
