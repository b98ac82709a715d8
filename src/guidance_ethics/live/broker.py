"""Fan-out of committed events to the live listeners, through a broker chosen by URL.

``memory://`` (the default) delivers inside one process. ``redis://`` delivers to every
process that listens, through Redis pub/sub; each process keeps one subscription and fans out
to its own listeners. A message carries the frames already rendered, so every listener of an
audience gets the same bytes.
"""

import asyncio
import contextlib
import hashlib
import logging
import random
import threading

import redis
import redis.asyncio
from django.conf import settings
from django.db import connection

from guidance_ethics.live.messages import Bundle, Message, Notice, decode

logger = logging.getLogger(__name__)

QUEUE_SIZE = settings.LIVE_QUEUE_SIZE
# How long a message that arrives after a gap waits for the missing one, and how often the
# fan-out looks again meanwhile (seconds).
REORDER_GRACE = 0.5
REORDER_STEP = 0.01
# The participant counts of a session (a ``Notice``) go out at most once per this many
# seconds per session, and only to the staff and the board: a hall of 2,000 joining in a
# minute sends the board a few counts a second, not 2,000 events to every phone.
NOTICE_INTERVAL = 0.25


def channel_prefix(db: dict | None = None) -> str:
    """The Redis channels of this installation (``db``: its database's settings). Pub/sub
    ignores Redis's database number, so two installations (or a test and an acceptance
    environment) sharing one Redis server would otherwise receive each other's events: the
    prefix names the database the events come from."""
    db = db or connection.settings_dict
    identity = f"{db['ENGINE']}|{db['HOST']}|{db['PORT']}|{db['NAME']}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return f"guidance-ethics:{digest}:workshop:"


class Subscription:
    """One listener's queue of bundles. If the listener falls more than ``QUEUE_SIZE``
    events behind, ``overflowed`` is set and the listener reads what it missed from the
    event log instead.

    The listener takes what has arrived in one batch (``next_batch``), so that a listener
    that is behind catches up with one write instead of one per event. A listener with
    ``notices`` (the staff and the board) also gets the session's latest ``Notice`` frame in
    ``notice``: the stream writes it with the next batch.
    """

    def __init__(self, broker, workshop_id: int, notices: bool = False):
        self.broker = broker
        self.workshop_id = workshop_id
        self.notices = notices
        self.notice: bytes | None = None
        self.loop = asyncio.get_running_loop()
        self.queue: list[Bundle] = []
        self.queued = 0
        self.overflowed = False
        self._waiter: asyncio.Future | None = None
        self._timer: asyncio.TimerHandle | None = None

    def deliver(self, bundle: Bundle) -> None:
        """Called in the subscription's event loop."""
        if self.queued + len(bundle.messages) > QUEUE_SIZE:
            if not self.overflowed:
                logger.info(
                    "A listener of session %s fell too far behind; it will read from the log",
                    self.workshop_id,
                )
            self.overflowed = True
        else:
            self.queue.append(bundle)
            self.queued += len(bundle.messages)
        _wake(self._waiter)

    def note(self, frame: bytes) -> None:
        """Called in the subscription's event loop: the latest notice replaces one that has
        not been written yet."""
        self.notice = frame
        _wake(self._waiter)

    async def next_batch(self, timeout: float) -> list[Bundle]:
        """Every bundle that has arrived, waiting for the first; an empty list when none came
        within ``timeout`` seconds (time for a heartbeat) or only a notice came. The
        heartbeat's timer runs from one heartbeat to the next, not from each wait: a
        listener that is written to ten times a second does not set and cancel a timer ten
        times a second."""
        if not self.queue and not self.overflowed and self.notice is None:
            if self._timer is None:
                # Spread over the last fifth of the interval: streams opened together (a
                # server restart) do not all write their heartbeat in the same instant.
                delay = timeout * random.uniform(0.8, 1.0)  # noqa: S311 (not a secret)
                self._timer = self.loop.call_later(delay, self._heartbeat)
            self._waiter = self.loop.create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        batch, self.queue, self.queued = self.queue, [], 0
        return batch

    def _heartbeat(self) -> None:
        self._timer = None
        _wake(self._waiter)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.broker.unsubscribe(self)


def _wake(waiter: asyncio.Future | None) -> None:
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


class _Fanout:
    """One workshop's fan-out in one event loop.

    A message goes out at once when nothing of the room's last delivery is still being
    written: an idle loop sends each event as it comes, in a room of 40 or of 2,000. While
    the listeners woken by a delivery are still being written to (the loop is busy with
    them), what arrives waits and goes out together as soon as they are done, as one
    ``Bundle`` whose frames are joined once for all: each listener gets one write per busy
    period, however many events came meanwhile: the passes over a room never pile up, and
    the longer one takes (a bigger room, a busier machine), the more events the next one
    carries. ``LIVE_FANOUT_WINDOW_MS`` 0 switches the combining off (docs/live.md).

    It also puts messages back in order. Two transactions commit in sequence order, but
    their threads (or processes) may publish in the other order; a listener that saw the
    later one first would have to read the earlier one from the database, and every
    listener at once would. So a message that comes after a gap waits up to
    ``REORDER_GRACE`` seconds for the missing one; only then does it go out, and the
    listeners read the gap from the log.

    Notices (the participant counts) go only to the listeners that asked for them, at most
    once per ``NOTICE_INTERVAL``, the latest one only. Runs only in its loop.
    """

    def __init__(self, broker, loop, workshop_id: int):
        self.broker = broker
        self.loop = loop
        self.workshop_id = workshop_id
        self.pending: list[Message] = []
        self.scheduled = False
        # A delivery's listeners are still being written to: what arrives waits for them.
        self.busy = False
        self.last_seq: int | None = None  # the last sequence number delivered
        self.gap_since: float | None = None
        self.notice: Notice | None = None  # the latest, not yet sent
        self.notice_version = -1  # the version of the last notice sent
        self.notice_scheduled = False
        self.last_notice = float("-inf")

    def add(self, message: Message) -> None:
        self.pending.append(message)
        if not self.busy:
            self._schedule()

    def _schedule(self, wait: float = 0.0) -> None:
        if self.scheduled:
            return
        self.scheduled = True
        if wait > 0:
            self.loop.call_later(wait, self.deliver)
        else:
            # Still batch what arrives in this same turn of the loop.
            self.loop.call_soon(self.deliver)

    def _written(self) -> None:
        """Runs after the listeners that a delivery woke: each was woken by a callback
        scheduled before this one, and wrote in it. What came meanwhile goes out now."""
        self.busy = False
        if self.pending:
            self.deliver()
        elif not self.broker.local_subscriptions(self.workshop_id, self.loop):
            self.broker.forget_fanout(self)

    def _ready(self) -> list[Message]:
        """The pending messages that may go out now, in order; the rest stay pending."""
        unique: dict[int, Message] = {}
        for message in self.pending:
            unique.setdefault(message.seq, message)
        pending = sorted(unique.values(), key=lambda message: message.seq)
        if self.last_seq is not None:
            # Older than what went out: its listeners have it, or read it from the log.
            pending = [message for message in pending if message.seq > self.last_seq]
        self.pending = pending
        if not pending:
            return []
        expected = pending[0].seq if self.last_seq is None else self.last_seq + 1
        if pending[0].seq != expected:
            now = self.loop.time()
            if self.gap_since is None:
                self.gap_since = now
            if now - self.gap_since < REORDER_GRACE:
                return []  # wait for the missing message
            expected = pending[0].seq  # waited long enough: the listeners fill the gap
        self.gap_since = None
        ready = []
        for message in pending:
            if message.seq != expected:
                break
            ready.append(message)
            expected += 1
        self.pending = pending[len(ready) :]
        return ready

    def deliver(self) -> None:
        self.scheduled = False
        ready = self._ready()
        subscriptions = self.broker.local_subscriptions(self.workshop_id, self.loop)
        if ready:
            self.last_seq = ready[-1].seq
            bundle = Bundle.of(ready)
            for subscription in subscriptions:
                subscription.deliver(bundle)
            if subscriptions and settings.LIVE_FANOUT_WINDOW_MS:
                self.busy = True
                self.loop.call_soon(self._written)
        if self.busy:
            return  # what is pending goes out when the listeners are written
        if self.pending:
            self._schedule(REORDER_STEP)  # a gap: look again shortly
        elif not subscriptions:
            self.broker.forget_fanout(self)

    def add_notice(self, notice: Notice) -> None:
        if notice.version <= self.notice_version:
            return  # older than what went out (publication order between threads)
        if self.notice is None or notice.version > self.notice.version:
            self.notice = notice
        if not self.notice_scheduled:
            self.notice_scheduled = True
            wait = self.last_notice + NOTICE_INTERVAL - self.loop.time()
            if wait > 0:
                self.loop.call_later(wait, self.send_notice)
            else:
                self.loop.call_soon(self.send_notice)

    def send_notice(self) -> None:
        self.notice_scheduled = False
        notice, self.notice = self.notice, None
        if notice is None or notice.version <= self.notice_version:
            return
        self.notice_version = notice.version
        self.last_notice = self.loop.time()
        for subscription in self.broker.local_subscriptions(self.workshop_id, self.loop):
            if subscription.notices:
                subscription.note(notice.frame)


class MemoryBroker:
    """Delivers to the listeners of this process."""

    def __init__(self):
        # Per workshop, per event loop: its listeners there. Publishing looks up the loops
        # of one workshop, and a fan-out the listeners of its loop, without a scan.
        self._subscriptions: dict[int, dict[asyncio.AbstractEventLoop, set[Subscription]]] = {}
        self._fanouts: dict[tuple[asyncio.AbstractEventLoop, int], _Fanout] = {}
        self._lock = threading.Lock()

    async def subscribe(self, workshop_id: int, notices: bool = False) -> Subscription:
        """``notices``: the listener also gets the session's notices (staff, the board)."""
        subscription = Subscription(self, workshop_id, notices)
        with self._lock:
            loops = self._subscriptions.setdefault(workshop_id, {})
            loops.setdefault(subscription.loop, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            loops = self._subscriptions.get(subscription.workshop_id)
            listeners = None if loops is None else loops.get(subscription.loop)
            if listeners is not None:
                listeners.discard(subscription)
                if not listeners:
                    del loops[subscription.loop]
                if not loops:
                    del self._subscriptions[subscription.workshop_id]

    def listener_count(self, workshop_id: int) -> int:
        with self._lock:
            loops = self._subscriptions.get(workshop_id, {})
            return sum(len(listeners) for listeners in loops.values())

    def local_subscriptions(self, workshop_id: int, loop) -> list[Subscription]:
        with self._lock:
            return list(self._subscriptions.get(workshop_id, {}).get(loop, ()))

    def forget_fanout(self, fanout: _Fanout) -> None:
        with self._lock:
            key = (fanout.loop, fanout.workshop_id)
            if self._fanouts.get(key) is fanout and not fanout.pending and not fanout.busy:
                del self._fanouts[key]

    def publish(self, message: Message | Notice) -> None:
        self.deliver_locally(message)

    def deliver_locally(self, message: Message | Notice) -> None:
        """Thread-safe: hands the message (or notice) to the fan-out of each event loop that
        has listeners of its workshop, with one wake-up per loop rather than one per
        listener."""
        with self._lock:
            loops = list(self._subscriptions.get(message.workshop_id, ()))
            fanouts = []
            for loop in loops:
                key = (loop, message.workshop_id)
                fanout = self._fanouts.get(key)
                if fanout is None:
                    fanout = self._fanouts[key] = _Fanout(self, loop, message.workshop_id)
                fanouts.append(fanout)
        for fanout in fanouts:
            add = fanout.add_notice if isinstance(message, Notice) else fanout.add
            try:
                fanout.loop.call_soon_threadsafe(add, message)
            except RuntimeError:  # that loop has closed; its listeners are gone
                for subscription in self.local_subscriptions(fanout.workshop_id, fanout.loop):
                    self.unsubscribe(subscription)
                with self._lock:
                    self._fanouts.pop((fanout.loop, fanout.workshop_id), None)


class RedisBroker(MemoryBroker):
    """Publishes through Redis; one pattern subscription per process feeds local listeners.

    Redis may go away (a restart, a failover). Then nothing is lost: every event is in the
    database's log before it is published. While Redis is unreachable, a publication goes
    to this process's own listeners directly, and each process keeps trying to subscribe
    again; once it has, its listeners read what they missed from the log (they may have
    missed what other processes published meanwhile), and live delivery goes on.
    """

    # Seconds between attempts to reach Redis again, doubling up to the maximum.
    RETRY_FIRST, RETRY_MAX = 0.1, 2.0
    # How long a new listener waits for the subscription before it goes on without it
    # (it is resynchronised from the log once the subscription is there).
    SUBSCRIBE_WAIT = 2.0

    def __init__(self, url: str):
        super().__init__()

        self.url = url
        self.channel_prefix = channel_prefix()
        self._publisher = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self._listeners: dict[asyncio.AbstractEventLoop, asyncio.Future] = {}
        self._tasks: set[asyncio.Task] = set()

    def publish(self, message: Message | Notice) -> None:
        try:
            self._publisher.publish(
                f"{self.channel_prefix}{message.workshop_id}", message.to_bytes()
            )
        except redis.RedisError:
            logger.warning(
                "Redis unreachable: %s went to this process only",
                f"event {message.seq}" if isinstance(message, Message) else "a notice",
            )
            self.deliver_locally(message)

    async def subscribe(self, workshop_id: int, notices: bool = False) -> Subscription:
        subscription = await super().subscribe(workshop_id, notices)
        await self._ensure_listening()
        return subscription

    async def _ensure_listening(self) -> None:
        loop = asyncio.get_running_loop()
        ready = self._listeners.get(loop)
        if ready is None:
            ready = loop.create_future()
            self._listeners[loop] = ready
            task = loop.create_task(self._listen(ready))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if not ready.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(ready), self.SUBSCRIBE_WAIT)

    def _resynchronise(self, loop) -> None:
        """Every listener in ``loop`` reads what it may have missed from the log."""
        with self._lock:
            subscriptions = [
                s for loops in self._subscriptions.values() for s in loops.get(loop, ())
            ]
        for subscription in subscriptions:
            subscription.overflowed = True
            _wake(subscription._waiter)

    async def _listen(self, ready: asyncio.Future) -> None:
        """Runs for as long as the event loop: subscribes, and subscribes again after a
        failure."""

        loop = asyncio.get_running_loop()
        delay = self.RETRY_FIRST
        while True:
            client = redis.asyncio.Redis.from_url(self.url, socket_connect_timeout=2)
            pubsub = client.pubsub()
            try:
                await pubsub.psubscribe(f"{self.channel_prefix}*")
                if not ready.done():
                    ready.set_result(True)
                # Listeners that started before the subscription, or while Redis was away,
                # may lack events: the log has them.
                self._resynchronise(loop)
                delay = self.RETRY_FIRST
                async for item in pubsub.listen():
                    if item["type"] == "pmessage":
                        self.deliver_locally(decode(item["data"]))
            except (redis.RedisError, OSError):
                logger.warning("Redis event subscription lost; retrying in %.1f s", delay)
            finally:
                with contextlib.suppress(redis.RedisError, OSError):
                    await pubsub.aclose()
                    await client.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.RETRY_MAX)


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
