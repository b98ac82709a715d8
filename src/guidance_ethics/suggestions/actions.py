"""What a co-moderator does with suggestions (accepting one is an ordinary link)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guidance_ethics.suggestions.models import Rejection
from guidance_ethics.values.models import Value
from guidance_ethics.workshops.models import Effect

MAX_KEYS = 10


def reject_suggestions(actor, workshop, *, effect, values, undo=False) -> list[str]:
    """Record that these suggested values are not behind the effect; they are not suggested
    for it again, and the suggester learns from it. Returns the keys recorded.

    ``undo``: take back such a rejection (the co-moderator's "Undo"); the values are
    suggested again. Returns the keys whose rejection was taken back."""
    if not workshop.is_staff(actor):
        raise PermissionDenied
    if workshop.is_closed:
        raise ValidationError(_("The session is closed."), code="closed")
    if not isinstance(effect, int) or isinstance(effect, bool):
        raise ValidationError({"effect": _("Give the number of an effect.")})
    if (
        not isinstance(values, list)
        or not values
        or len(values) > MAX_KEYS
        or not all(isinstance(key, str) for key in values)
    ):
        raise ValidationError(
            {"values": _("Give a list of 1 to %(n)d value keys.") % {"n": MAX_KEYS}}
        )
    effect_obj = Effect.objects.filter(workshop=workshop, pk=effect).first()
    if effect_obj is None:
        raise ValidationError({"effect": _("No such effect in this session.")})
    found = {value.key: value for value in Value.objects.filter(key__in=values, organisation=None)}
    for value in Value.objects.filter(key__in=values, organisation=workshop.organisation_id):
        found.setdefault(value.key, value)
    unknown = sorted(set(values) - set(found))
    if unknown:
        raise ValidationError(
            {"values": _("Unknown value: %(keys)s.") % {"keys": ", ".join(unknown)}}
        )
    if undo:
        with transaction.atomic():
            taken_back = Rejection.objects.filter(effect=effect_obj, value__in=found.values())
            keys = sorted(taken_back.values_list("value__key", flat=True))
            taken_back.delete()
        return keys
    with transaction.atomic():
        for value in found.values():
            Rejection.objects.get_or_create(
                effect=effect_obj, value=value, defaults={"rejected_by": actor}
            )
    return sorted(found)
