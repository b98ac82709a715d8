from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guidance_ethics.accounts.access import get_for_member, get_organisation
from guidance_ethics.accounts.roles import Role
from guidance_ethics.cases.models import Case
from guidance_ethics.lib.downloads import attachment
from guidance_ethics.lib.forms import bound_data, first_error, run_action
from guidance_ethics.reports import (
    actions,
    document,
    exchange,
    formats,
    queries,
    snapshot,
    tables,
)
from guidance_ethics.reports.forms import ImportForm, ReportForm
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops.models import Workshop

# The audience as it appears in addresses.
AUDIENCE_SLUGS = {"extern": document.EXTERNAL, "intern": document.INTERNAL}
IMPORT_LIMIT = 10 * 1024 * 1024


def _workshop(request, pk) -> Workshop:
    return get_for_member(
        request.user,
        Workshop.objects.select_related("case__technology", "organisation"),
        pk=pk,
    )


def _editable_workshop(request, pk) -> Workshop:
    workshop = _workshop(request, pk)
    if not queries.can_edit(request.user, workshop):
        raise PermissionDenied
    return workshop


def _version(workshop, version: int) -> Report:
    return get_object_or_404(Report, workshop=workshop, version=version)


@login_required
@require_safe
def report(request, pk):
    workshop = _workshop(request, pk)
    may_edit = queries.can_edit(request.user, workshop)
    versions = list(Report.objects.filter(workshop=workshop).order_by("-version"))
    internal = request.GET.get("intern") == "1"
    if internal and not may_edit:
        raise PermissionDenied
    current = versions[0] if versions else None
    if "versie" in request.GET:
        wanted = request.GET["versie"]
        current = next((r for r in versions if str(r.version) == wanted), None)
        if current is None:
            raise Http404
    audience = document.INTERNAL if internal else document.EXTERNAL
    return render(
        request,
        "reports/report.html",
        {
            "workshop": workshop,
            "organisation": workshop.organisation,
            "report": current,
            "versions": versions,
            "newest": versions[0] if versions else None,
            "document": (
                document.build(queries.for_reading(current), audience, get_language())
                if current
                else None
            ),
            "internal": internal,
            "audience_slug": "intern" if internal else "extern",
            "may_edit": may_edit,
            "formats": [
                ("pdf", _("PDF")),
                ("docx", _("Word (DOCX)")),
                ("odt", _("OpenDocument (ODT)")),
                ("md", _("Markdown")),
            ],
            "csv_tables": [(t, tables.filename(t)) for t in tables.TABLES],
        },
    )


@login_required
@require_POST
def report_draft(request, pk):
    workshop = _editable_workshop(request, pk)
    try:
        actions.draft_report(request.user, workshop)
    except ValidationError as error:
        messages.error(request, first_error(error))
    return redirect("reports:report", pk=workshop.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request, pk):
    workshop = _editable_workshop(request, pk)
    current = queries.latest(workshop)
    if current is None:
        raise Http404
    if current.is_final:
        messages.error(request, _("This version is final. Reopen it to make a new version."))
        return redirect("reports:report", pk=workshop.pk)
    form = ReportForm(bound_data(request), instance=Report(**_texts(current)))
    if request.method == "POST" and form.is_valid():
        saved = run_action(form, actions.update_report, request.user, current, **form.cleaned_data)
        if saved:
            messages.success(request, _("The report has been saved."))
            return redirect("reports:report", pk=workshop.pk)
    return render(
        request,
        "reports/report_form.html",
        {"workshop": workshop, "organisation": workshop.organisation, "form": form},
    )


def _texts(report: Report) -> dict:
    return {
        "summary": report.summary,
        "next_steps": report.next_steps,
        "name_moderators": report.name_moderators,
    }


def _act_on_version(request, pk, version, action, done: str):
    workshop = _editable_workshop(request, pk)
    try:
        action(request.user, _version(workshop, version))
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, first_error(error))
    return redirect("reports:report", pk=workshop.pk)


@login_required
@require_POST
def report_finalise(request, pk, version):
    return _act_on_version(request, pk, version, actions.finalise_report, _("The report is final."))


@login_required
@require_POST
def report_reopen(request, pk, version):
    return _act_on_version(
        request,
        pk,
        version,
        actions.reopen_report,
        _("A new version has been opened; the final one stays available."),
    )


@login_required
@require_safe
def report_download(request, pk, version, audience, fmt):
    if audience not in AUDIENCE_SLUGS or fmt not in formats.FORMATS:
        raise Http404
    workshop = _workshop(request, pk)
    if AUDIENCE_SLUGS[audience] == document.INTERNAL and not queries.can_edit(
        request.user, workshop
    ):
        raise PermissionDenied
    current = queries.for_reading(_version(workshop, version))
    built = document.build(current, AUDIENCE_SLUGS[audience], get_language())
    name = "{}-{}-v{}{}.{}".format(
        _("report"),
        slugify(workshop.case.title)[:60],
        current.version,
        "-" + _("internal") if audience == "intern" else "",
        fmt,
    )
    return attachment(formats.render(built, fmt), formats.FORMATS[fmt].content_type, name)


@login_required
@require_safe
def data_zip(request, pk):
    workshop = _workshop(request, pk)
    name = "{}-{}.zip".format(_("data"), slugify(workshop.case.title)[:60])
    return attachment(tables.zip_bytes(snapshot.take(workshop)), "application/zip", name)


@login_required
@require_safe
def data_csv(request, pk, table):
    if table not in tables.TABLES:
        raise Http404
    workshop = _workshop(request, pk)
    return attachment(
        tables.csv_bytes(snapshot.take(workshop), table),
        "text/csv; charset=utf-8",
        tables.filename(table),
    )


@login_required
@require_safe
def case_export(request, pk):
    case = get_for_member(request.user, Case.objects.select_related("technology"), pk=pk)
    content = exchange.dumps(exchange.export_cases([case]))
    name = "{}-{}.json".format(_("case"), slugify(case.title)[:60])
    return attachment(content.encode(), "application/json", name)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_import(request, slug):
    organisation = get_organisation(request.user, slug, Role.COORDINATOR)
    form = ImportForm(
        bound_data(request),
        request.FILES or None,
        organisation=organisation,
        initial={"moderator": request.user.pk},
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        parsed = None
        if upload.size > IMPORT_LIMIT:
            form.add_error("document", _("The file is larger than 10 MB."))
        else:
            try:
                parsed = exchange.read(upload.read(), IMPORT_LIMIT)
            except exchange.Unreadable as error:
                form.add_error("document", str(error))
        if parsed is not None:
            try:
                imported = actions.import_cases(
                    request.user,
                    organisation,
                    parsed,
                    moderator=form.cleaned_data["moderator"],
                )
            except actions.ImportRefused as refused:
                problems = refused.problems
                form.add_error(
                    "document",
                    _("The file does not follow the exchange format; nothing was imported."),
                )
            except ValidationError as error:
                form.add_error(None, first_error(error))
            else:
                messages.success(
                    request,
                    ngettext("Imported %(n)s case.", "Imported %(n)s cases.", len(imported))
                    % {"n": len(imported)},
                )
                return redirect(imported[0])
    return render(
        request,
        "reports/case_import.html",
        {
            "organisation": organisation,
            "form": form,
            "problems": problems,
            "schema_url": reverse("reports:exchange_schema"),
        },
    )


@require_safe
def exchange_schema(request):
    """The JSON Schema of the exchange format, public so that others can check their files."""
    return HttpResponse(exchange.SCHEMA_PATH.read_bytes(), content_type="application/schema+json")
