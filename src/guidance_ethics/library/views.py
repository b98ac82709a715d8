import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guidance_ethics.accounts.queries import has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.lib.access import get_for_member
from guidance_ethics.lib.downloads import attachment, spreadsheet_cell
from guidance_ethics.lib.forms import bound_data, first_error, run_action
from guidance_ethics.library import actions, content, queries, redaction
from guidance_ethics.library import insights as insight_data
from guidance_ethics.library.forms import ConsentForm, LibraryForm, ReasonForm, ShareForm
from guidance_ethics.library.models import CaseShare, Entry, EntryValue, Publication
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
    from guidance_ethics.accounts.models import Organisation

    labels["organisation_kind"] = dict(Organisation.Kind.choices)

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
                ", ".join(v.name for v in mine if v.effects),
                ", ".join(v.name for v in mine if v.chosen),
                request.build_absolute_uri(reverse("library:case", args=[entry.case_id])),
            ]
        )
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    if text:
        yield text


# --- publication ----------------------------------------------------------------------------


def _describe(path: str) -> str:
    """A path in the document as the coordinator reads it: "Session 1, effect 4"."""
    parts = path.split(".")
    if parts[0] in ("technology", "case"):
        return {
            "technology.name": _("Name of the technology"),
            "technology.description": _("How the technology works"),
            "case.title": _("Title of the case"),
            "case.context": _("Context"),
            "case.decisions": _("Who decides what"),
            "case.question": _("Question of the organisation"),
        }.get(path, path)
    session = int(parts[1]) + 1
    kind = {
        "questions": _("question"),
        "actors": _("actor"),
        "effects": _("effect"),
        "values": _("value"),
        "options": _("option for action"),
        "evaluations": _("evaluation"),
        "report": _("report"),
    }[parts[2]]
    if parts[2] == "report":
        field = _("summary") if parts[3] == "summary" else _("next steps")
        return _("Session %(n)s, %(kind)s: %(field)s") % {
            "n": session,
            "kind": kind,
            "field": field,
        }
    return _("Session %(n)s, %(kind)s %(i)s") % {"n": session, "kind": kind, "i": int(parts[3]) + 1}


def _highlighted(text: str, findings) -> str:
    """``text`` escaped, with each finding marked; every piece goes through format_html."""
    pieces, at = [], 0
    for finding in findings:
        pieces.append(
            format_html(
                '{}<mark class="ge-finding">{}</mark> <span class="ge-finding__kind">({})</span>',
                text[at : finding.start],
                text[finding.start : finding.end],
                finding.label,
            )
        )
        at = finding.end
    pieces.append(format_html("{}", text[at:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _case_for_coordination(request, pk, minimum=Role.MEMBER):
    return get_for_member(
        request.user, Case.objects.select_related("organisation", "technology"), minimum, pk=pk
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publication(request, pk):
    case = _case_for_coordination(request, pk)
    may_coordinate = has_role(request.user, case.organisation, Role.COORDINATOR)
    may_approve = has_role(request.user, case.organisation, Role.ADMIN)
    current = Publication.objects.filter(case=case).first()
    if request.method == "POST":
        if not may_coordinate:
            raise PermissionDenied
        if current is None:
            raise Http404
        return _save_publication(request, case, current)
    return _publication_page(request, case, current, may_coordinate, may_approve)


def _publication_page(request, case, current, may_coordinate, may_approve, errors=(), status=200):
    checked = actions.review(current) if current and current.status == "draft" else None
    rows = []
    if checked:
        raw = dict(content.texts(checked.raw))
        every = request.GET.get("alle") == "1"
        for n, (path, text) in enumerate(content.texts(checked.document)):
            found = checked.findings.get(path, [])
            redacted = path in current.redactions and raw.get(path) != text
            if not (found or redacted or every):
                continue
            rows.append(
                {
                    "n": n,
                    "path": path,
                    "label": _describe(path),
                    "original": _highlighted(raw.get(path, text), []) if redacted else None,
                    "highlighted": _highlighted(text, found),
                    "proposal": redaction.suggest(text, found),
                    "findings": found,
                    "redacted": redacted,
                }
            )
    sessions = []
    if checked and checked.document["workshops"]:
        sessions = [
            (s, document.build(s.report, document.EXTERNAL, get_language()))
            for s in content.sessions(checked.document, case.organisation.name)
        ]
    return render(
        request,
        "library/publication.html",
        {
            "case": case,
            "organisation": case.organisation,
            "publication": current,
            "review": checked,
            "rows": rows,
            "errors": errors,
            "sessions": sessions,
            "consent_form": ConsentForm(initial={"consent": current.consent}) if current else None,
            "reason_form": ReasonForm(),
            "may_coordinate": may_coordinate,
            "may_approve": may_approve,
            "show_all": request.GET.get("alle") == "1",
        },
        status=status,
    )


def _save_publication(request, case, current):
    consent = ConsentForm(request.POST)
    texts, harmless = {}, []
    for key in request.POST:
        if not key.startswith("path-"):
            continue
        n = key[5:]
        path = request.POST[key]
        if request.POST.get(f"harmless-{n}"):
            harmless.append(path)
        elif f"text-{n}" in request.POST:
            texts[path] = request.POST[f"text-{n}"]
    errors = []
    if not consent.is_valid():
        errors.append(_("Choose what happens to the contributions of those who did not consent."))
    else:
        try:
            actions.save_publication(
                request.user,
                current,
                consent=consent.cleaned_data["consent"],
                texts=texts,
                harmless=harmless,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = [
                    f"{_describe(path) if '.' in path else ''} {' '.join(msgs)}".strip()
                    for path, msgs in error.message_dict.items()
                ]
            else:
                errors = error.messages
    if errors:
        return _publication_page(
            request,
            case,
            current,
            True,
            has_role(request.user, case.organisation, Role.ADMIN),
            errors=errors,
            status=400,
        )
    messages.success(request, _("Your choices for the publication have been saved."))
    return redirect("library:publication", pk=case.pk)


def _publication_step(request, pk, step, done, **kwargs):
    case = _case_for_coordination(request, pk)
    current = Publication.objects.filter(case=case).first()
    if current is None:
        raise Http404
    try:
        step(request.user, current, **kwargs)
    except ValidationError as error:
        for message in error.messages if not hasattr(error, "error_dict") else [first_error(error)]:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("library:publication", pk=case.pk)


@login_required
@require_POST
def publication_prepare(request, pk):
    case = _case_for_coordination(request, pk, Role.COORDINATOR)
    actions.prepare_publication(request.user, case)
    return redirect("library:publication", pk=case.pk)


@login_required
@require_POST
def publication_propose(request, pk):
    return _publication_step(
        request, pk, actions.propose_publication, _("The case has been proposed for publication.")
    )


@login_required
@require_POST
def publication_approve(request, pk):
    return _publication_step(
        request, pk, actions.approve_publication, _("The case is published in the library.")
    )


@login_required
@require_POST
def publication_return(request, pk):
    return _publication_step(
        request,
        pk,
        actions.return_publication,
        _("The proposal has been sent back to the coordinator."),
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_POST
def publication_withdraw(request, pk):
    return _publication_step(
        request,
        pk,
        actions.withdraw_publication,
        _("The case has been withdrawn from the library."),
        reason=request.POST.get("reason", ""),
    )


# --- sharing --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def shares(request, pk):
    case = _case_for_coordination(request, pk)
    may_coordinate = has_role(request.user, case.organisation, Role.COORDINATOR)
    if request.method == "POST" and not may_coordinate:
        raise PermissionDenied
    form = ShareForm(bound_data(request), case=case)
    if request.method == "POST" and form.is_valid():
        shared = run_action(
            form, actions.share_case, request.user, case, form.cleaned_data["organisation"]
        )
        if shared:
            messages.success(
                request,
                _("The case is now shared with %s.") % shared.organisation.name,
            )
            return redirect("library:shares", pk=case.pk)
    return render(
        request,
        "library/shares.html",
        {
            "case": case,
            "organisation": case.organisation,
            "shares": CaseShare.objects.filter(case=case).select_related("organisation"),
            "form": form,
            "may_coordinate": may_coordinate,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def share_stop(request, pk, share_pk):
    case = _case_for_coordination(request, pk, Role.COORDINATOR)
    share = get_object_or_404(CaseShare, case=case, pk=share_pk)
    actions.stop_sharing(request.user, share)
    messages.success(request, _("The case is no longer shared with %s.") % share.organisation.name)
    return redirect("library:shares", pk=case.pk)


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
                _("This rests on %(n)s cases, fewer than %(min)s: no pattern is shown.")
                % {"n": section.rests_on, "min": insight_data.MIN_CASES}
            ]
        )
    return attachment(
        buffer.getvalue().encode(), "text/csv; charset=utf-8", f"{slugify(section.title)[:60]}.csv"
    )
