"""A participant corrects or withdraws their own contribution, while its phase is open.

Only the author (the participant whose cookie wrote it) may, only while the phase that asks
for the item is the current one, input is not paused and the session is open; the same gates
as adding it (``action_helpers._check_open``). A correction marks the item ``edited`` (the
console shows a badge); a withdrawal hides it for good (``withdrawn``: the moderators cannot
show it again, reports leave it out as they leave out hidden items). Both publish an event at
once, so the board and the moderators see the change live: ``{kind}.updated`` with the item,
and ``item.withdrawn`` with ``{type, id}`` (staff: also the item). Docs: docs/live.md.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from guidance_ethics.live.events import append_event
from guidance_ethics.workshops import payloads
from guidance_ethics.workshops.action_helpers import (
    _check_open,
    _clean_text,
    _effect_event,
    _item,
    _locked,
    _refuse,
    _save,
    _status_event,
)
from guidance_ethics.workshops.models import ActionOption, Actor, Effect, Phase, Question
from guidance_ethics.workshops.pace import check_pace

# Each kind: its model, the phases in which its author may change it, the fields they may set.
OWN = {
    "question": (Question, {Phase.CASE}, {"text"}),
    "actor": (Actor, {Phase.ACTORS, Phase.EFFECTS}, {"name"}),
    "effect": (Effect, {Phase.EFFECTS}, {"text", "polarity", "actor"}),
    "option": (ActionOption, {Phase.OPTIONS}, {"text", "direction"}),
}


class NotYours(Exception):
    """No such item of this participant (someone else's reads the same: the API says 404)."""


def _own(participant, workshop, kind, item_id):
    """The locked workshop and the participant's own item, after the gates."""
    if kind not in OWN:
        raise NotYours
    model, phases, _fields = OWN[kind]
    workshop = _locked(workshop)
    try:  # first whose it is: someone else's item reads as none, whatever the phase
        item = model.objects.get(
            workshop=workshop, participant=participant, withdrawn=False, pk=int(item_id)
        )
    except (TypeError, ValueError, OverflowError, model.DoesNotExist):
        raise NotYours from None
    _check_open(workshop, participant, phases)
    if kind == "effect" and (item.merged_into_id or item.merged.exists()):
        _refuse(_("The co-moderator has merged this effect; it can no longer change."), "merged")
    return workshop, item


def edit_own(participant, workshop, kind: str, item_id, **fields):
    """Correct one's own item: the fields of ``OWN[kind]`` that are given."""
    if kind not in OWN:
        raise NotYours
    check_pace(participant)
    unknown = set(fields) - OWN[kind][2]
    if unknown:
        _refuse(_("This cannot be changed here."), "invalid", sorted(unknown)[0])
    if not fields:
        _refuse(_("Nothing to change."), "invalid")
    with transaction.atomic():
        workshop, item = _own(participant, workshop, kind, item_id)
        for field, value in fields.items():
            if field in ("text", "name"):
                limit, one_line = (120, True) if field == "name" else (2000, False)
                value = _clean_text(value, field, limit, single_line=one_line)
            elif field == "actor":
                value = None if value is None else _item(Actor, workshop, value, "actor")
            setattr(item, field, value)
        item.edited = True
        _save(item)
        if kind == "effect":
            _effect_event(workshop, "effect.updated", item)
        else:
            render = getattr(payloads, kind)
            public = None if item.hidden else render(item)
            append_event(workshop, f"{kind}.updated", public, render(item, staff=True))
    return item


def withdraw_own(participant, workshop, kind: str, item_id):
    """Withdraw one's own item: off the board, the phones and the report."""
    check_pace(participant)
    with transaction.atomic():
        workshop, item = _own(participant, workshop, kind, item_id)
        item.withdrawn = item.hidden = True
        item.save(update_fields=["withdrawn", "hidden"])
        staff = getattr(payloads, kind)(item, staff=True)
        if kind == "effect":
            staff = payloads.effect(Effect.objects.prefetch_related("links").get(pk=item.pk), True)
        public = {"type": kind, "id": item.pk}
        append_event(workshop, "item.withdrawn", public, public | {"item": staff})
        if workshop.spotlight == f"{kind}:{item.pk}":
            workshop.spotlight = ""
            workshop.save(update_fields=["spotlight"])
            _status_event(workshop)
    return item
