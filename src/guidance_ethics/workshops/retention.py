"""Participants' data after a session: deleted when the organisation's retention period ends.

``Organisation.retention_days`` (90 by default) after a session closes, ``guidance-ethics
purge`` (run daily) deletes its participants: their access tokens, display names, votes and
evaluations. What stays is the anonymous outcome:

- the contributions, without the names under them and without a link to who wrote them;
  those of participants who had not agreed to publication are marked ``withheld``, so the
  library still leaves them out;
- counts per stakeholder group and consent to publication: participants (``SeatCount``),
  dots and voters per value (``VoteCount``), answers to the evaluation (``EvaluationCount``),
  and the remarks their authors agreed to have quoted (``EvaluationQuote``); reports, the
  organisation's evaluation overview and the exchange file read these through
  ``workshops.outcome`` and count as they did.

The live event log (which repeats names) and stored API answers are deleted, and names and
remarks that may not be quoted are removed from the reports' frozen data
(docs/privacy.md, docs/decisions.md).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.dispatch import Signal
from django.utils import timezone

from guidance_ethics.audit.actions import record
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.live.models import Event
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    Evaluation,
    EvaluationCount,
    EvaluationQuote,
    Participant,
    Question,
    SeatCount,
    Vote,
    VoteCount,
    Workshop,
)

CONTRIBUTIONS = (Question, Actor, Effect, ActionOption)

# sender: the Workshop class; keyword argument: workshop. Sent inside ``purge``'s transaction,
# after the participants and the event log went, so that the apps above this one delete what
# they keep of them in the same transaction (docs/decisions.md, "The order of the apps").
participants_purged = Signal()


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


def _count(workshop: Workshop) -> None:
    """Write the participants' anonymous outcome as counts per group and consent."""
    seats = Participant.objects.filter(workshop=workshop)
    SeatCount.objects.bulk_create(
        SeatCount(workshop=workshop, stakeholder_group=group, consent_publication=consent, seats=n)
        for group, consent, n in seats.values_list("stakeholder_group", "consent_publication")
        .annotate(n=Count("id"))
        .order_by("stakeholder_group", "consent_publication")
    )
    votes = Vote.objects.filter(participant__workshop=workshop, dots__gt=0)
    VoteCount.objects.bulk_create(
        VoteCount(
            value_id=value_id,
            stakeholder_group=group,
            consent_publication=consent,
            dots=dots,
            voters=voters,
        )
        for value_id, group, consent, dots, voters in votes.values_list(
            "value_id", "participant__stakeholder_group", "participant__consent_publication"
        )
        .annotate(total=Sum("dots"), n=Count("id"))
        .order_by("value_id", "participant__stakeholder_group", "participant__consent_publication")
    )
    answers = Evaluation.objects.filter(participant__workshop=workshop)
    EvaluationCount.objects.bulk_create(
        EvaluationCount(
            workshop=workshop,
            stakeholder_group=group,
            consent_publication=consent,
            changed_view=changed_view,
            answers=n,
        )
        for group, consent, changed_view, n in answers.values_list(
            "participant__stakeholder_group", "participant__consent_publication", "changed_view"
        )
        .annotate(n=Count("id"))
        .order_by("participant__stakeholder_group", "participant__consent_publication")
    )
    EvaluationQuote.objects.bulk_create(
        EvaluationQuote(
            workshop=workshop,
            stakeholder_group=evaluation.participant.stakeholder_group,
            consent_publication=evaluation.participant.consent_publication,
            changed_view=evaluation.changed_view,
            message=evaluation.message,
        )
        for evaluation in answers.filter(quote_consent=True)
        .exclude(message="")
        .select_related("participant")
        .order_by("created_at", "id")
    )


def purge(workshop: Workshop, now=None) -> int:
    """Delete the session's participants, keeping the anonymous outcome; returns how many
    there were."""
    now = now or timezone.now()
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.participants_purged_at is not None:
            return 0
        _count(workshop)
        for model in CONTRIBUTIONS:
            contributions = model.objects.filter(workshop=workshop)
            contributions.filter(participant__consent_publication=False).update(withheld=True)
            contributions.update(signed_name="", participant=None)
        # Their votes and evaluations go with them (CASCADE).
        _total, deleted = Participant.objects.filter(workshop=workshop).delete()
        count = deleted.get(Participant._meta.label, 0)
        Event.objects.filter(workshop=workshop).delete()
        # The API's stored answers and the reports' frozen data (api/apps.py, reports/apps.py).
        participants_purged.send(sender=Workshop, workshop=workshop)
        workshop.participants_purged_at = now
        workshop.save(update_fields=["participants_purged_at"])
        record(SYSTEM, "purge_participants", workshop, workshop.organisation, participants=count)
    return count
