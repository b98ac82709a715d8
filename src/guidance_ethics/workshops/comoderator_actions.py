"""The co-moderator's actions: the values on the board, the links between effects and values,
and merging duplicates (effects, values, actors). Like those in ``actions.py``, each locks
the workshop row, checks that the actor runs the open session, writes and appends its
events, in one transaction."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidance_ethics.live.events import append_event
from guidance_ethics.values.models import Value
from guidance_ethics.values.synonyms import catalogue_key_for
from guidance_ethics.workshops import payloads
from guidance_ethics.workshops.action_helpers import (
    _check_open,
    _clean_text,
    _effect_event,
    _item,
    _locked,
    _refuse,
    _save,
    _value,
)
from guidance_ethics.workshops.models import (
    Actor,
    Effect,
    EffectValue,
    Vote,
    Workshop,
    WorkshopValue,
)
from guidance_ethics.workshops.queries import own_values, vote_totals


def _language() -> str:
    """The language the co-moderator writes in: their interface's."""
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def add_value(actor, workshop: Workshop, *, catalogue_key=None, name=None) -> WorkshopValue:
    """Put a value on the board: from the catalogue (or the organisation's own), or new.
    A typed name that names or means a catalogue value (in either language, or one of its
    synonyms: ``values/synonyms.py``) puts the catalogue value there."""
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, actor, ())
        if not catalogue_key and isinstance(name, str):
            catalogue_key = catalogue_key_for(name)
        if catalogue_key:
            value = (
                Value.objects.filter(key=catalogue_key, organisation=None).first()
                or own_values(workshop).filter(key=catalogue_key).first()
            )
            if value is None:
                _refuse(_("Unknown value."), "unknown", "catalogue_key")
            existing = WorkshopValue.objects.filter(workshop=workshop, value=value).first()
            if existing is not None:
                return existing
            item = WorkshopValue(workshop=workshop, value=value, name=value.name_nl)
        else:
            name = _clean_text(name, "name", 80, single_line=True)
            item = WorkshopValue(
                workshop=workshop, name=name, value=_organisation_value(workshop, name)
            )
            setattr(item, f"name_{_language()}", name)
            if (
                item.value_id
                and WorkshopValue.objects.filter(workshop=workshop, value=item.value).exists()
            ):
                return WorkshopValue.objects.get(workshop=workshop, value=item.value)
        _save(item)
        append_event(workshop, "value.added", payloads.value(item))
    return item


def _organisation_value(workshop: Workshop, name: str) -> Value | None:
    """A new value named in a session joins the organisation's own catalogue, so that the
    co-moderator finds it again in the next session."""
    key = slugify(name)[:60]
    if not key or len(name) > 80:
        return None  # the WorkshopValue's own validation reports the problem
    existing = (
        Value.objects.filter(key=key, organisation=None).first()
        or own_values(workshop).filter(key=key).first()
    )
    if existing is not None or workshop.organisation.is_practice:
        return existing  # a value named in practice stays that session's
    value = Value(key=key, organisation=workshop.organisation, name_nl=name, name_en=name)
    _save(value)
    return value


def rename_value(actor, workshop: Workshop, value_id, *, name) -> WorkshopValue:
    """Set the value's name in the renamer's language. A catalogue value renamed is no
    longer the catalogue's: it becomes the session's own value with the new name, which
    the other language shows too until someone names it there (docs/live.md)."""
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, actor, ())
        item = _value(workshop, value_id)
        name = _clean_text(name, "name", 80, single_line=True)
        if item.in_catalogue:
            if name.casefold() == item.label(_language()).casefold():
                return item  # the catalogue's own name: nothing changes
            item.value, item.name_nl, item.name_en = None, "", ""
        setattr(item, f"name_{_language()}", name)
        item.name = item.names["nl"]
        _save(item)
        append_event(workshop, "value.updated", payloads.value(item))
    return item


def link_effect_to_value(actor, workshop: Workshop, *, effect, value, linked=True) -> Effect:
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, actor, ())
        effect_obj = _item(Effect, workshop, effect, "effect", visible_only=False)
        value_obj = _value(workshop, value)
        if linked:
            EffectValue.objects.get_or_create(
                effect=effect_obj,
                value=value_obj,
                defaults={
                    "linked_by": actor if getattr(actor, "is_authenticated", False) else None
                },
            )
        else:
            EffectValue.objects.filter(effect=effect_obj, value=value_obj).delete()
        _effect_event(workshop, "effect.updated", effect_obj)
    return effect_obj


def merge_effects(actor, workshop: Workshop, *, source, target) -> Effect:
    """Merge a duplicate effect into another; the duplicate stays visible in the history."""
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, actor, ())
        source_obj = _item(Effect, workshop, source, "source", visible_only=False)
        target_obj = _item(Effect, workshop, target, "target", visible_only=False)
        if source_obj.pk == target_obj.pk or target_obj.merged_into_id:
            _refuse(_("Choose two different effects."), "invalid", "target")
        for link in source_obj.links.all():
            EffectValue.objects.get_or_create(effect=target_obj, value_id=link.value_id)
        Effect.objects.filter(merged_into=source_obj).update(merged_into=target_obj)
        source_obj.merged_into = target_obj
        source_obj.save(update_fields=["merged_into"])
        _effect_event(workshop, "effect.updated", source_obj)
        _effect_event(workshop, "effect.updated", target_obj)
    return target_obj


def merge_values(actor, workshop: Workshop, *, source, target) -> WorkshopValue:
    """Merge one value into another: links and votes move to the target."""
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, actor, ())
        source_obj = _value(workshop, source, "source")
        target_obj = _value(workshop, target, "target")
        if source_obj.pk == target_obj.pk:
            _refuse(_("Choose two different values."), "invalid", "target")
        effect_ids = list(source_obj.links.values_list("effect_id", flat=True))
        for effect_id in effect_ids:
            EffectValue.objects.get_or_create(effect_id=effect_id, value=target_obj)
        source_obj.links.all().delete()
        for vote in Vote.objects.filter(value=source_obj):
            moved, created = Vote.objects.get_or_create(
                participant_id=vote.participant_id, value=target_obj, defaults={"dots": vote.dots}
            )
            if not created:
                moved.dots += vote.dots
                moved.save(update_fields=["dots"])
        Vote.objects.filter(value=source_obj).delete()
        source_obj.merged_into = target_obj
        source_obj.save(update_fields=["merged_into"])
        append_event(workshop, "value.updated", payloads.value(source_obj))
        append_event(workshop, "value.updated", payloads.value(target_obj))
        for effect in Effect.objects.filter(pk__in=effect_ids):
            _effect_event(workshop, "effect.updated", effect)
        append_event(workshop, "votes", {"totals": vote_totals(workshop)})
    return target_obj


def merge_actors(actor, workshop: Workshop, *, source, target) -> Actor:
    """Merge a duplicate actor into another: its effects move to the target; the duplicate
    stays in the history, marked as merged, and leaves the board and the report."""
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, actor, ())
        source_obj = _item(Actor, workshop, source, "source", visible_only=False)
        target_obj = _item(Actor, workshop, target, "target", visible_only=False)
        if source_obj.pk == target_obj.pk or source_obj.merged_into_id or target_obj.merged_into_id:
            _refuse(_("Choose two different actors."), "invalid", "target")
        moved = list(Effect.objects.filter(actor=source_obj).only("pk"))
        Effect.objects.filter(actor=source_obj).update(actor=target_obj)
        source_obj.merged_into = target_obj
        source_obj.save(update_fields=["merged_into"])
        append_event(
            workshop,
            "actor.updated",
            None if source_obj.hidden else payloads.actor(source_obj),
            payloads.actor(source_obj, staff=True),
        )
        for effect in moved:
            _effect_event(workshop, "effect.updated", effect)
    return target_obj
