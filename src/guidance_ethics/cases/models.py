from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guidance_ethics.lib.language import Languaged


class Technology(models.Model):
    """A technology an organisation works with; it can be discussed in several cases."""

    class Kind(models.TextChoices):
        DRONE = "drone", _("drone")
        CAMERA = "camera", _("camera")
        SENSOR = "sensor", _("sensor")
        SATELLITE = "satellite", _("satellite observation")
        ALGORITHM = "algorithm", _("algorithm")
        PLATFORM = "platform", _("platform")
        OTHER = "other", _("other")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="technologies",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(
        _("how it works"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("What the technology does, which data it uses and what it produces."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="technology_name_unique_per_org"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cases:technology", args=[self.pk])


class Case(Languaged):
    """A technology in a concrete context: stage 1 of the method, prepared in the intake."""

    LANGUAGE_FROM = ("title", "question")  # the language the case is written in

    class Domain(models.TextChoices):
        SAFETY = "safety", _("safety")
        CARE = "care", _("care")
        PUBLIC_ADMINISTRATION = "public_administration", _("public administration")
        MOBILITY = "mobility", _("mobility")
        EDUCATION = "education", _("education")
        OTHER = "other", _("other")

    class Phase(models.TextChoices):
        BEFORE = "before", _("before implementation")
        DURING = "during", _("during implementation")
        AFTER = "after", _("after implementation")

    technology = models.ForeignKey(
        Technology, on_delete=models.CASCADE, related_name="cases", verbose_name=_("technology")
    )
    # The technology's organisation, kept on the case so that every lookup can check it.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="cases",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(
        _("context"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("Where, by whom and for what the technology is used in this case."),
    )
    decisions = models.TextField(
        _("who decides what"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("Who takes which decisions on the basis of the technology?"),
    )
    domain = models.CharField(
        _("domain"), max_length=30, choices=Domain.choices, default=Domain.SAFETY
    )
    phase = models.CharField(_("phase of implementation"), max_length=10, choices=Phase.choices)
    question = models.TextField(
        _("question of the organisation"),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("What does the organisation want to learn from the session?"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("described"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cases:case", args=[self.pk])
