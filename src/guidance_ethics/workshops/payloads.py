"""How workshop objects look in events and in the state the API returns.

One function per object, with ``staff`` deciding what only the moderator and co-moderator
may see. The same dicts go into the event log and into ``GET /api/v1/workshops/{id}``, so
that applying the events to an old state gives the fresh state.
"""

from django.utils import timezone

from guidance_ethics.workshops.models import PHASE_ORDER


def _author(item) -> dict:
    return {"signed": item.signed_name or None, "scribe": item.scribed_by_id is not None}


def question(item, staff: bool = False) -> dict:
    return {"id": item.id, "text": item.text, **_author(item), **_hidden(item, staff)}


def actor(item, staff: bool = False) -> dict:
    return {
        "id": item.id,
        "name": item.name,
        "merged_into": item.merged_into_id,
        **_author(item),
        **_hidden(item, staff),
    }


def effect(item, staff: bool = False, values=None) -> dict:
    """``values``: the ids of the linked values, when the caller knows them without a query."""
    data = {
        "id": item.id,
        "text": item.text,
        "polarity": item.polarity,
        "actor": item.actor_id,
        "merged_into": item.merged_into_id,
        "values": sorted(
            values if values is not None else (link.value_id for link in item.links.all())
        ),
        **_author(item),
        **_hidden(item, staff),
    }
    if staff:
        data["revealed"] = item.revealed
    return data


def value(item) -> dict:
    return {
        "id": item.id,
        "name": item.name,
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
        **_author(item),
        **_hidden(item, staff),
    }


def _hidden(item, staff: bool) -> dict:
    return {"hidden": item.hidden} if staff else {}


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
