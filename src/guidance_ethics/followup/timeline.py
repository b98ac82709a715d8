"""One technology over time: its sessions in order, and what changed from one to the next.

The sessions of every case of the technology are put on one line by their date, each with
its case's phase of implementation (before, during, after). Each closed session is compared
with the closed session before it: which values appeared, which disappeared, which rose in
votes, which effects returned (said again in much the same words; the suggester's
similarity), and which actions from the earlier session were done by the time of the later
one.
"""

from dataclasses import dataclass, field

from guidance_ethics.followup.models import Action, ActionNote
from guidance_ethics.suggestions.engine import similarity, stem_set
from guidance_ethics.workshops import outcome
from guidance_ethics.workshops.models import Effect, Workshop, WorkshopValue

RETURNED = 0.6


@dataclass
class Session:
    workshop: Workshop
    values: dict  # identity -> (name, dots, chosen)
    comparison: "Comparison | None" = None


@dataclass
class Comparison:
    earlier: Workshop
    appeared: list = field(default_factory=list)
    disappeared: list = field(default_factory=list)
    rose: list = field(default_factory=list)  # (name, dots before, dots after)
    returned: list = field(default_factory=list)  # (earlier text, later text)
    done: list = field(default_factory=list)  # actions of the earlier session done by then
    open: list = field(default_factory=list)  # and those not (yet) done


def _identity(value: WorkshopValue) -> str:
    """A value is the same across sessions by its catalogue key, else by its name."""
    return value.value.key if value.value_id else value.name.strip().lower()


def values_of(workshop) -> dict:
    values = outcome.with_dots(
        WorkshopValue.objects.filter(workshop=workshop, merged_into=None).select_related("value")
    )
    return {_identity(v): (v.label(), v.dots or 0, v.chosen) for v in values}


def _effects(workshop) -> list[str]:
    return list(
        Effect.objects.filter(workshop=workshop, merged_into=None, hidden=False).values_list(
            "text", flat=True
        )
    )


def _done_by(actions: list[Action], moment) -> set[int]:
    """The ids of ``actions`` that were done at ``moment`` (now, if None): their last change
    of status up to then was to done. One query for all of them."""
    if moment is None:
        return {action.pk for action in actions if action.status == Action.Status.DONE}
    last = {}
    changes = (
        ActionNote.objects.filter(action__in=actions, created_at__lte=moment)
        .exclude(status_to="")
        .order_by("created_at", "id")
        .values_list("action_id", "status_to")
    )
    for action_id, status in changes:
        last[action_id] = status
    return {pk for pk, status in last.items() if status == Action.Status.DONE}


def compare(earlier: Workshop, later: Workshop, before=None, after=None) -> Comparison:
    """``before`` and ``after``: the sessions' ``values_of``, where the caller has them."""
    before = values_of(earlier) if before is None else before
    after = values_of(later) if after is None else after
    result = Comparison(earlier=earlier)
    result.appeared = sorted(after[k][0] for k in after.keys() - before.keys())
    result.disappeared = sorted(before[k][0] for k in before.keys() - after.keys())
    result.rose = sorted(
        (after[k][0], before[k][1], after[k][1])
        for k in after.keys() & before.keys()
        if after[k][1] > before[k][1]
    )
    earlier_effects = [(text, stem_set(text)) for text in _effects(earlier)]
    for text in _effects(later):
        words = stem_set(text)
        match = max(
            ((similarity(words, w), old) for old, w in earlier_effects),
            default=(0.0, None),
        )
        if match[0] >= RETURNED:
            result.returned.append((match[1], text))
    actions = list(Action.objects.filter(workshop=earlier).order_by("id"))
    done = _done_by(actions, later.starts_at)
    for action in actions:
        (result.done if action.pk in done else result.open).append(action)
    return result


def timeline(technology) -> list[Session]:
    """The technology's sessions, oldest first; closed ones compared with the closed one
    before."""
    workshops = (
        Workshop.objects.filter(case__technology=technology)
        .select_related("case")
        .order_by("starts_at", "pk")
    )
    sessions, previous = [], None
    for workshop in workshops:
        session = Session(workshop=workshop, values=values_of(workshop))
        if workshop.closed_at is not None:
            if previous is not None:
                session.comparison = compare(
                    previous.workshop, workshop, previous.values, session.values
                )
            previous = session
        sessions.append(session)
    return sessions
