"""Every write about technologies and cases (the intake of stage 1) goes through here.

Update actions change a copy and return it, so that a refused change leaves the caller's
object as it was.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guidance_ethics.accounts.access import require_own_practice
from guidance_ethics.accounts.queries import require_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.cases.signals import changed, deleting
from guidance_ethics.lib.text import clean_fields

TECHNOLOGY_FIELDS = ("name", "kind", "description")
CASE_FIELDS = ("title", "context", "decisions", "domain", "phase", "question")


def _creator(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _assign(obj, fields, values) -> list[str]:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changed = []
    for name, value in clean_fields(type(obj), values).items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _clean_unique_name(technology: Technology) -> None:
    clash = Technology.objects.filter(
        organisation=technology.organisation, name__iexact=technology.name
    ).exclude(pk=technology.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("Your organisation already has a technology with this name.")}
        )


def register_technology(actor, organisation, **values) -> Technology:
    """A coordinator registers a technology of their organisation."""
    require_role(actor, organisation, Role.COORDINATOR)
    with transaction.atomic():
        technology = Technology(organisation=organisation, created_by=_creator(actor))
        _assign(technology, TECHNOLOGY_FIELDS, values)
        technology.full_clean(validate_constraints=False)
        _clean_unique_name(technology)
        technology.save()
        record(actor, "register_technology", technology, organisation, name=technology.name)
    return technology


def update_technology(actor, technology: Technology, **values) -> Technology:
    require_role(actor, technology.organisation, Role.COORDINATOR)
    technology = copy.copy(technology)
    with transaction.atomic():
        fields = _assign(technology, TECHNOLOGY_FIELDS, values)
        technology.full_clean(validate_constraints=False)
        _clean_unique_name(technology)
        technology.save()
        record(actor, "update_technology", technology, technology.organisation, changed=fields)
        for case in technology.cases.select_related("organisation"):
            changed(case)
    return technology


def describe_case(actor, technology: Technology, **values) -> Case:
    """A coordinator describes a case: the technology in a concrete context and phase."""
    require_role(actor, technology.organisation, Role.COORDINATOR)
    with transaction.atomic():
        case = Case(
            technology=technology,
            organisation=technology.organisation,
            created_by=_creator(actor),
        )
        _assign(case, CASE_FIELDS, values)
        case.full_clean()
        case.save()
        record(actor, "describe_case", case, case.organisation, title=case.title)
        changed(case)
    return case


def update_case(actor, case: Case, **values) -> Case:
    require_role(actor, case.organisation, Role.COORDINATOR)
    case = copy.copy(case)
    with transaction.atomic():
        fields = _assign(case, CASE_FIELDS, values)
        case.full_clean()
        case.save()
        record(actor, "update_case", case, case.organisation, changed=fields)
        changed(case)
    return case


def delete_case(actor, case: Case) -> None:
    """A coordinator deletes a case with everything of it: its sessions with every
    contribution, participant and event, its reports, its library entries and publication,
    its actions. The audit log keeps that it happened (docs/privacy.md)."""
    require_role(actor, case.organisation, Role.COORDINATOR)
    require_own_practice(actor, case)
    with transaction.atomic():
        record(
            actor,
            "delete_case",
            case,
            case.organisation,
            title=case.title,
            sessions=case.workshops.count(),
        )
        deleting(case)  # the library forgets its entries (cases/signals.py)
        case.delete()
