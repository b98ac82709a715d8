from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Value(models.Model):
    """A value from the bilingual catalogue, or one an organisation added for itself."""

    key = models.SlugField(_("key"), max_length=60)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("organisation"),
        help_text=_("Empty for the platform's catalogue."),
    )
    name_nl = models.CharField(_("Dutch name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    description_nl = models.CharField(_("Dutch description"), max_length=300, blank=True)
    description_en = models.CharField(_("English description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["name_nl"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(organisation=None), name="catalogue_key_unique"
            ),
            models.UniqueConstraint(fields=["organisation", "key"], name="org_value_key_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    @property
    def description(self) -> str:
        en = (get_language() or "nl").startswith("en")
        return self.description_en if en else self.description_nl
