"""The pages of a request for a session: the public form, the inboxes of an organisation and
of the platform, and a request's handling (assign, decline, plan)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from guidance_ethics.accounts.access import get_organisation
from guidance_ethics.accounts.roles import Role
from guidance_ethics.cases.forms import CaseForm, TechnologyForm
from guidance_ethics.followup import queries as followup_queries
from guidance_ethics.followup import request_actions as session_requests
from guidance_ethics.followup.forms import (
    AssignForm,
    DeclineForm,
    ExistingTechnologyForm,
    SessionRequestForm,
)
from guidance_ethics.followup.models import SessionRequest
from guidance_ethics.lib.forms import bound_data, run_action
from guidance_ethics.workshops.forms import WorkshopForm
from guidance_ethics.workshops.joining import address_of

# --- requests for a session ---------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def request_session(request):
    """The public form "Organiseer een sessie" (also for logged-in members)."""
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.full_name, "email": request.user.email}
    form = SessionRequestForm(bound_data(request), initial=initial)
    if request.method == "POST":
        try:  # every submission counts, before it is read
            session_requests.count_submission(address_of(request))
        except session_requests.TooManyRequests as refusal:
            form.add_error(None, str(refusal))
            return render(request, "followup/request_form.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        if form.cleaned_data["website"]:
            return redirect("followup:request_sent")  # a robot: nothing is kept or sent
        if run_action(form, session_requests.submit_request, request.user, **values):
            return redirect("followup:request_sent")
    status = 400 if form.errors else 200
    if form.has_error("email", "too_many_mails"):
        status = 429
    return render(request, "followup/request_form.html", {"form": form}, status=status)


@require_safe
def request_sent(request):
    return render(request, "followup/request_sent.html")


@login_required
@require_safe
def request_inbox(request, slug):
    organisation = get_organisation(request.user, slug, Role.COORDINATOR)
    return render(
        request,
        "followup/request_inbox.html",
        {
            "organisation": organisation,
            "requests": SessionRequest.objects.filter(organisation=organisation),
        },
    )


@login_required
@require_safe
def platform_inbox(request):
    if not request.user.is_staff:
        raise Http404
    return render(
        request,
        "followup/request_inbox.html",
        {"organisation": None, "requests": SessionRequest.objects.filter(organisation=None)},
    )


def _session_request(request, pk):
    found = get_object_or_404(SessionRequest.objects.select_related("organisation"), pk=pk)
    if not followup_queries.may_handle(request.user, found):
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_detail(request, pk):
    """A request, and the forms to plan it (technology, case and session in one go), pass
    it on, or decline it."""
    found = _session_request(request, pk)
    organisation = found.organisation
    data = bound_data(request)
    step = request.POST.get("step") if data is not None else None
    plan = data if step == "plan" else None  # the planning forms are bound on that step only
    forms_ = {}
    if organisation is not None:
        forms_["existing"] = ExistingTechnologyForm(
            plan, prefix="existing", organisation=organisation
        )
        technology_initial = {
            "name": found.technology,
            "kind": found.technology_kind,
            "description": found.context,
        }
        forms_["technology"] = TechnologyForm(plan, prefix="technology", initial=technology_initial)
        case_initial = {
            "title": found.technology,
            "context": found.context,
            "phase": found.phase,
            "question": found.question,
        }
        forms_["case"] = CaseForm(plan, prefix="case", initial=case_initial)
        forms_["workshop"] = WorkshopForm(
            plan,
            prefix="workshop",
            organisation=organisation,
            user=request.user,
        )
    else:
        forms_["assign"] = AssignForm(data if step == "assign" else None, prefix="assign")
    forms_["decline"] = DeclineForm(data if step == "decline" else None, prefix="decline")
    if data is not None:
        # A request with an organisation is planned, one without is passed on; both decline.
        if step not in {"decline", "plan" if organisation else "assign"}:
            return HttpResponse(status=400)
        done = _handle_request_step(request, found, step, forms_, session_requests)
        if done is not None:
            return done
    return render(
        request,
        "followup/request_detail.html",
        {"found": found, "organisation": organisation, "forms": forms_, "step": step},
        status=400 if data is not None else 200,
    )


def _handle_request_step(request, found, step, forms_, session_requests):
    if found.status != found.Status.NEW:
        forms_["decline"].add_error(None, _("This request has been handled already."))
        return None
    if step == "decline":
        form = forms_["decline"]
        if form.is_valid() and run_action(
            form, session_requests.decline_request, request.user, found, form.cleaned_data["reason"]
        ):
            messages.success(request, _("The request has been declined; the requester is told."))
            return redirect(found)
        return None
    if step == "assign":
        form = forms_["assign"]
        if form.is_valid() and run_action(
            form,
            session_requests.assign_request,
            request.user,
            found,
            form.cleaned_data["organisation"],
        ):
            messages.success(request, _("The request has been passed on."))
            return redirect("followup:platform_requests")
        return None
    existing = forms_["existing"]
    technology_form, case_form, workshop_form = (
        forms_["technology"],
        forms_["case"],
        forms_["workshop"],
    )
    valid = existing.is_valid() and case_form.is_valid() and workshop_form.is_valid()
    chosen = existing.cleaned_data.get("existing") if existing.is_valid() else None
    if chosen is None:
        valid = technology_form.is_valid() and valid
    if not valid:
        return None
    workshop = run_action(
        case_form,
        session_requests.plan_from_request,
        request.user,
        found,
        technology=chosen,
        technology_values=None if chosen else technology_form.cleaned_data,
        case_values=case_form.cleaned_data,
        workshop_values=workshop_form.cleaned_data,
    )
    if workshop:
        messages.success(request, _("The session is planned; the requester is told."))
        return redirect(workshop)
    return None
