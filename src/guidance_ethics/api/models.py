from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentRequest(models.Model):
    """The answer to a POST that carried an ``Idempotency-Key`` header, so that a client that
    retries it (its connection dropped before the answer came) gets the same answer instead
    of creating a second contribution. Stored in the same transaction as what the request
    created: both exist or neither does."""

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")
    # Whose key: "p<id>" for a participant, "u<id>" for a staff member.
    caller = models.CharField(max_length=24)
    key = models.CharField(max_length=255)
    # SHA-256 of method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "caller", "key"], name="idempotent_request_unique"
            ),
        ]

    def __str__(self):
        return f"{self.workshop_id} {self.caller} {self.key}"
