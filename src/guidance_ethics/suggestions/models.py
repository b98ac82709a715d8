from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rejection(models.Model):
    """A co-moderator said that a suggested value is not behind an effect: an example the
    suggester learns from, as it learns from every link (``workshops.EffectValue``)."""

    effect = models.ForeignKey(
        "workshops.Effect", on_delete=models.CASCADE, related_name="rejections"
    )
    value = models.ForeignKey("values.Value", on_delete=models.CASCADE, related_name="+")
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rejected suggestion")
        verbose_name_plural = _("rejected suggestions")
        constraints = [
            models.UniqueConstraint(fields=["effect", "value"], name="reject_once"),
        ]

    def __str__(self):
        return f"{self.effect_id} ≠ {self.value_id}"
