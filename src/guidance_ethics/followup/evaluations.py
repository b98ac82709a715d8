"""The closing evaluation, summarised: per session and across an organisation's sessions.

How many participants say the session changed how they see the technology (yes, somewhat,
no), per stakeholder group; which values each stakeholder group gave its dots to; and the
remarks participants agreed to share as quotes. Remarks without that consent never leave
the internal report.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from guidance_ethics.workshops import outcome
from guidance_ethics.workshops.models import Evaluation, Participant, WorkshopValue

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
    by_id = {w.pk: w for w in workshops.select_related("case")}
    by_group = defaultdict(Counter)
    answers = outcome.evaluations(workshops)
    # In the order the sessions were held; within one, as outcome gives them.
    answers.sort(key=lambda ev: (by_id[ev["workshop_id"]].starts_at, ev["workshop_id"]))
    for evaluation in answers:
        summary.evaluated += 1
        summary.changed[evaluation["changed_view"]] += 1
        by_group[evaluation["group"]][evaluation["changed_view"]] += 1
        if evaluation["quote_consent"] and evaluation["message"].strip():
            summary.quotes.append((evaluation["message"], by_id[evaluation["workshop_id"]]))
    dots = defaultdict(Counter)
    counted = outcome.dots(workshops)
    values = WorkshopValue.objects.select_related(
        "value", "merged_into", "merged_into__value"
    ).in_bulk({row.value_id for row in counted})
    for row in counted:
        value = values[row.value_id]
        dots[row.group][(value.merged_into or value).label()] += row.dots
    for group, group_label in Participant.Group.choices:
        answered = by_group.get(group, Counter())
        if not answered and not dots.get(group):
            continue
        top = dots.get(group, Counter()).most_common(TOP_VALUES)
        summary.groups.append(
            (
                group_label,
                {code: answered[code] for code in Evaluation.Changed.values},
                sum(answered.values()),
                top,
            )
        )
    return summary
