"""Fan-out of committed events to the live listeners, through a broker chosen by URL.

``memory://`` (the default) delivers inside one process. ``redis://`` delivers to every
process that listens, through Redis pub/sub; each process keeps one subscription and fans out
to its own listeners. A message carries the frames already rendered, so every listener of an
audience gets the same bytes.
"""

import asyncio
import base64
import collections
import json
import logging
import threading
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

QUEUE_SIZE = 2000
CHANNEL_PREFIX = "guidance-ethics:workshop:"


@dataclass(frozen=True, slots=True)
class Message:
    workshop_id: int
    seq: int
    public: bytes | None
    staff: bytes | None

    def to_bytes(self) -> bytes:
        def b64(frame):
            return None if frame is None else base64.b64encode(frame).decode()

        return json.dumps(
            {"w": self.workshop_id, "s": self.seq, "p": b64(self.public), "t": b64(self.staff)}
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> "Message":
        data = json.loads(raw)

        def unb64(text):
            return None if text is None else base64.b64decode(text)

        return cls(data["w"], data["s"], unb64(data["p"]), unb64(data["t"]))


class Subscription:
    """One listener's queue. If the listener falls too far behind, ``overflowed`` is set and
    the listener reads what it missed from the event log instead.

    The listener takes what has arrived in one batch (``next_batch``), so that a listener
    that is behind catches up with one write instead of one per event.
    """

    def __init__(self, broker, workshop_id: int):
        self.broker = broker
        self.workshop_id = workshop_id
        self.loop = asyncio.get_running_loop()
        self.queue: collections.deque[Message] = collections.deque()
        self.overflowed = False
        self._waiter: asyncio.Future | None = None

    def deliver(self, message: Message) -> None:
        """Called in the subscription's event loop."""
        if len(self.queue) >= QUEUE_SIZE:
            self.overflowed = True
        else:
            self.queue.append(message)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def next_batch(self, timeout: float) -> list[Message]:
        """Every message that has arrived, waiting up to ``timeout`` seconds for the first;
        an empty list when none came (time for a heartbeat)."""
        if not self.queue and not self.overflowed:
            self._waiter = self.loop.create_future()
            timer = self.loop.call_later(timeout, _wake, self._waiter)
            try:
                await self._waiter
            finally:
                timer.cancel()
                self._waiter = None
        batch = list(self.queue)
        self.queue.clear()
        return batch

    def close(self) -> None:
        self.broker.unsubscribe(self)


def _wake(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _deliver_all(subscriptions, message: Message) -> None:
    for subscription in subscriptions:
        subscription.deliver(message)


class MemoryBroker:
    """Delivers to the listeners of this process."""

    def __init__(self):
        self._subscriptions: dict[int, set[Subscription]] = {}
        self._lock = threading.Lock()

    async def subscribe(self, workshop_id: int) -> Subscription:
        subscription = Subscription(self, workshop_id)
        with self._lock:
            self._subscriptions.setdefault(workshop_id, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            listeners = self._subscriptions.get(subscription.workshop_id)
            if listeners is not None:
                listeners.discard(subscription)
                if not listeners:
                    del self._subscriptions[subscription.workshop_id]

    def listener_count(self, workshop_id: int) -> int:
        with self._lock:
            return len(self._subscriptions.get(workshop_id, ()))

    def publish(self, message: Message) -> None:
        self.deliver_locally(message)

    def deliver_locally(self, message: Message) -> None:
        """Thread-safe: hands the message to the listeners' event loops, with one wake-up
        per loop rather than one per listener."""
        by_loop: dict[asyncio.AbstractEventLoop, list[Subscription]] = {}
        with self._lock:
            for subscription in self._subscriptions.get(message.workshop_id, ()):
                by_loop.setdefault(subscription.loop, []).append(subscription)
        for loop, subscriptions in by_loop.items():
            try:
                loop.call_soon_threadsafe(_deliver_all, subscriptions, message)
            except RuntimeError:  # that loop has closed; its listeners are gone
                for subscription in subscriptions:
                    self.unsubscribe(subscription)


class RedisBroker(MemoryBroker):
    """Publishes through Redis; one pattern subscription per process feeds local listeners."""

    def __init__(self, url: str):
        super().__init__()
        import redis

        self.url = url
        self._publisher = redis.Redis.from_url(url)
        self._listeners: dict[asyncio.AbstractEventLoop, asyncio.Future] = {}
        self._tasks: set[asyncio.Task] = set()

    def publish(self, message: Message) -> None:
        self._publisher.publish(f"{CHANNEL_PREFIX}{message.workshop_id}", message.to_bytes())

    async def subscribe(self, workshop_id: int) -> Subscription:
        subscription = await super().subscribe(workshop_id)
        await self._ensure_listening()
        return subscription

    async def _ensure_listening(self) -> None:
        loop = asyncio.get_running_loop()
        ready = self._listeners.get(loop)
        if ready is None or (ready.done() and ready.exception() is not None):
            ready = loop.create_future()
            self._listeners[loop] = ready
            task = loop.create_task(self._listen(ready))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        await asyncio.shield(ready)

    async def _listen(self, ready: asyncio.Future) -> None:
        import redis.asyncio

        client = redis.asyncio.Redis.from_url(self.url)
        pubsub = client.pubsub()
        try:
            await pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
            ready.set_result(True)
            async for item in pubsub.listen():
                if item["type"] == "pmessage":
                    self.deliver_locally(Message.from_bytes(item["data"]))
        except Exception as error:
            logger.exception("Redis event listener stopped")
            if not ready.done():
                ready.set_exception(error)
        finally:
            # The next subscription starts a new listener.
            self._listeners.pop(asyncio.get_running_loop(), None)
            await pubsub.aclose()
            await client.aclose()


_broker = None
_broker_lock = threading.Lock()


def get_broker():
    """The process's broker, from ``REDIS_URL`` (Redis) or in memory."""
    global _broker
    with _broker_lock:
        if _broker is None:
            url = settings.REDIS_URL
            _broker = RedisBroker(url) if url else MemoryBroker()
        return _broker


def reset_broker() -> None:
    """For tests: forget the broker so that the next call reads the settings again."""
    global _broker
    with _broker_lock:
        _broker = None
