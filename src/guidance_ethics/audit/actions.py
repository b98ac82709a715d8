"""Writing the audit log. Called by other apps' actions, inside their transaction."""

from django.db import transaction

from guidance_ethics.audit.models import AuditEntry


def record(actor, verb: str, obj, organisation=None, **data) -> AuditEntry:
    """Append one audit entry for ``verb`` done to ``obj``; must run inside an action's atomic."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside an action's transaction")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )
