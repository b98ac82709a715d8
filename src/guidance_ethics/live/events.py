"""Appending to a workshop's event log, and publishing after commit.

Called by actions inside their transaction. The sequence number comes from an UPDATE of the
workshop row, which also takes that row's write lock until commit (PostgreSQL), or runs in an
immediate transaction that holds the database's write lock (SQLite): two writers can never
get the same number, and a rolled-back transaction gives its number back. So ``seq`` is
gap-free. Publishing happens in ``transaction.on_commit``: nothing is announced that was not
committed. Listeners that see a gap (publication order can differ from commit order between
processes) read the missing events from the log.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from guidance_ethics.live.broker import Message, get_broker
from guidance_ethics.live.models import Event


def encode(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def frame(seq: int, kind: str, payload: str | None) -> bytes | None:
    """One Server-Sent Events message: the sequence number as its id, the event as data."""
    if payload is None:
        return None
    return f'id: {seq}\ndata: {{"seq":{seq},"kind":"{kind}","data":{payload}}}\n\n'.encode()


def _next_seq(workshop_id: int) -> int:
    """Increment the workshop's ``last_seq`` and return it, in one statement (SQLite 3.35+
    and PostgreSQL both know ``RETURNING``). The workshops app sits above this one (it
    publishes events), so the table comes from ``Event``'s foreign key, not an import."""
    model = Event._meta.get_field("workshop").related_model
    quote = connection.ops.quote_name
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    seq = quote(model._meta.get_field("last_seq").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {seq} = {seq} + 1 WHERE {key} = %s RETURNING {seq}",  # noqa: S608
            [workshop_id],
        )
        return cursor.fetchone()[0]


def append_event(workshop, kind: str, public, staff=None) -> Event:
    """Append one event; ``public`` None hides it from participants and the board."""

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("append_event() must be called inside an action's transaction")
    seq = _next_seq(workshop.pk)
    workshop.last_seq = seq
    public_text = None if public is None else encode(public)
    staff_text = public_text if staff is None else encode(staff)
    event = Event.objects.create(
        workshop_id=workshop.pk, seq=seq, kind=kind, public=public_text, staff=staff_text
    )
    message = Message(
        workshop_id=workshop.pk,
        seq=seq,
        public=frame(seq, kind, public_text),
        staff=frame(seq, kind, staff_text),
    )
    transaction.on_commit(lambda: get_broker().publish(message))
    return event


def event_frame(event: Event, staff: bool) -> bytes | None:
    return frame(event.seq, event.kind, event.staff if staff else event.public)


def notice_frame(kind: str, data) -> bytes:
    """A Server-Sent Events message outside the log: no ``id:`` (the browser keeps the last
    event's as ``Last-Event-ID``) and no ``seq``."""
    return f'data: {{"kind":"{kind}","data":{encode(data)}}}\n\n'.encode()
