"""What the actions of a session share (``actions.py`` and ``comoderator_actions.py``): the
lock on the workshop row, the gates that refuse, validation, typed text, and the events that
re-read an item. Private to those two modules, hence the leading underscores."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance_ethics.lib.actors import is_system
from guidance_ethics.lib.text import clean as clean_text
from guidance_ethics.live.events import append_event
from guidance_ethics.workshops import payloads
from guidance_ethics.workshops.models import (
    TEXT_LIMIT,
    Effect,
    Participant,
    Workshop,
    WorkshopValue,
)
from guidance_ethics.workshops.queries import dots_hidden, vote_totals


def _locked(workshop: Workshop) -> Workshop:
    """The workshop row, locked for the rest of the transaction."""
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _require_staff(actor, workshop: Workshop) -> None:
    if not (is_system(actor) or workshop.is_staff(actor)):
        raise PermissionDenied


def _refuse(message: str, code: str, field: str | None = None):
    error = ValidationError(message, code=code)
    raise ValidationError({field: error}) if field else error


def _moderated(actor, workshop: Workshop) -> Workshop:
    """The gate every moderation action passes: the workshop row, locked for the rest of the
    transaction, after checking that ``actor`` runs the session and that it is still open.
    A closed session is read-only (only the closing evaluation stays open to participants,
    docs/decisions.md): the API answers 409 and nothing changes."""
    workshop = _locked(workshop)
    _require_staff(actor, workshop)
    _refuse_closed(workshop)
    return workshop


def _refuse_closed(workshop: Workshop) -> None:
    if workshop.is_closed:
        _refuse(_("The session is closed."), "closed")


def _check_open(workshop: Workshop, by, phases) -> None:
    """Participants add only in the phases that ask for it, and never when input is locked."""
    _refuse_closed(workshop)
    if isinstance(by, Participant):
        if by.workshop_id != workshop.pk:
            raise PermissionDenied
        if workshop.input_locked:
            _refuse(_("The moderator has paused input for a moment."), "locked")
        if workshop.phase not in phases:
            _refuse(_("This cannot be added in the current phase."), "wrong_phase")
    else:
        _require_staff(by, workshop)


def _author(by, workshop: Workshop) -> dict:
    if isinstance(by, Participant):
        signed = by.display_name if workshop.allow_display_names else ""
        return {"participant": by, "signed_name": signed}
    return {"scribed_by": by if getattr(by, "is_authenticated", False) else None}


def _save(obj) -> None:
    """Validate as ``full_clean`` does, then save. Relations set from rows this action has
    already read need no query to prove that they exist (the database's foreign keys still
    stand guard); uniqueness and constraints are checked in full."""
    held = [
        field.name
        for field in obj._meta.concrete_fields
        if field.is_relation and field.is_cached(obj)
    ]
    errors: dict = {}
    for check in (
        lambda: obj.clean_fields(exclude=held),
        obj.clean,
        obj.validate_unique,
        obj.validate_constraints,
    ):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    obj.save()


def _clean_text(
    text, field: str = "text", limit: int = TEXT_LIMIT, *, single_line: bool = False
) -> str:
    """Typed text as stored (lib/text.py); longer than ``limit`` as sent is refused, even
    if it would fit once trimmed, as the API document says. A name is ``single_line``."""
    if not isinstance(text, str):
        _refuse(_("Text is required."), "required", field)
    if len(text) > limit:
        _refuse(
            ngettext("At most %(n)d character.", "At most %(n)d characters.", limit) % {"n": limit},
            "max_length",
            field,
        )
    return clean_text(text, field, single_line=single_line)


def _item(model, workshop: Workshop, item_id, field: str, *, visible_only: bool = True):
    try:
        queryset = model.objects.filter(workshop=workshop)
        if visible_only:
            queryset = queryset.filter(hidden=False)
        return queryset.get(pk=int(item_id))
    except (TypeError, ValueError, OverflowError, model.DoesNotExist):
        _refuse(_("Unknown item."), "unknown", field)


def _value(workshop: Workshop, value_id, field: str = "value") -> WorkshopValue:
    try:
        return WorkshopValue.objects.get(workshop=workshop, pk=int(value_id), merged_into=None)
    except (TypeError, ValueError, OverflowError, WorkshopValue.DoesNotExist):
        _refuse(_("Unknown value."), "unknown", field)


def _effect_event(workshop, kind, effect, *, new: bool = False) -> None:
    """``new``: the effect was just created in this action, so it has no value links and
    need not be read again."""
    values = [] if new else None
    if not new:
        effect = Effect.objects.prefetch_related("links").get(pk=effect.pk)
    public = (
        payloads.effect(effect, values=values) if effect.revealed and not effect.hidden else None
    )
    append_event(workshop, kind, public, payloads.effect(effect, staff=True, values=values))


def _status_event(workshop) -> None:
    append_event(workshop, "status", payloads.status(workshop))


def _votes_event(workshop) -> None:
    """The dots per value; to the phones and the board only once the vote is closed when the
    session hides others' dots (``Workshop.dots_hidden``); the moderators always."""
    totals = {"totals": vote_totals(workshop)}
    append_event(workshop, "votes", None if dots_hidden(workshop) else totals, totals)


def _close_vote(workshop: Workshop) -> list[WorkshopValue]:
    """Close the vote; the values with the most dots go forward (ties: the earliest value)."""
    ranked = (
        WorkshopValue.objects.filter(workshop=workshop, merged_into=None)
        .annotate(dots=Sum("votes__dots"))
        .filter(dots__gt=0)
        .order_by("-dots", "created_at", "id")
    )
    chosen = list(ranked[: workshop.values_forward])
    WorkshopValue.objects.filter(workshop=workshop).update(chosen=False)
    WorkshopValue.objects.filter(pk__in=[v.pk for v in chosen]).update(chosen=True)
    workshop.voting_closed = True
    workshop.save(update_fields=["voting_closed"])
    if workshop.dots_hidden:  # now the phones and the board see them
        _votes_event(workshop)
    append_event(workshop, "values.chosen", {"chosen": [v.pk for v in chosen]})
    _status_event(workshop)
    return chosen
