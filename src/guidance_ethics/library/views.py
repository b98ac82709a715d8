import csv
import io
import json

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst, slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from guidance_ethics.accounts.models import Organisation
from guidance_ethics.accounts.queries import has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.lib.downloads import attachment, spreadsheet_cell
from guidance_ethics.library import content, queries
from guidance_ethics.library import insights as insight_data
from guidance_ethics.library.forms import LibraryForm
from guidance_ethics.library.models import Entry, EntryValue, Publication
from guidance_ethics.reports import document, exchange, formats

PAGE_SIZE = 20
FORMATS = [
    ("pdf", _lazy("PDF")),
    ("docx", _lazy("Word (DOCX)")),
    ("odt", _lazy("OpenDocument (ODT)")),
    ("md", _lazy("Markdown")),
]


# --- the library ----------------------------------------------------------------------------


@require_safe
def library(request):
    form = LibraryForm(request.GET, years=queries.years())
    page = None
    if form.is_valid():
        page = queries.results(request.user, form.filters(), request.GET.get("pagina"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("pagina", None)
    orgs = queries.my_organisations(request.user)
    return render(
        request,
        "library/library.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "my_orgs": set(orgs.values_list("organisation_id", flat=True)) if orgs else set(),
        },
    )


def _readable(request, pk):
    """The case, its publication, and the document the visitor may read (or None)."""
    case = get_object_or_404(Case.objects.select_related("organisation", "technology"), pk=pk)
    publication = Publication.objects.filter(case=case).first()
    if publication and publication.is_published:
        return case, publication, publication.document
    if queries.cases_for(request.user).filter(pk=case.pk).exists():
        return case, publication, content.export(case)
    if publication and publication.status == Publication.Status.WITHDRAWN:
        return case, publication, None
    raise Http404


def _sessions(case, publication, doc):
    published_at = publication.published_at if publication and publication.is_published else None
    return content.sessions(doc, case.organisation.name, published_at)


@require_safe
def case(request, pk):
    case, publication, doc = _readable(request, pk)
    if doc is None:
        return render(
            request,
            "library/withdrawn.html",
            {"case": case, "publication": publication},
            status=410,
        )
    own = has_role(request.user, case.organisation, Role.MEMBER)
    sessions = [
        (s, document.build(s.report, document.EXTERNAL, get_language()))
        for s in _sessions(case, publication, doc)
    ]
    return render(
        request,
        "library/case.html",
        {
            "case": case,
            "doc": doc,
            "publication": publication,
            "published": bool(publication and publication.is_published),
            "own": own,
            "shared": not own and not (publication and publication.is_published),
            "sessions": sessions,
            "formats": FORMATS,
        },
    )


@require_safe
def case_download(request, pk, number, fmt):
    if fmt not in formats.FORMATS:
        raise Http404
    case, publication, doc = _readable(request, pk)
    if doc is None:
        raise Http404
    sessions = _sessions(case, publication, doc)
    if not 1 <= number <= len(sessions):
        raise Http404
    built = document.build(sessions[number - 1].report, document.EXTERNAL, get_language())
    name = "{}-{}-{}.{}".format(_("report"), slugify(case.title)[:60], number, fmt)
    return attachment(formats.render(built, fmt), formats.FORMATS[fmt].content_type, name)


# --- open data ------------------------------------------------------------------------------


def _published():
    return (
        Publication.objects.filter(status=Publication.Status.PUBLISHED)
        .order_by("published_at", "pk")
        .only("document")
    )


@require_safe
def open_data_json(request):
    """Every published case in the exchange format, streamed."""

    def chunks():
        head = {"format": exchange.FORMAT, "version": exchange.VERSION}
        yield json.dumps(head)[:-1] + ', "cases": ['
        for n, publication in enumerate(_published().iterator(chunk_size=200)):
            yield ("," if n else "") + "\n" + json.dumps(publication.document, ensure_ascii=False)
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="{}.json"'.format(_("cases"))
    return response


@require_safe
def open_data_csv(request):
    """One row per published case; semicolons and a BOM, as the report's CSV files."""
    header = [
        _("Number"),
        _("Title"),
        _("Organisation"),
        _("Kind of organisation"),
        _("Technology"),
        _("Type of technology"),
        _("Domain"),
        _("Phase of implementation"),
        _("Year"),
        _("Sessions"),
        _("Effects"),
        _("Values at stake"),
        _("Chosen values"),
        _("Address"),
    ]
    labels = {
        "domain": dict(Case.Domain.choices),
        "technology_kind": dict(Technology.Kind.choices),
        "phase": dict(Case.Phase.choices),
    }
    # Capitalised, as organisation types are wherever they stand alone.
    labels["organisation_kind"] = {k: capfirst(v) for k, v in Organisation.Kind.choices}

    def rows():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        buffer.write("\ufeff")
        writer.writerow(header)
        entries = Entry.objects.filter(public=True).order_by("date", "pk")
        batch = []
        for entry in entries.iterator(chunk_size=500):
            batch.append(entry)
            if len(batch) == 500:
                yield from _csv_batch(batch, writer, buffer, labels, request)
                batch = []
        yield from _csv_batch(batch, writer, buffer, labels, request)
        yield buffer.getvalue()

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="{}.csv"'.format(_("cases"))
    return response


def _csv_batch(batch, writer, buffer, labels, request):
    values = {}
    for value in EntryValue.objects.filter(entry__in=batch).order_by("name"):
        values.setdefault(value.entry_id, []).append(value)
    for entry in batch:
        mine = values.get(entry.pk, [])
        writer.writerow(
            spreadsheet_cell(v)
            for v in [
                entry.case_id,
                entry.title,
                entry.organisation_name,
                labels["organisation_kind"].get(entry.organisation_kind, entry.organisation_kind),
                entry.technology,
                labels["technology_kind"].get(entry.technology_kind, entry.technology_kind),
                labels["domain"].get(entry.domain, entry.domain),
                labels["phase"].get(entry.phase, entry.phase),
                entry.year,
                entry.sessions,
                entry.effects,
                ", ".join(v.label for v in mine if v.effects),
                ", ".join(v.label for v in mine if v.chosen),
                request.build_absolute_uri(reverse("library:case", args=[entry.case_id])),
            ]
        )
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    if text:
        yield text


# --- insights -------------------------------------------------------------------------------


def _insight_filters(request):
    form = LibraryForm(request.GET, years=queries.years())
    return form, (form.filters() if form.is_valid() else None)


@require_safe
def insights(request):
    form, filters = _insight_filters(request)
    total, sections = (0, [])
    if filters is not None:
        total, sections = insight_data.build(request.user, filters)
    query = request.GET.copy()
    return render(
        request,
        "library/insights.html",
        {
            "form": form,
            "total": total,
            "sections": sections,
            "query": query.urlencode(),
            "minimum": insight_data.MIN_CASES,
            "member": request.user.is_authenticated,
        },
        status=200 if filters is not None else 400,
    )


@require_safe
def insights_csv(request, slug):
    if slug not in insight_data.SECTIONS:
        raise Http404
    _form, filters = _insight_filters(request)
    if filters is None:
        return HttpResponse(
            _("The filters are not valid."), status=400, content_type="text/plain; charset=utf-8"
        )
    _total, (section,) = insight_data.build(request.user, filters, only=slug)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    if section.enough:
        writer.writerow([spreadsheet_cell(h) for h in section.table.headers])
        writer.writerows([spreadsheet_cell(c) for c in row] for row in section.table.rows)
    else:
        writer.writerow(
            [
                ngettext(
                    "This rests on %(n)s case, fewer than %(min)s: no pattern is shown.",
                    "This rests on %(n)s cases, fewer than %(min)s: no pattern is shown.",
                    section.rests_on,
                )
                % {"n": section.rests_on, "min": insight_data.MIN_CASES}
            ]
        )
    return attachment(
        buffer.getvalue().encode(), "text/csv; charset=utf-8", f"{slugify(section.title)[:60]}.csv"
    )
