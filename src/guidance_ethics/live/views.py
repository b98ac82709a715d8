"""The live stream: Server-Sent Events at /api/v1/workshops/{id}/events.

A listener first subscribes to the broker, then reads from the event log what it missed
(everything after ``Last-Event-ID`` or ``?since=``), then receives live events. Sequence
numbers make this exact: an event already sent is skipped, and a gap (an event published
late by another process, or a listener that fell behind) is filled from the log. Staff get
every event; everyone else only the public ones. A comment line every 15 seconds keeps
proxies from closing the connection (``LIVE_HEARTBEAT_SECONDS``).
"""

import asyncio

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from guidance_ethics.api.auth import Caller, caller_for
from guidance_ethics.api.problems import problem
from guidance_ethics.live.broker import get_broker
from guidance_ethics.live.events import event_frame
from guidance_ethics.live.models import Event
from guidance_ethics.workshops.models import Workshop

REPLAY_BATCH = 500


def _resolve(request, workshop_id):
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    return workshop, (caller_for(request, workshop) if workshop else Caller())


def _since(request) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("since") or "0"
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


async def _missed(workshop_id: int, after: int, staff: bool):
    """Frames of the logged events after ``after``, in order, with their seq."""
    while True:
        batch = [
            event
            async for event in Event.objects.filter(workshop_id=workshop_id, seq__gt=after)
            .order_by("seq")
            .only("seq", "kind", "public", "staff")[:REPLAY_BATCH]
        ]
        for event in batch:
            yield event.seq, event_frame(event, staff)
        if len(batch) < REPLAY_BATCH:
            return
        after = batch[-1].seq


async def _stream(workshop_id: int, since: int, staff: bool):
    subscription = await get_broker().subscribe(workshop_id)
    last = since
    try:
        yield b"retry: 2000\n\n"
        async for seq, frame in _missed(workshop_id, last, staff):
            if frame is not None:
                yield frame
            last = seq
        while True:
            try:
                message = await asyncio.wait_for(
                    subscription.get(), settings.LIVE_HEARTBEAT_SECONDS
                )
            except TimeoutError:
                yield b": heartbeat\n\n"
                continue
            if message.seq <= last and not subscription.overflowed:
                continue
            if message.seq == last + 1 and not subscription.overflowed:
                frame = message.staff if staff else message.public
                if frame is not None:
                    yield frame
                last = message.seq
                continue
            # A gap, or the queue overflowed: read what is missing from the log.
            subscription.overflowed = False
            async for seq, frame in _missed(workshop_id, last, staff):
                if frame is not None:
                    yield frame
                last = seq
    finally:
        subscription.close()


async def events(request, workshop_id):
    workshop, caller = await sync_to_async(_resolve)(request, workshop_id)
    if not caller.known:
        return problem(404, _("No such session, or it is not yours."))
    since = _since(request)
    if since is None:
        return problem(400, _("Last-Event-ID and since must be a whole number of 0 or more."))
    response = StreamingHttpResponse(
        _stream(workshop.pk, since, staff=caller.staff is not None),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
