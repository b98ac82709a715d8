"""The live stream: Server-Sent Events at /api/v1/workshops/{id}/events.

A listener first subscribes to the broker, then reads from the event log what it missed
(everything after ``Last-Event-ID`` or ``?since=``), then receives live events. Sequence
numbers make this exact: an event already sent is skipped, and a gap (an event published
late by another process, or a listener that fell behind) is filled from the log. Staff get
every event; everyone else only the public ones. The staff and the board (staff asking for
the public's events) also get the participant counts, outside the log: the current ones
when the stream opens, then each ``participants`` notice (workshops/participants.py). A
comment line every 15 seconds keeps proxies from closing the connection
(``LIVE_HEARTBEAT_SECONDS``).
"""

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from guidance_ethics.api.auth import Caller, caller_for
from guidance_ethics.api.bodies import MAX_ID
from guidance_ethics.api.schemas import unknown_query
from guidance_ethics.lib.problems import problem
from guidance_ethics.live.asgi import EventStream
from guidance_ethics.live.broker import get_broker
from guidance_ethics.live.events import event_frame
from guidance_ethics.live.models import Event
from guidance_ethics.live.presence import get_presence
from guidance_ethics.workshops import participants
from guidance_ethics.workshops.models import Workshop

REPLAY_BATCH = 500
logger = logging.getLogger(__name__)


def _resolve(request, workshop_id):
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    return workshop, (caller_for(request, workshop) if workshop else Caller())


def _since(request) -> int | None:
    """Where the listener is: a whole number from 0 up to the largest sequence number the
    database holds (as the API document declares); anything else is None."""
    raw = request.headers.get("Last-Event-ID") or request.GET.get("since") or "0"
    if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_ID))):
        return None
    value = int(raw)
    return value if value <= MAX_ID else None


# Reading the log runs on a few threads of its own that keep their SQLite connection (or
# borrow from the PostgreSQL pool): 2,000 phones that connect at once each read what they
# missed, and a connection opened and closed for every read would cost more than the read.
_log_readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="event-log")


def _read_log(workshop_id: int, after: int, staff: bool) -> list[tuple[int, bytes | None]]:
    """Up to ``REPLAY_BATCH`` logged events after ``after``, in order, as (seq, frame)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.connection is not None and not connection.is_usable():
        connection.close()  # the database went away since the last read: connect again
    events = (
        Event.objects.filter(workshop_id=workshop_id, seq__gt=after)
        .order_by("seq")
        .only("seq", "kind", "public", "staff")[:REPLAY_BATCH]
    )
    try:
        return [(event.seq, event_frame(event, staff)) for event in events]
    finally:
        if getattr(connection, "pool", None) is not None:
            connection.close()  # back to the pool (PostgreSQL); SQLite keeps its own


async def _missed(workshop_id: int, after: int, staff: bool):
    """Frames of the logged events after ``after``, in order, with their seq."""
    loop = asyncio.get_running_loop()
    while True:
        batch = await loop.run_in_executor(_log_readers, _read_log, workshop_id, after, staff)
        for seq, frame in batch:
            yield seq, frame
        if len(batch) < REPLAY_BATCH:
            return
        after = batch[-1][0]


class _Presence:
    """Marks a participant present while their stream is open (see live/presence.py)."""

    def __init__(self, workshop_id: int, participant):
        self.key = (workshop_id, participant.stakeholder_group, participant.pk)
        self.touched = 0.0
        # Read once: a setting is looked up through a lazy object, and a stream asks
        # whether a touch is due on every write.
        self.interval = settings.LIVE_HEARTBEAT_SECONDS

    def due(self) -> bool:
        return time.monotonic() - self.touched >= self.interval

    async def touch(self):
        self.touched = time.monotonic()
        await self._call("touch")

    async def leave(self):
        await self._call("leave")

    async def _call(self, name: str) -> None:
        """The store's method: in a worker thread if it does network calls (Redis). Presence
        is a nicety: if Redis is unreachable, the stream goes on without it."""
        store = get_presence()
        method = getattr(store, name)
        try:
            if store.blocking:
                await asyncio.to_thread(method, *self.key)
            else:
                method(*self.key)
        except Exception:
            logger.warning("presence not recorded (%s)", name, exc_info=True)


def _counts(workshop) -> bytes:
    """The participant counts as a notice frame, on a log reader's thread."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.connection is not None and not connection.is_usable():
        connection.close()
    try:
        return participants.frame(workshop)
    finally:
        if getattr(connection, "pool", None) is not None:
            connection.close()  # back to the pool (PostgreSQL)


async def _stream(workshop, since: int, staff: bool, participant=None, counts: bool = False):
    """``counts``: the listener gets the participant counts (the staff and the board)."""
    workshop_id = workshop.pk
    subscription = await get_broker().subscribe(workshop_id, notices=counts)
    presence = _Presence(workshop_id, participant) if participant is not None else None
    last = since
    heartbeat = settings.LIVE_HEARTBEAT_SECONDS
    try:
        if presence:
            await presence.touch()
        yield b"retry: 2000\n\n"
        async for seq, frame in _missed(workshop_id, last, staff):
            if frame is not None:
                yield frame
            last = seq
        if counts:
            # After subscribing: a join after this query is in a notice that follows.
            loop = asyncio.get_running_loop()
            yield await loop.run_in_executor(_log_readers, _counts, workshop)
        while True:
            if presence and presence.due():
                await presence.touch()
            batch = await subscription.next_batch(heartbeat)
            notice, subscription.notice = subscription.notice, None
            if not batch and not subscription.overflowed:
                yield notice or b": heartbeat\n\n"
                continue
            # What arrived since the last write goes out in one write. A bundle that
            # follows on from the last event sent is written as it is, the same bytes for
            # every listener; otherwise its events are taken one by one.
            frames, gap = [], subscription.overflowed
            for bundle in batch:
                if gap or bundle.last <= last:
                    continue
                if bundle.contiguous and bundle.first == last + 1:
                    chunk = bundle.staff if staff else bundle.public
                    if chunk:
                        frames.append(chunk)
                    last = bundle.last
                    continue
                for message in bundle.messages:
                    if message.seq <= last:
                        continue
                    if message.seq != last + 1:
                        gap = True  # published late by another process: the log has it
                        break
                    frame = message.staff if staff else message.public
                    if frame is not None:
                        frames.append(frame)
                    last = message.seq
            if notice:
                frames.append(notice)
            if frames:
                yield frames[0] if len(frames) == 1 else b"".join(frames)
            if gap:
                # A gap, or the queue overflowed: read what is missing from the log.
                subscription.overflowed = False
                async for seq, frame in _missed(workshop_id, last, staff):
                    if frame is not None:
                        yield frame
                    last = seq
    finally:
        subscription.close()
        if presence:
            await presence.leave()


async def events(request, workshop_id):
    workshop, caller = await sync_to_async(_resolve)(request, workshop_id)
    if not caller.known:
        return problem(404, _("No such session, or it is not yours."))
    if refusal := unknown_query(request):
        return refusal
    since = _since(request)
    if since is None:
        return problem(400, _("Last-Event-ID and since must be a whole number of 0 or more."))
    # Staff may ask for what the public sees: the board on the projector does.
    staff = caller.staff is not None and request.GET.get("audience") != "public"
    counts = caller.staff is not None  # the console and the board; never a phone
    return EventStream(
        _stream(workshop, since, staff=staff, participant=caller.participant, counts=counts)
    )
