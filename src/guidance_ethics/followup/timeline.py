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
    return {_identity(v): (v.name, v.dots or 0, v.chosen) for v in values}


def _effects(workshop) -> list[str]:
    return list(
        Effect.objects.filter(workshop=workshop, merged_into=None, hidden=False).values_list(
            "text", flat=True
        )
    )


def _done_by(action: Action, moment) -> bool:
    if moment is None:
        return action.status == Action.Status.DONE
    last = (
        ActionNote.objects.filter(action=action, created_at__lte=moment)
        .exclude(status_to="")
        .order_by("-created_at", "-id")
        .first()
    )
    return last is not None and last.status_to == Action.Status.DONE


def compare(earlier: Workshop, later: Workshop) -> Comparison:
    before, after = values_of(earlier), values_of(later)
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
    for action in Action.objects.filter(workshop=earlier).order_by("id"):
        (result.done if _done_by(action, later.starts_at) else result.open).append(action)
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
                session.comparison = compare(previous, workshop)
            previous = workshop
        sessions.append(session)
    return sessions
