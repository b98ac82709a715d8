"""Participants' data after a session: removed when the organisation's retention period ends.

``Organisation.retention_days`` (90 by default) after a session closes, ``guidance-ethics
purge`` (run daily) makes its participants anonymous seats:

- the access token is replaced, so that no phone can return as that participant;
- display names and the names under contributions are removed, and contributions are no
  longer linked to the seat that wrote them;
- evaluation remarks are removed unless the participant agreed to be quoted;
- the live event log (which repeats names) and stored API answers are deleted, and names are
  removed from the reports' frozen data.

What stays is the anonymous outcome: the contributions, the values, the dots per seat and
the evaluation answers, each seat with only its stakeholder group and its consent to
publication, so that reports, the organisation's evaluation overview and the exchange file
count as they did (docs/privacy.md, docs/decisions.md).
"""

from datetime import timedelta

from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from guidance_ethics.audit.actions import record
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    Evaluation,
    Participant,
    Question,
    Workshop,
)

CONTRIBUTIONS = (Question, Actor, Effect, ActionOption)


def due(now=None) -> list[Workshop]:
    """Closed sessions whose organisation's retention period has passed."""
    now = now or timezone.now()
    candidates = Workshop.objects.filter(
        closed_at__isnull=False, participants_purged_at=None, closed_at__lt=now - timedelta(days=1)
    ).select_related("organisation")
    return [
        workshop
        for workshop in candidates
        if workshop.closed_at + timedelta(days=workshop.organisation.retention_days) <= now
    ]


def _without_names(data):
    """The report's frozen data with every name under a contribution removed."""
    if isinstance(data, dict):
        return {
            key: (None if key == "signed" else _without_names(value)) for key, value in data.items()
        }
    if isinstance(data, list):
        return [_without_names(item) for item in data]
    return data


def _without_unquotable_remarks(data):
    if isinstance(data, dict) and isinstance(data.get("evaluations"), list):
        data = {
            **data,
            "evaluations": [
                {**item, "message": item.get("message") if item.get("quote_consent") else ""}
                for item in data["evaluations"]
            ],
        }
    return data


def purge(workshop: Workshop, now=None) -> int:
    """Make the session's participants anonymous seats; returns how many there were."""
    from guidance_ethics.api.models import IdempotentRequest
    from guidance_ethics.live.models import Event
    from guidance_ethics.reports.models import Report

    now = now or timezone.now()
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.participants_purged_at is not None:
            return 0
        seats = Participant.objects.filter(workshop=workshop)
        count = seats.update(
            token_hash=Concat(models.Value("purged:"), Cast("id", output_field=models.CharField())),
            display_name="",
        )
        for model in CONTRIBUTIONS:
            model.objects.filter(workshop=workshop).update(signed_name="", participant=None)
        Evaluation.objects.filter(participant__workshop=workshop, quote_consent=False).update(
            message=""
        )
        Event.objects.filter(workshop=workshop).delete()
        IdempotentRequest.objects.filter(workshop=workshop).delete()
        for report in Report.objects.filter(workshop=workshop):
            report.data = _without_unquotable_remarks(_without_names(report.data))
            report.save(update_fields=["data"])
        workshop.participants_purged_at = now
        workshop.save(update_fields=["participants_purged_at"])
        record(SYSTEM, "purge_participants", workshop, workshop.organisation, participants=count)
    return count
