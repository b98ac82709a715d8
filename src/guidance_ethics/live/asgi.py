"""Serving live event streams without holding a thread per listener.

Django's ASGI handler runs each request inside its own thread-sensitive context: the first
synchronous call (a middleware, the session, the database) starts a thread for the request,
and that thread lives until the response ends. For a page that is milliseconds; for an event
stream that stays open for a whole session it is one idle thread per listener (2,000
listeners: 2,000 threads and over a gigabyte, see docs/performance.md).

So the platform's ASGI application runs every request in one hop to a thread of a fixed
pool, and when a view returns an :class:`EventStream`, the request is finished the Django
way there (middleware, headers, ``request_finished``, which returns the database
connection); then the stream's bytes are written straight to the ASGI server from the event
loop, with a small task that ends the stream when the client goes away. Under any other
handler (the test client, WSGI) an ``EventStream`` is an ordinary streaming response.
"""

import asyncio
import contextlib
import contextvars
import logging
import socket
from concurrent.futures import ThreadPoolExecutor
from contextlib import aclosing

from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.http import FileResponse, StreamingHttpResponse
from django.urls import set_script_prefix

logger = logging.getLogger(__name__)


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
    """Django's ASGI handler with each request run whole in one hop to a worker thread,
    and event streams served from the event loop after it.

    Django builds an async middleware chain under ASGI: every middleware that can run both
    ways runs on the event loop and calls its synchronous hooks (``process_request``,
    ``process_response``, ``process_view``) each in a hop to the request's thread and back,
    and a middleware that can only run synchronously hops the other way. Every view here is
    synchronous, so that is a dozen and more round trips per request, each a thread
    hand-off that contends with the event loop writing to the open streams; and each
    request starts a thread of its own. This handler builds the synchronous chain, as under
    WSGI, and runs a request in one hop to a thread of a fixed pool (``SERVER_THREADS``):
    ``request_started``, the chain with the view, the response's content (a streaming
    response's too: Django reads a synchronous iterator whole before sending it as well)
    and ``close()`` with ``request_finished``, which returns the database connection. The
    event loop then only writes the answer (docs/performance.md).

    An :class:`EventStream` is closed the same way and then written from the event loop
    (``_serve``), without a thread. A streaming response over some other asynchronous
    iterator is sent as Django does and closed after, in a second hop.

    A client that goes away while its request runs no longer cancels the task that waits
    for the thread (the thread went on with the view either way): its answer is dropped
    when it is sent, as the ASGI server does for a closed connection.
    """

    def __init__(self):
        super().__init__()
        # Requests run at the same time in one process (SERVER_THREADS). A request that
        # waits for the database holds its thread; SQLite writes queue in the process
        # anyway, and a PostgreSQL pool (DATABASE_POOL_SIZE) hands out at most its size.
        self._threads = ThreadPoolExecutor(settings.SERVER_THREADS, thread_name_prefix="request")

    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)

    async def _in_thread(self, function, *args):
        """``function(*args)`` in a worker thread, in a copy of this task's context."""
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, context.run, function, *args)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            response, parts = await self._in_thread(self._respond, scope, body_file)
        finally:
            body_file.close()
        if parts is None:
            # An asynchronous iterator: sent as Django does, then closed.
            with contextlib.suppress(asyncio.CancelledError):  # the client went away
                await self.send_response(response, send)
            await self._in_thread(response.close)
            return
        if isinstance(response, EventStream):
            await _serve(response, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": _headers(response),
            }
        )
        for part in parts[:-1]:
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": parts[-1] if parts else b""})

    def _respond(self, scope, body_file):
        """In a worker thread: the response and its content as a list of bytes, with the
        response closed; or None for the content of a response over an asynchronous
        iterator other than an event stream, which is left open."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size
        if response.streaming and response.is_async and not isinstance(response, EventStream):
            return response, None
        try:
            if not response.streaming:
                parts = [response.content]
            elif response.is_async:
                parts = []  # an event stream: written from the event loop after this thread
            else:
                parts = list(response.streaming_content)
        finally:
            response.close()
        return response, parts


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
