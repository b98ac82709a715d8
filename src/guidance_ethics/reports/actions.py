"""Every write to a report: drafting, editing, marking final, reopening as a new version;
and importing cases from the exchange format.

The session's moderator and co-moderator edit its report; the organisation's coordinators
and admins may too (someone must be able to when a moderator has left). A final version is
never changed again: reopening makes the next version, a draft, from the same session.
"""

import secrets
from collections import Counter
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance_ethics.accounts.models import Membership
from guidance_ethics.accounts.queries import require_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.cases.signals import changed
from guidance_ethics.lib.text import clean as clean_text
from guidance_ethics.lib.text import clean_fields
from guidance_ethics.reports import exchange, queries, snapshot
from guidance_ethics.reports.models import Report
from guidance_ethics.values.models import Value
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    EffectValue,
    Evaluation,
    EvaluationCount,
    EvaluationQuote,
    Participant,
    Phase,
    Question,
    SeatCount,
    Vote,
    VoteCount,
    Workshop,
    WorkshopValue,
    hash_token,
    new_join_code,
)


def _require_editor(actor, workshop: Workshop) -> None:
    if not queries.can_edit(actor, workshop):
        raise PermissionDenied


def _locked_report(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("workshop").get(pk=report.pk)


def draft_report(actor, workshop: Workshop) -> Report:
    """The first draft, from the closed session; the existing latest version if there is one.

    ``workshops.actions.close_workshop`` calls this inside its own transaction, so that a
    session is never closed without its report.
    """
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        _require_editor(actor, workshop)
        if not workshop.is_closed:
            raise ValidationError(
                _("The report is made when the session is closed."), code="not_closed"
            )
        existing = queries.latest(workshop)
        if existing is not None:
            return existing
        report = Report.objects.create(
            workshop=workshop,
            organisation=workshop.organisation,
            version=1,
            data=snapshot.take(workshop),
        )
        record(actor, "draft_report", report, workshop.organisation, version=1)
    return report


def update_report(actor, report: Report, *, summary: str, next_steps: str, name_moderators: bool):
    """The moderators' own words: the summary and next steps, on a draft only."""
    with transaction.atomic():
        report = _locked_report(report)
        _require_editor(actor, report.workshop)
        if report.is_final:
            raise ValidationError(
                _("This version is final. Reopen it to make a new version."), code="final"
            )
        errors = {
            field: _("Text is required.")
            for field, value in (("summary", summary), ("next_steps", next_steps))
            if not isinstance(value, str)
        }
        if not isinstance(name_moderators, bool):
            errors["name_moderators"] = _("Say yes or no.")
        if errors:
            raise ValidationError(errors)
        report.summary = clean_text(summary, "summary")
        report.next_steps = clean_text(next_steps, "next_steps")
        report.name_moderators = name_moderators
        report.full_clean(exclude=["data"])
        report.save()
        record(actor, "update_report", report, report.organisation, version=report.version)
    return report


def finalise_report(actor, report: Report) -> Report:
    with transaction.atomic():
        report = _locked_report(report)
        _require_editor(actor, report.workshop)
        if report.is_final:
            return report
        if not report.summary.strip():
            raise ValidationError(
                {"summary": _("Write the summary before you mark the report final.")}
            )
        report.status = Report.Status.FINAL
        report.data = snapshot.take(report.workshop)  # evaluations may have come in since
        report.finalised_at = timezone.now()
        report.finalised_by = actor if getattr(actor, "is_authenticated", False) else None
        report.save(update_fields=["status", "data", "finalised_at", "finalised_by", "updated_at"])
        record(actor, "finalise_report", report, report.organisation, version=report.version)
        changed(report.workshop.case)
    return report


def reopen_report(actor, report: Report) -> Report:
    """A new draft version after a final one; the final one stays as it was."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=report.workshop_id)
        _require_editor(actor, workshop)
        report = Report.objects.get(pk=report.pk)
        newest = Report.objects.filter(workshop=workshop).aggregate(v=Max("version"))["v"]
        if not report.is_final or report.version != newest:
            raise ValidationError(
                _("Only the newest version, once final, can be reopened."), code="not_final"
            )
        new = Report.objects.create(
            workshop=workshop,
            organisation=workshop.organisation,
            version=newest + 1,
            summary=report.summary,
            next_steps=report.next_steps,
            name_moderators=report.name_moderators,
            data=snapshot.take(workshop),
        )
        record(actor, "reopen_report", new, workshop.organisation, version=new.version)
        changed(workshop.case)
    return new


# --- the exchange format --------------------------------------------------------------------


class ImportRefused(ValidationError):
    """A document that does not validate; ``problems`` lists each with its path."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__([str(p) for p in problems], code="invalid_document")


def import_cases(actor, organisation, document, *, moderator, progress=None) -> list:
    """Import an exchange document's cases into ``organisation``, completely or not at all.

    Each case gets its technology (an existing one of the same name is reused), its closed
    sessions with everything in them, and the report: final with the exported summary, or a
    draft. ``moderator`` (a member) becomes moderator and co-moderator of the imported
    sessions, since the exporting installation's people do not travel.
    """
    require_role(actor, organisation, Role.COORDINATOR)
    if not Membership.objects.filter(user=moderator, organisation=organisation).exists():
        raise ValidationError({"moderator": _("Choose a member of the organisation.")})
    problems = exchange.validate(document)
    if not problems:
        problems = exchange.unknown_catalogue_values(document)
    if problems:
        raise ImportRefused(problems)
    imported = []
    with transaction.atomic():
        for item in document["cases"]:
            case = _import_case(organisation, item, moderator)
            record(actor, "import_case", case, organisation, workshops=len(item["workshops"]))
            imported.append(case)
            if progress:
                progress()
    return imported


def _saved(obj):
    """``obj`` validated and saved; its texts by the rule for their field (lib/text.py: the
    file's strings are cleaned already, and a name, a ``CharField``, is a single line)."""
    texts = {
        field.name: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.is_relation and isinstance(getattr(obj, field.attname), str)
    }
    for name, value in clean_fields(type(obj), texts).items():
        setattr(obj, name, value)
    obj.full_clean(validate_constraints=False)
    obj.save()
    return obj


def _import_case(organisation, item, moderator):
    spec = item["technology"]
    technology = Technology.objects.filter(
        organisation=organisation, name__iexact=spec["name"]
    ).first() or _saved(Technology(organisation=organisation, **spec))
    case = _saved(Case(technology=technology, organisation=organisation, **item["case"]))
    for spec in item["workshops"]:
        _import_workshop(case, spec, moderator)
    changed(case)
    return case


def _import_counts(workshop: Workshop, counts: dict, values: dict) -> None:
    VoteCount.objects.bulk_create(
        VoteCount(
            value=values[row["value"]],
            stakeholder_group=row["group"],
            consent_publication=row["consent_publication"],
            dots=row["dots"],
            voters=row["voters"],
        )
        for row in counts["votes"]
    )
    for row in counts["evaluations"]:
        _saved(
            EvaluationCount(
                workshop=workshop,
                stakeholder_group=row["group"],
                consent_publication=row["consent_publication"],
                changed_view=row["changed_view"],
                answers=row["answers"],
            )
        )
        for quote in row["quotes"]:
            _saved(
                EvaluationQuote(
                    workshop=workshop,
                    stakeholder_group=row["group"],
                    consent_publication=row["consent_publication"],
                    changed_view=row["changed_view"],
                    message=quote,
                )
            )


def _hidden(item: dict) -> bool:
    """A contribution a report's record marks hidden stays hidden; who wrote it (``signed``,
    ``scribe``) and the ``moderators`` are not imported (docs/exchange.md)."""
    return item.get("hidden", False)


def _import_workshop(case, spec, moderator) -> Workshop:
    workshop = Workshop(
        case=case,
        organisation=case.organisation,
        moderator=moderator,
        co_moderator=moderator,
        starts_at=datetime.fromisoformat(spec["starts_at"]),
        closed_at=datetime.fromisoformat(spec["closed_at"]),
        format=spec["format"],
        values_forward=spec["values_forward"],
        votes_per_participant=spec["votes_per_participant"],
        phase=Phase.CLOSING,
        voting_closed=True,
    )
    for _attempt in range(10):
        workshop.join_code = new_join_code()
        if not Workshop.objects.filter(join_code=workshop.join_code).exists():
            break
    _saved(workshop)
    counted = "counts" in spec
    if counted:
        # The participants were removed where the session was held: only counts travel.
        workshop.participants_purged_at = timezone.now()
        workshop.save(update_fields=["participants_purged_at"])
        seats = Counter((p["group"], p["consent_publication"]) for p in spec["participants"])
        SeatCount.objects.bulk_create(
            SeatCount(workshop=workshop, stakeholder_group=g, consent_publication=c, seats=n)
            for (g, c), n in sorted(seats.items())
        )
        participants = {}
    else:
        participants = {
            p["ref"]: Participant.objects.create(
                workshop=workshop,
                token_hash=hash_token(secrets.token_urlsafe(32)),  # nobody holds this token
                stakeholder_group=p["group"],
                consent_publication=p["consent_publication"],
            )
            for p in spec["participants"]
        }
    for question in spec["questions"]:
        _saved(Question(workshop=workshop, text=question["text"], hidden=_hidden(question)))
    actors = {
        a["ref"]: _saved(Actor(workshop=workshop, name=a["name"], hidden=_hidden(a)))
        for a in spec["actors"]
    }
    values = {}
    for v in spec["values"]:
        catalogue = (
            Value.objects.filter(key=v["catalogue"], organisation=None).first()
            if v["catalogue"]
            else None
        )
        names = v.get("names") or {}
        values[v["ref"]] = _saved(
            WorkshopValue(
                workshop=workshop,
                value=catalogue,
                name=catalogue.name_nl if catalogue else v["name"],
                name_nl="" if catalogue else names.get("nl", ""),
                name_en="" if catalogue else names.get("en", ""),
                chosen=v["chosen"],
            )
        )
    for v in spec["values"]:
        if v["merged_into"]:
            WorkshopValue.objects.filter(pk=values[v["ref"]].pk).update(
                merged_into=values[v["merged_into"]]
            )
    effects = {}
    for e in spec["effects"]:
        effects[e["ref"]] = _saved(
            Effect(
                workshop=workshop,
                actor=actors.get(e["actor"]),
                polarity=e["polarity"],
                text=e["text"],
                hidden=_hidden(e),
            )
        )
        EffectValue.objects.bulk_create(
            EffectValue(effect=effects[e["ref"]], value=values[ref]) for ref in e["values"]
        )
    for e in spec["effects"]:
        if e["merged_into"]:
            Effect.objects.filter(pk=effects[e["ref"]].pk).update(
                merged_into=effects[e["merged_into"]]
            )
    Vote.objects.bulk_create(
        Vote(participant=participants[v["participant"]], value=values[v["value"]], dots=v["dots"])
        for v in spec["votes"]
    )
    for o in spec["options"]:
        _saved(
            ActionOption(
                workshop=workshop,
                value=values[o["value"]],
                direction=o["direction"],
                text=o["text"],
                hidden=_hidden(o),
            )
        )
    for ev in spec["evaluations"]:
        _saved(
            Evaluation(
                participant=participants[ev["participant"]],
                changed_view=ev["changed_view"],
                message=ev["message"],
                quote_consent=ev["quote_consent"],
            )
        )
    if counted:
        _import_counts(workshop, spec["counts"], values)
    report = Report(
        workshop=workshop,
        organisation=workshop.organisation,
        version=1,
        data=snapshot.take(workshop),
    )
    if spec["report"] is not None:
        report.summary = spec["report"]["summary"]
        report.next_steps = spec["report"]["next_steps"]
        report.status = Report.Status.FINAL
        report.data = snapshot.take(report.workshop)  # evaluations may have come in since
        report.finalised_at = timezone.now()
    report.save()
    return workshop
