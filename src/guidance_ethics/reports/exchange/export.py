"""Exporting: closed sessions into the exchange document, numbered in order, without
personal data."""

import json
from types import SimpleNamespace

from django.db.models import Prefetch, Q

from guidance_ethics.reports.exchange.spec import FORMAT, VERSION
from guidance_ethics.reports.models import Report
from guidance_ethics.reports.snapshot import case_and_technology
from guidance_ethics.workshops import outcome
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    EffectValue,
    Evaluation,
    Participant,
    Question,
    Vote,
    Workshop,
    WorkshopValue,
)


def _refs(prefix: str, objects) -> dict[int, str]:
    return {obj.pk: f"{prefix}{n}" for n, obj in enumerate(objects, start=1)}


def export_workshop(workshop: Workshop, consenting_only: bool = False) -> dict:
    """One closed session; with ``consenting_only``, as if the participants who did not
    agree to publication had not taken part (their contributions, votes and evaluations
    stay behind; what the moderators wrote stays)."""
    participants = Participant.objects.filter(workshop=workshop).order_by("pk")
    authored = Q()
    if consenting_only:
        participants = participants.filter(consent_publication=True)
        authored = Q(withheld=False) & (
            Q(participant=None) | Q(participant__consent_publication=True)
        )
    purged = workshop.participants_purged_at is not None
    if purged:
        # Only counts are left: the seats are numbered by group, and the votes and
        # evaluations travel as counts per group (docs/exchange.md).
        participants = [
            SimpleNamespace(
                pk=f"{row.group}/{row.consent}/{n}",
                stakeholder_group=row.group,
                consent_publication=row.consent,
            )
            for row in outcome.seats(workshop, consenting_only)
            for n in range(row.seats)
        ]
    else:
        participants = list(participants)
    actors = list(Actor.objects.filter(authored, workshop=workshop, hidden=False))
    effects = list(
        Effect.objects.filter(authored, workshop=workshop, hidden=False).prefetch_related(
            Prefetch("links", queryset=EffectValue.objects.order_by("value_id"))
        )
    )
    values = list(WorkshopValue.objects.filter(workshop=workshop).select_related("value"))
    p, a, e, v = (
        _refs("p", participants),
        _refs("a", actors),
        _refs("e", effects),
        _refs("v", values),
    )
    report = (
        Report.objects.filter(workshop=workshop, status=Report.Status.FINAL)
        .order_by("-version")
        .first()
    )
    exported = {
        "starts_at": workshop.starts_at.isoformat(),
        "closed_at": workshop.closed_at.isoformat(),
        "format": workshop.format,
        "values_forward": workshop.values_forward,
        "votes_per_participant": workshop.votes_per_participant,
        "participants": [
            {
                "ref": p[x.pk],
                "group": x.stakeholder_group,
                "consent_publication": x.consent_publication,
            }
            for x in participants
        ],
        "questions": [
            {"text": q.text}
            for q in Question.objects.filter(authored, workshop=workshop, hidden=False)
        ],
        "actors": [{"ref": a[x.pk], "name": x.name} for x in actors],
        "effects": [
            {
                "ref": e[x.pk],
                "actor": a.get(x.actor_id),
                "polarity": x.polarity,
                "text": x.text,
                "merged_into": e.get(x.merged_into_id),
                "values": sorted(
                    (v[link.value_id] for link in x.links.all()), key=lambda r: int(r[1:])
                ),
            }
            for x in effects
        ],
        "values": [
            {
                "ref": v[x.pk],
                "name": x.name,
                "catalogue": x.value.key if x.value and x.value.organisation_id is None else None,
                "merged_into": v.get(x.merged_into_id),
                "chosen": x.chosen,
            }
            for x in values
        ],
        "votes": [
            {"participant": p[x.participant_id], "value": v[x.value_id], "dots": x.dots}
            for x in Vote.objects.filter(value__workshop=workshop).order_by(
                "participant_id", "value_id"
            )
            if x.dots > 0 and x.participant_id in p
        ],
        "options": [
            {"value": v[x.value_id], "direction": x.direction, "text": x.text}
            for x in ActionOption.objects.filter(authored, workshop=workshop, hidden=False)
        ],
        "evaluations": [
            {
                "participant": p[x.participant_id],
                "changed_view": x.changed_view,
                "message": x.message if x.quote_consent else "",
                "quote_consent": x.quote_consent,
            }
            for x in Evaluation.objects.filter(participant__workshop=workshop).order_by(
                "participant_id"
            )
            if x.participant_id in p
        ],
        "report": (
            {"summary": report.summary, "next_steps": report.next_steps} if report else None
        ),
    }
    if purged:
        exported["counts"] = _counts(workshop, v, consenting_only)
    return exported


def _counts(workshop: Workshop, v: dict, consenting_only: bool) -> dict:
    """A purged session's votes and evaluations, as counts per group and consent."""
    evaluations: dict[tuple, dict] = {}
    for answer in outcome.evaluations(workshop, consenting_only):
        key = (answer["group"], answer["consent_publication"], answer["changed_view"])
        counted = evaluations.setdefault(
            key,
            {
                "group": key[0],
                "consent_publication": key[1],
                "changed_view": key[2],
                "answers": 0,
                "quotes": [],
            },
        )
        counted["answers"] += 1
        if answer["quote_consent"] and answer["message"]:
            counted["quotes"].append(answer["message"])
    return {
        "votes": [
            {
                "value": v[row.value_id],
                "group": row.group,
                "consent_publication": row.consent,
                "dots": row.dots,
                "voters": row.voters,
            }
            for row in outcome.dots(workshop, consenting_only)
        ],
        "evaluations": list(evaluations.values()),
    }


def export_case(case, consenting_only: bool = False) -> dict:
    return {
        **case_and_technology(case),
        "workshops": [
            export_workshop(w, consenting_only)
            for w in case.workshops.filter(closed_at__isnull=False).order_by("starts_at", "pk")
        ],
    }


def export_cases(cases, progress=None) -> dict:
    """The exchange document for ``cases``; ``progress`` is called once per case done."""
    exported = []
    for case in cases:
        exported.append(export_case(case))
        if progress:
            progress()
    return {"format": FORMAT, "version": VERSION, "cases": exported}


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
