from django.db import migrations, models


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _merge(apps, source, target) -> None:
    """Merge ``source`` into ``target`` as ``comoderator_actions.merge_values`` does (links
    and votes move), and move the counts of a purged session and the options with them."""
    EffectValue = apps.get_model("workshops", "EffectValue")
    Vote = apps.get_model("workshops", "Vote")
    VoteCount = apps.get_model("workshops", "VoteCount")
    ActionOption = apps.get_model("workshops", "ActionOption")
    for link in EffectValue.objects.filter(value=source):
        EffectValue.objects.get_or_create(
            effect_id=link.effect_id, value=target, defaults={"linked_by_id": link.linked_by_id}
        )
    EffectValue.objects.filter(value=source).delete()
    for vote in Vote.objects.filter(value=source):
        moved, created = Vote.objects.get_or_create(
            participant_id=vote.participant_id, value=target, defaults={"dots": vote.dots}
        )
        if not created:
            moved.dots += vote.dots
            moved.save(update_fields=["dots"])
    Vote.objects.filter(value=source).delete()
    for count in VoteCount.objects.filter(value=source):
        moved, created = VoteCount.objects.get_or_create(
            value=target,
            stakeholder_group=count.stakeholder_group,
            consent_publication=count.consent_publication,
            defaults={"dots": count.dots, "voters": count.voters},
        )
        if not created:
            moved.dots += count.dots
            moved.voters += count.voters
            moved.save(update_fields=["dots", "voters"])
    VoteCount.objects.filter(value=source).delete()
    ActionOption.objects.filter(value=source).update(value=target)
    if source.chosen and not target.chosen:
        target.chosen = True
        target.save(update_fields=["chosen"])
    source.merged_into = target
    source.save(update_fields=["merged_into"])


def catalogue_values(apps, schema_editor):
    """A session's value named as a catalogue value, in either language, becomes that
    catalogue value; when the session has it already, the two are merged. A catalogue
    value's ``name`` becomes the catalogue's Dutch name (the platform's language)."""
    Value = apps.get_model("values", "Value")
    WorkshopValue = apps.get_model("workshops", "WorkshopValue")
    catalogue = {v.pk: v for v in Value.objects.filter(organisation=None)}
    by_name = {}
    for value in catalogue.values():
        for name in (value.name_nl, value.name_en):
            by_name.setdefault(_fold(name), value)
    for item in WorkshopValue.objects.order_by("pk"):
        if item.value_id in catalogue:
            if item.name != catalogue[item.value_id].name_nl:
                item.name = catalogue[item.value_id].name_nl
                item.save(update_fields=["name"])
            continue
        found = by_name.get(_fold(item.name))
        if found is None:
            continue
        target = (
            WorkshopValue.objects.filter(workshop_id=item.workshop_id, value=found)
            .exclude(pk=item.pk)
            .first()
        )
        if target is None:
            item.value, item.name = found, found.name_nl
            item.save(update_fields=["value", "name"])
        elif item.merged_into_id is None and item.pk != target.merged_into_id:
            while target.merged_into_id is not None:
                target = target.merged_into
            if target.pk != item.pk:
                _merge(apps, item, target)


class Migration(migrations.Migration):
    dependencies = [
        ("values", "0002_catalogue"),
        ("workshops", "0006_anonymous_outcome"),
    ]

    operations = [
        migrations.AddField(
            model_name="workshopvalue",
            name="name_en",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name="workshopvalue",
            name="name_nl",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.RunPython(catalogue_values, migrations.RunPython.noop),
    ]
