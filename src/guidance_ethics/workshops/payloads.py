"""How workshop objects look in events and in the state the API returns.

Every participant text carries ``lang``: the language it is written in ("nl", "en", or ""
when the text says too little to tell), for the pages to mark (WCAG 3.1.2).

One function per object, with ``staff`` deciding what only the moderator and co-moderator
may see. The same dicts go into the event log and into ``GET /api/v1/workshops/{id}``, so
that applying the events to an old state gives the fresh state.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from guidance_ethics.workshops.models import PHASE_ORDER


def own_key(participant_id: int) -> str:
    """The participant's key to recognise their own items (``state.me.key``); only the
    server and that participant know it (docs/live.md, "Own contributions")."""
    message = f"own-items:{participant_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def mark(participant_id: int, kind: str, item_id: int) -> str:
    """An item's author marker: the phone that holds the author's key computes the same
    SHA-256 and so knows the item is its own; to anyone else it is an opaque string."""
    text = f"{own_key(participant_id)}:{kind}:{item_id}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _author(item, kind: str) -> dict:
    data = {"signed": item.signed_name or None, "scribe": item.scribed_by_id is not None}
    if item.participant_id is not None:
        data["mark"] = mark(item.participant_id, kind, item.id)
    if item.edited:
        data["edited"] = True
    return data


def question(item, staff: bool = False) -> dict:
    return {
        "id": item.id,
        "text": item.text,
        "lang": item.language,
        **_author(item, "question"),
        **_hidden(item, staff),
    }


def actor(item, staff: bool = False) -> dict:
    return {
        "id": item.id,
        "name": item.name,
        "lang": item.language,
        "merged_into": item.merged_into_id,
        **_author(item, "actor"),
        **_hidden(item, staff),
    }


def effect(item, staff: bool = False, values=None) -> dict:
    """``values``: the ids of the linked values, when the caller knows them without a query."""
    data = {
        "id": item.id,
        "text": item.text,
        "lang": item.language,
        "polarity": item.polarity,
        "actor": item.actor_id,
        "merged_into": item.merged_into_id,
        "values": sorted(
            values if values is not None else (link.value_id for link in item.links.all())
        ),
        **_author(item, "effect"),
        **_hidden(item, staff),
    }
    if staff:
        data["revealed"] = item.revealed
    return data


def value(item) -> dict:
    """``name`` in the platform's language and ``names`` in both: the pages show the name
    in their own language (live.js ``valueLabel``)."""
    names = item.names
    return {
        "id": item.id,
        "name": names["nl"],
        "names": names,
        "catalogue": item.value.key if item.value_id else None,
        "merged_into": item.merged_into_id,
        "chosen": item.chosen,
    }


def option(item, staff: bool = False) -> dict:
    return {
        "id": item.id,
        "value": item.value_id,
        "direction": item.direction,
        "text": item.text,
        "lang": item.language,
        **_author(item, "option"),
        **_hidden(item, staff),
    }


def _hidden(item, staff: bool) -> dict:
    if not staff:
        return {}
    return {"hidden": item.hidden, "withdrawn": True} if item.withdrawn else {"hidden": item.hidden}


def timer(workshop) -> dict:
    return {
        "seconds": workshop.timer_seconds,
        "started_at": workshop.timer_started_at,
        "now": timezone.now(),
    }


def status(workshop) -> dict:
    """The moderator-controlled state: phase, lock, vote, timer, spotlight."""
    return {
        "phase": workshop.phase,
        "phase_index": PHASE_ORDER.index(workshop.phase),
        "input_locked": workshop.input_locked,
        "voting_closed": workshop.voting_closed,
        "closed": workshop.is_closed,
        "spotlight": workshop.spotlight or None,
        "previous_shown": bool(workshop.previous_id and workshop.show_previous),
        "timer": timer(workshop),
    }
