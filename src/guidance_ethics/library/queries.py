"""Reads of the library, always scoped to what the person may see.

Anonymous visitors see public entries (published cases). A member sees, besides those,
the private entries of their own organisations' cases and of cases shared with them; for
those cases the private entry replaces the public one, so each case appears once.
"""

import copy
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance_ethics.accounts.access import member_scope
from guidance_ethics.accounts.models import Membership, User
from guidance_ethics.cases.models import Case
from guidance_ethics.library import content, redaction, search
from guidance_ethics.library.models import CaseShare, Entry, EntryValue, Publication
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops import outcome
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    Participant,
    Question,
    Workshop,
)

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
        member_scope(user, Case)
        | Exists(CaseShare.objects.filter(case=OuterRef("pk"), organisation__in=orgs))
    )


def readable_cases(user):
    """Cases ``user`` may open in the library: the published ones and ``cases_for(user)``
    (what the library's case page shows; a link to any other case shows no title)."""
    return Case.objects.filter(
        Q(publication__status=Publication.Status.PUBLISHED) | Q(pk__in=cases_for(user).values("pk"))
    )


def visible_entries(user):
    public = Entry.objects.filter(public=True)
    if my_organisations(user) is None:
        return public
    mine = Q(case_id__in=cases_for(user).values("pk"))
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


def _filtered(user, filters: Filters):
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
    return entries


def find(user, filters: Filters):
    """The entries ``user`` may see that match ``filters``, unordered."""
    entries = _filtered(user, filters)
    if filters.query.strip():
        entries = search.matching(entries, filters.query)
    return entries


@dataclass
class Results:
    """One page of a library search. ``count`` stops at ``COUNT_LIMIT`` (``capped``)."""

    entries: list
    count: int
    capped: bool
    number: int
    pages: int
    ranked: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


# Beyond this many matches the count says "more than" and paging stops: nobody reads on,
# and counting every match of a common word costs more than the search itself.
COUNT_LIMIT = 1000
# Up to this many matches they are ordered by the engine's relevance score (bm25, ts_rank);
# beyond it, newest first: scoring (or even ordering by a title match) every match of a
# word found in most cases costs more than the search and tells little (docs/library.md).
RANK_LIMIT = 1000


def results(user, filters: Filters, number=1, size: int = 20) -> Results:
    entries = _filtered(user, filters)
    text = filters.query.strip()
    if text:
        entries = search.matching(entries, text, joined=True)
    count = entries.values("pk")[: COUNT_LIMIT + 1].count()
    capped = count > COUNT_LIMIT
    count = min(count, COUNT_LIMIT)
    pages = max(1, -(-count // size))
    try:
        number = min(max(1, int(number)), pages)
    except (TypeError, ValueError):
        number = 1
    ranked = bool(text) and filters.sort == "relevance" and not capped and count <= RANK_LIMIT
    if not count:
        return Results([], 0, False, 1, 1, ranked)
    if ranked:
        ordered = search.matching(_filtered(user, filters), text, ranked=True).order_by(
            "-rank", "-date", "-id"
        )
    else:
        ordered = entries.order_by("-date", "-id")
    start = (number - 1) * size
    page = with_values(ordered[start : start + size])
    return Results(page, count, capped, number, pages, ranked)


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


VERSION_KEY = "library:version"


def version() -> int:
    """A number that changes whenever the library does: cached figures name it."""
    return cache.get_or_set(VERSION_KEY, 1, None)


def changed() -> None:
    """The library's content or audiences changed: cached figures are stale. Called inside
    the changing transaction and again after its commit, so that a figure computed in
    between is not kept either."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def years() -> list[int]:
    """The years of the published cases, newest first, for the year filter on every
    library page; it reads every entry, so it is kept until the library changes."""
    key = f"library:years:{version()}"
    found = cache.get(key)
    if found is None:
        found = list(
            Entry.objects.filter(public=True)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        cache.set(key, found, 3600)
    return found


# --- what stands in the way -----------------------------------------------------------------


@dataclass
class Review:
    """A publication as the coordinator sees it: the content, its findings, its blockers."""

    publication: Publication
    document: dict  # the content with the redactions applied
    raw: dict  # the same before redaction
    findings: dict  # path -> [Finding], without the dismissed ones
    unconsented: int
    without_report: list  # closed sessions without a final report
    open_sessions: int

    @property
    def blockers(self) -> list[str]:
        found = []
        if not self.document["workshops"]:
            found.append(_("The case has no closed session yet."))
        if self.open_sessions:
            found.append(_("A session of this case has not closed yet."))
        for workshop in self.without_report:
            found.append(
                _("The session of %s has no final report.")
                % formats.date_format(timezone.localtime(workshop.starts_at))
            )
        if self.unconsented and self.publication.consent == Publication.Consent.WAIT:
            found.append(
                ngettext(
                    "%(n)s participant did not consent to publication, and you chose to wait "
                    "until they do.",
                    "%(n)s participants did not consent to publication, and you chose to wait "
                    "until they do.",
                    self.unconsented,
                )
                % {"n": self.unconsented}
            )
        if self.findings:
            found.append(
                ngettext(
                    "%(n)s text may identify someone: redact it, or mark it as harmless.",
                    "%(n)s texts may identify someone: redact them, or mark them as harmless.",
                    len(self.findings),
                )
                % {"n": len(self.findings)}
            )
        return found


def known_names(case) -> list[str]:
    """Names the platform knows around the case: people of the organisation, the sessions'
    moderators, and names participants gave or signed with."""
    names = set(
        User.objects.filter(memberships__organisation=case.organisation).values_list(
            "full_name", flat=True
        )
    )
    workshops = Workshop.objects.filter(case=case)
    for workshop in workshops.select_related("moderator", "co_moderator"):
        names.update(
            [
                workshop.sponsor_name,
                workshop.case_owner_name,
                workshop.moderator.full_name,
                workshop.co_moderator.full_name,
            ]
        )
    names.update(
        Participant.objects.filter(workshop__case=case).values_list("display_name", flat=True)
    )
    for model in (Question, Actor, Effect, ActionOption):
        names.update(
            model.objects.filter(workshop__case=case).values_list("signed_name", flat=True)
        )
    return sorted(n for n in names if n)


def review(publication: Publication) -> Review:
    case = publication.case
    raw = content.export(case)
    document = content.apply_redactions(copy.deepcopy(raw), publication.redactions)
    patterns = redaction.name_patterns(known_names(case))
    findings = {}
    for path, text in content.texts(document):
        if publication.dismissed.get(path) == text:
            continue
        found = redaction.find(path, text, patterns)
        if found:
            findings[path] = found
    closed = Workshop.objects.filter(case=case, closed_at__isnull=False)
    return Review(
        publication=publication,
        document=document,
        raw=raw,
        findings=findings,
        unconsented=outcome.unconsented(closed),
        without_report=[
            w
            for w in closed.order_by("starts_at")
            if not Report.objects.filter(workshop=w, status=Report.Status.FINAL).exists()
        ],
        open_sessions=Workshop.objects.filter(case=case, closed_at__isnull=True).count(),
    )
