import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Value",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.SlugField(max_length=60, verbose_name="key")),
                ("name_nl", models.CharField(max_length=80, verbose_name="Dutch name")),
                ("name_en", models.CharField(max_length=80, verbose_name="English name")),
                (
                    "description_nl",
                    models.CharField(blank=True, max_length=300, verbose_name="Dutch description"),
                ),
                (
                    "description_en",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="English description"
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for the platform's catalogue.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="accounts.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "value",
                "verbose_name_plural": "values",
                "ordering": ["name_nl"],
            },
        ),
        migrations.AddConstraint(
            model_name="value",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation", None)),
                fields=("key",),
                name="catalogue_key_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="value",
            constraint=models.UniqueConstraint(
                fields=("organisation", "key"), name="org_value_key_unique"
            ),
        ),
    ]
