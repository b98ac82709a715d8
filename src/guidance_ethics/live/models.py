from django.db import models


class Event(models.Model):
    """One entry of a workshop's append-only event log.

    ``seq`` is gap-free per workshop. The payload is rendered once, as JSON text, for each
    audience: ``public`` for everyone (participants, the board), ``staff`` for the moderator
    and co-moderator. A null ``public`` means participants do not see this event at all.
    """

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="events"
    )
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=40)
    # Null, not empty: "participants do not see this event" differs from an empty payload.
    public = models.TextField(null=True, blank=True)  # noqa: DJ001
    staff = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "seq"], name="event_seq_unique"),
        ]

    def __str__(self):
        return f"{self.workshop_id}#{self.seq} {self.kind}"
