"""Reads of the library, always scoped to what the person may see.

Anonymous visitors see public entries (published cases). A member sees, besides those,
the private entries of their own organisations' cases and of cases shared with them; for
those cases the private entry replaces the public one, so each case appears once.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from guidance_ethics.accounts.models import Membership
from guidance_ethics.cases.models import Case
from guidance_ethics.library import search
from guidance_ethics.library.models import CaseShare, Entry, EntryValue, Publication

SORTS = ("relevance", "date")


def my_organisations(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user).values("organisation_id")


def cases_for(user):
    """Cases whose unpublished content ``user`` may read: own organisations' and shared."""
    orgs = my_organisations(user)
    if orgs is None:
        return Case.objects.none()
    return Case.objects.filter(
        Q(organisation__in=orgs)
        | Exists(CaseShare.objects.filter(case=OuterRef("pk"), organisation__in=orgs))
    )


def visible_entries(user):
    public = Entry.objects.filter(public=True)
    orgs = my_organisations(user)
    if orgs is None:
        return public
    mine = Q(organisation__in=orgs) | Exists(
        CaseShare.objects.filter(case=OuterRef("case_id"), organisation__in=orgs)
    )
    return Entry.objects.filter((Q(public=False) & mine) | (Q(public=True) & ~mine))


@dataclass
class Filters:
    query: str = ""
    domain: str = ""
    technology_kind: str = ""
    organisation_kind: str = ""
    phase: str = ""
    value: str = ""
    year: int | None = None
    sort: str = "relevance"
    extra: dict = field(default_factory=dict)


def find(user, filters: Filters):
    """The entries ``user`` may see that match ``filters``, best first."""
    entries = visible_entries(user)
    for name in ("domain", "technology_kind", "organisation_kind", "phase"):
        if getattr(filters, name):
            entries = entries.filter(**{name: getattr(filters, name)})
    if filters.year:
        entries = entries.filter(year=filters.year)
    if filters.value:
        entries = entries.filter(
            Exists(EntryValue.objects.filter(entry=OuterRef("pk"), key=filters.value))
        )
    if filters.query.strip():
        entries = search.matching(entries, filters.query)
        order = ("-rank", "-date", "-id") if filters.sort == "relevance" else ("-date", "-id")
    else:
        order = ("-date", "-id")
    return entries.order_by(*order)


def with_values(entries) -> list:
    """``entries`` (a page) with their values attached as ``value_list``."""
    entries = list(entries)
    by_entry = {}
    for value in EntryValue.objects.filter(entry__in=entries).order_by(
        "-chosen", "-effects", "name"
    ):
        by_entry.setdefault(value.entry_id, []).append(value)
    states = dict(
        Publication.objects.filter(case__in=[e.case_id for e in entries]).values_list(
            "case_id", "status"
        )
    )
    for entry in entries:
        entry.value_list = by_entry.get(entry.pk, [])
        entry.chosen_values = [v for v in entry.value_list if v.chosen]
        entry.publication_status = states.get(entry.case_id)
    return entries


def years():
    return list(
        Entry.objects.filter(public=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
