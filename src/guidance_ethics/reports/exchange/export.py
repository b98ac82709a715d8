"""Exporting: closed sessions into the exchange document, numbered in order, without
personal data."""

import json
from types import SimpleNamespace

from django.db.models import Prefetch, Q

from guidance_ethics.cases.actions import CASE_FIELDS, TECHNOLOGY_FIELDS
from guidance_ethics.reports.exchange.spec import FORMAT, VERSION
from guidance_ethics.reports.models import Report
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


def case_and_technology(case) -> dict:
    """The intake's fields, as the exchange format (and so every report) carries them."""
    technology = case.technology
    return {
        "technology": {field: getattr(technology, field) for field in TECHNOLOGY_FIELDS},
        "case": {field: getattr(case, field) for field in CASE_FIELDS},
    }


def _refs(prefix: str, objects, by_key: bool = False) -> dict[int, str]:
    """References numbered in order; ``by_key``: after the database keys, as the
    platform numbers contributions on its own pages and in the CSV tables."""
    if by_key:
        return {obj.pk: f"{prefix}{obj.pk}" for obj in objects}
    return {obj.pk: f"{prefix}{n}" for n, obj in enumerate(objects, start=1)}


def _author(item, internal: bool) -> dict:
    """Who wrote a contribution and whether it is hidden: in the report's record only."""
    if not internal:
        return {}
    return {
        "hidden": item.hidden,
        "signed": item.signed_name,
        "scribe": item.scribed_by_id is not None,
    }


def _participants(workshop: Workshop, consenting_only: bool) -> list:
    if workshop.participants_purged_at is None:
        participants = Participant.objects.filter(workshop=workshop).order_by("pk")
        if consenting_only:
            participants = participants.filter(consent_publication=True)
        return list(participants)
    # Only counts are left: the seats are numbered by group, and the votes and
    # evaluations travel as counts per group (docs/exchange.md).
    return [
        SimpleNamespace(
            pk=f"{row.group}/{row.consent}/{n}",
            stakeholder_group=row.group,
            consent_publication=row.consent,
        )
        for row in outcome.seats(workshop, consenting_only)
        for n in range(row.seats)
    ]


def export_workshop(
    workshop: Workshop, consenting_only: bool = False, internal: bool = False
) -> dict:
    """One closed session; with ``consenting_only``, as if the participants who did not
    agree to publication had not taken part (their contributions, votes and evaluations
    stay behind; what the moderators wrote stays).

    ``internal`` gives the report's record of the session (``reports.snapshot``) in the
    same shape: hidden contributions too, who wrote each, every evaluation remark, the
    moderators' names, and references after the database keys. It never leaves the
    installation."""
    authored = Q() if internal else Q(hidden=False)
    if consenting_only:
        authored &= Q(withheld=False) & (
            Q(participant=None) | Q(participant__consent_publication=True)
        )
    participants = _participants(workshop, consenting_only)
    # A merged actor is its target's: its effects moved there.
    actors = list(Actor.objects.filter(authored, workshop=workshop, merged_into=None))
    effects = list(
        Effect.objects.filter(authored, workshop=workshop).prefetch_related(
            Prefetch("links", queryset=EffectValue.objects.order_by("value_id"))
        )
    )
    values = list(WorkshopValue.objects.filter(workshop=workshop).select_related("value"))
    p, a, e, v = (
        _refs("p", participants),
        _refs("a", actors, internal),
        _refs("e", effects, internal),
        _refs("v", values, internal),
    )
    evaluations = Evaluation.objects.filter(participant__workshop=workshop).order_by(
        *(("created_at", "id") if internal else ("participant_id",))
    )
    exported = {
        "starts_at": workshop.starts_at.isoformat(),
        # Only a report's record may be taken of a session still open (its tests do).
        "closed_at": workshop.closed_at.isoformat() if workshop.closed_at else None,
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
            {"text": q.text, **_author(q, internal)}
            for q in Question.objects.filter(authored, workshop=workshop)
        ],
        "actors": [{"ref": a[x.pk], "name": x.name, **_author(x, internal)} for x in actors],
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
                **_author(x, internal),
            }
            for x in effects
        ],
        "values": [
            {
                "ref": v[x.pk],
                "name": x.names["nl"],
                "names": x.names,
                "catalogue": x.value.key if x.in_catalogue else None,
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
            {
                "value": v[x.value_id],
                "direction": x.direction,
                "text": x.text,
                **_author(x, internal),
            }
            for x in ActionOption.objects.filter(authored, workshop=workshop)
        ],
        "evaluations": [
            {
                "participant": p[x.participant_id],
                "changed_view": x.changed_view,
                "message": x.message if x.quote_consent or internal else "",
                "quote_consent": x.quote_consent,
            }
            for x in evaluations
            if x.participant_id in p
        ],
        "report": None if internal else _report_texts(workshop),
    }
    if workshop.participants_purged_at is not None:
        exported["counts"] = _counts(workshop, v, consenting_only)
    if internal:
        exported["moderators"] = {
            "moderator": workshop.moderator.get_full_name(),
            "co_moderator": workshop.co_moderator.get_full_name(),
        }
    return exported


def _report_texts(workshop: Workshop) -> dict | None:
    """The words of the session's newest final report, if it has one."""
    report = (
        Report.objects.filter(workshop=workshop, status=Report.Status.FINAL)
        .order_by("-version")
        .first()
    )
    return {"summary": report.summary, "next_steps": report.next_steps} if report else None


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
