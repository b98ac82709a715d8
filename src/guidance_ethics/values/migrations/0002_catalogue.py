from django.db import migrations


def load_catalogue(apps, schema_editor):
    from guidance_ethics.values.catalogue import CATALOGUE

    Value = apps.get_model("values", "Value")
    for key, name_nl, name_en, description_nl, description_en in CATALOGUE:
        Value.objects.update_or_create(
            key=key,
            organisation=None,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "description_nl": description_nl,
                "description_en": description_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("values", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
