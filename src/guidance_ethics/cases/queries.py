"""Reads of technologies and cases, always scoped to what a person may see."""

from django.db.models import Count

from guidance_ethics.accounts.access import visible
from guidance_ethics.cases.models import Case, Technology


def technologies_of(organisation):
    return (
        Technology.objects.filter(organisation=organisation)
        .annotate(case_count=Count("cases"))
        .order_by("name")
    )


def cases_of(organisation):
    return (
        Case.objects.filter(organisation=organisation)
        .select_related("technology")
        .order_by("-created_at", "-id")
    )


def cases_of_technology(technology):
    return technology.cases.order_by("-created_at", "-id")


def visible_technologies(user):
    """Technologies of the organisations the user belongs to (accounts/access.py)."""
    return visible(user, Technology.objects.select_related("organisation"))


def visible_cases(user):
    return visible(user, Case.objects.select_related("organisation", "technology"))
