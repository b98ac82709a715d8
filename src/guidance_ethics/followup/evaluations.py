"""The closing evaluation, summarised: per session and across an organisation's sessions.

How many participants say the session changed how they see the technology (yes, somewhat,
no), per stakeholder group; which values each stakeholder group gave its dots to; and the
remarks participants agreed to share as quotes. Remarks without that consent never leave
the internal report.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from guidance_ethics.workshops.models import Evaluation, Participant, Vote

TOP_VALUES = 3


@dataclass
class Summary:
    sessions: int = 0
    evaluated: int = 0
    changed: Counter = field(default_factory=Counter)  # answer -> participants
    groups: list = field(default_factory=list)  # (label, {answer: n}, total, top values)
    quotes: list = field(default_factory=list)  # (text, workshop)

    @property
    def changed_share(self) -> int | None:
        """Percentage that answered yes or somewhat, or None without answers."""
        if not self.evaluated:
            return None
        return round(100 * (self.changed["yes"] + self.changed["somewhat"]) / self.evaluated)


def summarise(workshops) -> Summary:
    """``workshops``: a queryset of (closed) workshops."""
    summary = Summary(sessions=workshops.count())
    by_group = defaultdict(Counter)
    evaluations = Evaluation.objects.filter(participant__workshop__in=workshops).select_related(
        "participant__workshop__case"
    )
    for evaluation in evaluations.order_by("participant__workshop__starts_at", "pk"):
        summary.evaluated += 1
        summary.changed[evaluation.changed_view] += 1
        by_group[evaluation.participant.stakeholder_group][evaluation.changed_view] += 1
        if evaluation.quote_consent and evaluation.message.strip():
            summary.quotes.append((evaluation.message, evaluation.participant.workshop))
    dots = defaultdict(Counter)
    votes = Vote.objects.filter(value__workshop__in=workshops, dots__gt=0).select_related(
        "participant", "value__merged_into"
    )
    for vote in votes:
        value = vote.value.merged_into or vote.value
        dots[vote.participant.stakeholder_group][value.name] += vote.dots
    for group, group_label in Participant.Group.choices:
        answers = by_group.get(group, Counter())
        if not answers and not dots.get(group):
            continue
        top = dots.get(group, Counter()).most_common(TOP_VALUES)
        summary.groups.append(
            (
                group_label,
                {code: answers[code] for code in Evaluation.Changed.values},
                sum(answers.values()),
                top,
            )
        )
    return summary
