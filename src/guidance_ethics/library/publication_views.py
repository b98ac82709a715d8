"""The pages of a case's publication (the coordinator's review, the administrator's approval)
and of sharing a case with partner organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from guidance_ethics.accounts.access import get_for_member
from guidance_ethics.accounts.queries import has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.cases.models import Case
from guidance_ethics.lib.forms import bound_data, first_error, run_action
from guidance_ethics.library import actions, content, queries, redaction
from guidance_ethics.library.forms import ConsentForm, ReasonForm, ShareForm
from guidance_ethics.library.models import CaseShare, Publication
from guidance_ethics.reports import document

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
    checked = queries.review(current) if current and current.status == "draft" else None
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


def _publication_step(step, done, *, with_reason=False):
    """A view that takes one step on the path to publication (``step``, an action) and says
    ``done``; a step that is refused says why."""

    @login_required
    @require_POST
    def view(request, pk):
        case = _case_for_coordination(request, pk)
        current = Publication.objects.filter(case=case).first()
        if current is None:
            raise Http404
        reason = {"reason": request.POST.get("reason", "")} if with_reason else {}
        try:
            step(request.user, current, **reason)
        except ValidationError as error:
            refused = error.messages if not hasattr(error, "error_dict") else [first_error(error)]
            for message in refused:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect("library:publication", pk=case.pk)

    return view


@login_required
@require_POST
def publication_prepare(request, pk):
    case = _case_for_coordination(request, pk, Role.COORDINATOR)
    actions.prepare_publication(request.user, case)
    return redirect("library:publication", pk=case.pk)


publication_propose = _publication_step(
    actions.propose_publication, _lazy("The case has been proposed for publication.")
)
publication_approve = _publication_step(
    actions.approve_publication, _lazy("The case is published in the library.")
)
publication_return = _publication_step(
    actions.return_publication,
    _lazy("The proposal has been sent back to the coordinator."),
    with_reason=True,
)
publication_withdraw = _publication_step(
    actions.withdraw_publication,
    _lazy("The case has been withdrawn from the library."),
    with_reason=True,
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
