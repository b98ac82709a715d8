"""A session's anonymous outcome, read the same before and after its participants are gone.

Until the organisation's retention period ends the counts come from the participants' own
rows (``Participant``, ``Vote``, ``Evaluation``); ``retention.purge`` replaces those with
``SeatCount``, ``VoteCount``, ``EvaluationCount`` and ``EvaluationQuote``. Everything that
counts participants, dots or answers (reports, the board of a closed session, the library,
the exchange file, the organisation's evaluation overview) reads them here, so that a report
taken after the purge says what one taken before said.

Every function takes one workshop or a queryset of them.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from guidance_ethics.workshops.models import (
    Evaluation,
    EvaluationCount,
    EvaluationQuote,
    Participant,
    SeatCount,
    Vote,
    VoteCount,
    Workshop,
)


def _in(workshops, field: str = "workshop") -> Q:
    if isinstance(workshops, Workshop):
        return Q(**{field: workshops.pk})
    return Q(**{f"{field}__in": workshops})


@dataclass(frozen=True)
class Seats:
    workshop_id: int
    group: str
    consent: bool
    seats: int


@dataclass(frozen=True)
class Dots:
    workshop_id: int
    value_id: int
    group: str
    consent: bool
    dots: int
    voters: int


def seats(workshops, consenting_only: bool = False) -> list[Seats]:
    """Participants per session, stakeholder group and consent to publication."""
    consent = Q(consent_publication=True) if consenting_only else Q()
    live = (
        Participant.objects.filter(_in(workshops), consent)
        .values_list("workshop_id", "stakeholder_group", "consent_publication")
        .annotate(n=Count("id"))
        .order_by("workshop_id", "stakeholder_group", "consent_publication")
    )
    kept = (
        SeatCount.objects.filter(_in(workshops), consent)
        .values_list("workshop_id", "stakeholder_group", "consent_publication", "seats")
        .order_by("workshop_id", "stakeholder_group", "consent_publication")
    )
    return [Seats(*row) for row in (*live, *kept)]


def groups(workshop, consenting_only: bool = False) -> dict[str, int]:
    """Participants per stakeholder group."""
    counted = Counter()
    for row in seats(workshop, consenting_only):
        counted[row.group] += row.seats
    return dict(sorted(counted.items()))


def unconsented(workshops) -> int:
    """How many participants did not agree to publication."""
    return sum(row.seats for row in seats(workshops) if not row.consent)


def dots(workshops, consenting_only: bool = False) -> list[Dots]:
    """Dots and voters per value, stakeholder group and consent."""
    consent = Q(participant__consent_publication=True) if consenting_only else Q()
    live = (
        Vote.objects.filter(_in(workshops, "value__workshop"), consent, dots__gt=0)
        .values_list(
            "value__workshop_id",
            "value_id",
            "participant__stakeholder_group",
            "participant__consent_publication",
        )
        .annotate(total=Sum("dots"), voters=Count("id"))
        .order_by("value_id", "participant__stakeholder_group", "participant__consent_publication")
    )
    consent = Q(consent_publication=True) if consenting_only else Q()
    kept = (
        VoteCount.objects.filter(_in(workshops, "value__workshop"), consent, dots__gt=0)
        .values_list(
            "value__workshop_id",
            "value_id",
            "stakeholder_group",
            "consent_publication",
            "dots",
            "voters",
        )
        .order_by("value_id", "stakeholder_group", "consent_publication")
    )
    return [Dots(*row) for row in (*live, *kept)]


def value_totals(workshop) -> dict[int, tuple[int, int]]:
    """Per value id: (dots, voters)."""
    totals: dict[int, tuple[int, int]] = {}
    for row in dots(workshop):
        before = totals.get(row.value_id, (0, 0))
        totals[row.value_id] = (before[0] + row.dots, before[1] + row.voters)
    return totals


def with_dots(values):
    """A ``WorkshopValue`` queryset annotated with ``dots``: what it can be ordered by."""

    def total(model):
        rows = (
            model.objects.filter(value=OuterRef("pk"))
            .order_by()
            .values("value")
            .annotate(total=Sum("dots"))
            .values("total")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return values.annotate(dots=total(Vote) + total(VoteCount))


def evaluations(workshop, consenting_only: bool = False) -> list[dict]:
    """One item per answer: ``workshop_id``, ``changed_view``, ``group``,
    ``consent_publication``, ``message`` and ``quote_consent``; in the order given while the
    participants are there, by group and answer (quotes first) after."""
    consent = Q(participant__consent_publication=True) if consenting_only else Q()
    answers = [
        {
            "workshop_id": ev.participant.workshop_id,
            "changed_view": ev.changed_view,
            "group": ev.participant.stakeholder_group,
            "consent_publication": ev.participant.consent_publication,
            "message": ev.message,
            "quote_consent": ev.quote_consent,
        }
        for ev in Evaluation.objects.filter(_in(workshop, "participant__workshop"), consent)
        .select_related("participant")
        .order_by("created_at", "id")
    ]
    consent = Q(consent_publication=True) if consenting_only else Q()
    quotes: dict[tuple, list[str]] = {}
    for quote in EvaluationQuote.objects.filter(_in(workshop), consent):
        key = (
            quote.workshop_id,
            quote.stakeholder_group,
            quote.consent_publication,
            quote.changed_view,
        )
        quotes.setdefault(key, []).append(quote.message)
    for count in EvaluationCount.objects.filter(_in(workshop), consent).order_by(
        "workshop_id", "stakeholder_group", "-consent_publication", "changed_view"
    ):
        key = (
            count.workshop_id,
            count.stakeholder_group,
            count.consent_publication,
            count.changed_view,
        )
        said = quotes.get(key, [])[: count.answers]
        for n in range(count.answers):
            answers.append(
                {
                    "workshop_id": count.workshop_id,
                    "changed_view": count.changed_view,
                    "group": count.stakeholder_group,
                    "consent_publication": count.consent_publication,
                    "message": said[n] if n < len(said) else "",
                    "quote_consent": n < len(said),
                }
            )
    return answers


def evaluation_count(workshop) -> int:
    live = Evaluation.objects.filter(_in(workshop, "participant__workshop")).count()
    kept = EvaluationCount.objects.filter(_in(workshop)).aggregate(n=Sum("answers"))["n"]
    return live + (kept or 0)
