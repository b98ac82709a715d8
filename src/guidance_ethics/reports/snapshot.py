"""What a report is made of: the session's outcome as plain data, taken once.

The snapshot keeps codes, not labels (``"negative"``, not "negatief"), so that one report
can be read in Dutch and in English. It holds everything the internal version shows,
hidden items and signed names included; ``document.build`` leaves out what the external
version must not show. Participants appear only as counts per stakeholder group.
"""

from guidance_ethics.cases.actions import CASE_FIELDS, TECHNOLOGY_FIELDS
from guidance_ethics.workshops import outcome
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    EffectValue,
    Question,
    Workshop,
    WorkshopValue,
)

SNAPSHOT_VERSION = 1


def _author(item) -> dict:
    return {
        "hidden": item.hidden,
        "signed": item.signed_name,
        "scribe": item.scribed_by_id is not None,
    }


def case_and_technology(case) -> dict:
    """The intake's fields, as the report and the exchange format both carry them."""
    technology = case.technology
    return {
        "technology": {field: getattr(technology, field) for field in TECHNOLOGY_FIELDS},
        "case": {field: getattr(case, field) for field in CASE_FIELDS},
    }


def take(workshop: Workshop) -> dict:
    """The session as the report shows it, from a handful of queries."""
    case = workshop.case
    links: dict[int, list[int]] = {}
    for effect_id, value_id in EffectValue.objects.filter(effect__workshop=workshop).values_list(
        "effect_id", "value_id"
    ):
        links.setdefault(effect_id, []).append(value_id)
    values = WorkshopValue.objects.filter(workshop=workshop).select_related("value")
    totals = outcome.value_totals(workshop)
    groups = outcome.groups(workshop)
    return {
        "snapshot": SNAPSHOT_VERSION,
        "organisation": workshop.organisation.name,
        **case_and_technology(case),
        "workshop": {
            "starts_at": workshop.starts_at.isoformat(),
            "closed_at": workshop.closed_at.isoformat() if workshop.closed_at else None,
            "format": workshop.format,
            "moderator": workshop.moderator.get_full_name(),
            "co_moderator": workshop.co_moderator.get_full_name(),
            "values_forward": workshop.values_forward,
            "votes_per_participant": workshop.votes_per_participant,
        },
        "participants": {
            "groups": groups,
            "total": sum(groups.values()),
        },
        "questions": [
            {"id": q.pk, "text": q.text, **_author(q)}
            for q in Question.objects.filter(workshop=workshop)
        ],
        "actors": [
            {"id": a.pk, "name": a.name, **_author(a)}
            for a in Actor.objects.filter(workshop=workshop)
        ],
        "effects": [
            {
                "id": e.pk,
                "actor": e.actor_id,
                "polarity": e.polarity,
                "text": e.text,
                "merged_into": e.merged_into_id,
                "values": sorted(links.get(e.pk, [])),
                **_author(e),
            }
            for e in Effect.objects.filter(workshop=workshop)
        ],
        "values": [
            {
                "id": v.pk,
                "name": v.name,
                "catalogue": v.value.key if v.value and v.value.organisation_id is None else None,
                "merged_into": v.merged_into_id,
                "chosen": v.chosen,
                "dots": totals.get(v.pk, (0, 0))[0],
                "voters": totals.get(v.pk, (0, 0))[1],
            }
            for v in values
        ],
        "options": [
            {
                "id": o.pk,
                "value": o.value_id,
                "direction": o.direction,
                "text": o.text,
                **_author(o),
            }
            for o in ActionOption.objects.filter(workshop=workshop)
        ],
        "evaluations": [
            {
                "changed_view": ev["changed_view"],
                "group": ev["group"],
                "message": ev["message"],
                "quote_consent": ev["quote_consent"],
            }
            for ev in outcome.evaluations(workshop)
        ],
    }
