"""The report of a session: versions, each a draft until the moderators mark it final.

A report keeps a snapshot of the session (``data``, made by ``snapshot.take``, in the
exchange format's shape) so that a final version reads the same years later, whatever
happens to the case afterwards.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

REPORT_TEXT_LIMIT = 20000


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="reports"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="reports"
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=REPORT_TEXT_LIMIT,
        validators=[MaxLengthValidator(REPORT_TEXT_LIMIT)],
        help_text=_("What the session yielded. Leave a blank line between paragraphs."),
    )
    next_steps = models.TextField(
        _("next steps"),
        blank=True,
        max_length=REPORT_TEXT_LIMIT,
        validators=[MaxLengthValidator(REPORT_TEXT_LIMIT)],
        help_text=_("What the organisation will do with the outcome, and who does it."),
    )
    name_moderators = models.BooleanField(
        _("the moderators agree to be named on the title page"), default=False
    )
    data = models.JSONField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["workshop", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "version"], name="report_version_once"),
        ]

    def __str__(self):
        return f"{self.workshop} v{self.version}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL
