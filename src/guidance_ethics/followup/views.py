from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from icalendar import Calendar, Event

from guidance_ethics.accounts.access import get_for_member, get_organisation
from guidance_ethics.accounts.queries import has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.accounts.tokens import INVALID_TOKEN, token_or_session_user
from guidance_ethics.cases.forms import CaseForm
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.followup import actions, queries
from guidance_ethics.followup.evaluations import summarise
from guidance_ethics.followup.forms import (
    ActionFilterForm,
    ActionForm,
    CreateActionsForm,
    ProgressForm,
    ShareActionForm,
)
from guidance_ethics.followup.models import Action, ActionShare
from guidance_ethics.followup.timeline import timeline
from guidance_ethics.lib.downloads import attachment
from guidance_ethics.lib.forms import bound_data, run_action
from guidance_ethics.workshops.forms import WorkshopForm
from guidance_ethics.workshops.models import Workshop


def _action(request, pk) -> Action:
    """An action the user may see (its organisation's or a partner's); 404 for anyone else."""
    action = get_object_or_404(
        queries.visible_to(request.user).select_related(
            "case__technology", "organisation", "owner", "owner_organisation", "workshop"
        ),
        pk=pk,
    )
    return action


def _may_manage(user, action) -> bool:
    return has_role(user, action.organisation, Role.COORDINATOR)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_actions(request, pk):
    case = get_for_member(request.user, Case.objects.select_related("technology"), pk=pk)
    may_coordinate = has_role(request.user, case.organisation, Role.COORDINATOR)
    if request.method == "POST" and not may_coordinate:
        raise PermissionDenied
    form = CreateActionsForm(bound_data(request), case=case)
    if request.method == "POST" and form.is_valid():
        made = run_action(
            form, actions.create_actions, request.user, case, form.cleaned_data["options"]
        )
        if made:
            messages.success(
                request,
                ngettext(
                    "%(n)d action has been created.", "%(n)d actions have been created.", len(made)
                )
                % {"n": len(made)},
            )
            return redirect("followup:case_actions", pk=case.pk)
    return render(
        request,
        "followup/case_actions.html",
        {
            "case": case,
            "organisation": case.organisation,
            "actions": case.actions.select_related("owner", "owner_organisation"),
            "form": form,
            "may_coordinate": may_coordinate,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def action_list(request, slug):
    organisation = get_organisation(request.user, slug)
    everything = queries.of_organisation(organisation)
    form = ActionFilterForm(request.GET or None, organisation=organisation, actions=everything)
    shown = everything
    if form.is_bound and form.is_valid():
        shown = queries.filtered(everything, form.filters())
    elif form.is_bound:
        shown = everything.none()
    return render(
        request,
        "followup/action_list.html",
        {
            "organisation": organisation,
            "form": form,
            "actions": shown,
            "today": timezone.localdate(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_detail(request, pk):
    action = _action(request, pk)
    form = ProgressForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        note = run_action(form, actions.record_progress, request.user, action, **form.cleaned_data)
        if note:
            messages.success(request, _("Your update has been saved."))
            return redirect(action)
    acting = queries.acting_organisation(request.user, action)
    return render(
        request,
        "followup/action_detail.html",
        {
            "action": action,
            "organisation": action.organisation,
            "partner": acting if acting and acting.pk != action.organisation_id else None,
            "notes": action.notes.select_related("author", "organisation"),
            "shares": action.shares.select_related("organisation"),
            "form": form,
            "may_manage": _may_manage(request.user, action),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request, pk):
    action = _action(request, pk)
    if not _may_manage(request.user, action):
        raise PermissionDenied
    initial = {
        "title": action.title,
        "owner": action.owner,
        "owner_organisation": action.owner_organisation,
        "due": action.due,
    }
    form = ActionForm(bound_data(request), initial=initial, action=action, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(form, actions.update_action, request.user, action, **form.cleaned_data)
    ):
        messages.success(request, _("The action has been saved."))
        return redirect(action)
    return render(
        request,
        "followup/action_form.html",
        {"action": action, "organisation": action.organisation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_shares(request, pk):
    action = _action(request, pk)
    if not _may_manage(request.user, action):
        raise PermissionDenied
    form = ShareActionForm(bound_data(request), action=action)
    if request.method == "POST" and form.is_valid():
        share = run_action(
            form, actions.share_action, request.user, action, form.cleaned_data["organisation"]
        )
        if share:
            messages.success(
                request, _("The action is now shared with %s.") % share.organisation.name
            )
            return redirect("followup:action_shares", pk=action.pk)
    return render(
        request,
        "followup/action_shares.html",
        {
            "action": action,
            "organisation": action.organisation,
            "shares": action.shares.select_related("organisation"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def action_share_stop(request, pk, share_pk):
    action = _action(request, pk)
    if not _may_manage(request.user, action):
        raise PermissionDenied
    share = get_object_or_404(ActionShare, action=action, pk=share_pk)
    try:
        actions.stop_sharing_action(request.user, share)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(
            request, _("The action is no longer shared with %s.") % share.organisation.name
        )
    return redirect("followup:action_shares", pk=action.pk)


@require_safe
def calendar(request, slug):
    """The due dates of an organisation's actions as iCalendar: for a member, logged in or
    with a personal API token (``Authorization: Bearer``)."""
    user = token_or_session_user(request)
    if user is INVALID_TOKEN:
        return HttpResponse(status=401)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = get_organisation(user, slug)
    ical = Calendar()
    ical.add("prodid", "-//guidance-ethics//actions//NL")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", _("Actions of %s") % organisation.name)
    host = request.get_host()
    for action in queries.of_organisation(organisation).filter(due__isnull=False):
        event = Event()
        event.add("uid", f"action-{action.pk}@{host}")
        event.add("summary", action.title[:200])
        event.add("dtstart", action.due)
        event.add("dtstamp", action.updated_at)
        event.add(
            "description",
            f"{action.case.title} · {action.value_name} · {action.get_status_display()}",
        )
        event.add("url", request.build_absolute_uri(action.get_absolute_url()))
        event.add("status", "CANCELLED" if action.status == Action.Status.DROPPED else "CONFIRMED")
        ical.add_component(event)
    return attachment(
        ical.to_ical(), "text/calendar; charset=utf-8", f"acties-{organisation.slug}.ics"
    )


@login_required
@require_safe
def technology_timeline(request, pk):
    technology = get_for_member(request.user, Technology.objects.all(), pk=pk)
    return render(
        request,
        "followup/timeline.html",
        {
            "technology": technology,
            "organisation": technology.organisation,
            "sessions": timeline(technology),
        },
    )


# --- evaluations ----------------------------------------------------------------------------


@login_required
@require_safe
def organisation_evaluations(request, slug):
    organisation = get_organisation(request.user, slug)
    closed = Workshop.objects.filter(organisation=organisation, closed_at__isnull=False)
    return render(
        request,
        "followup/evaluations.html",
        {
            "organisation": organisation,
            "summary": summarise(closed),
            "per_session": [
                (workshop, summarise(Workshop.objects.filter(pk=workshop.pk)))
                for workshop in closed.select_related("case").order_by("-starts_at")[:50]
            ],
        },
    )


@login_required
@require_safe
def workshop_evaluation(request, pk):
    workshop = get_for_member(request.user, Workshop.objects.select_related("case"), pk=pk)
    return render(
        request,
        "followup/evaluations.html",
        {
            "organisation": workshop.organisation,
            "workshop": workshop,
            "summary": summarise(Workshop.objects.filter(pk=workshop.pk)),
        },
    )


# --- follow-up sessions ---------------------------------------------------------------------

NEXT_PHASE = {"before": "during", "during": "after", "after": "after"}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_followup(request, pk):
    case = get_for_member(
        request.user, Case.objects.select_related("technology"), Role.COORDINATOR, pk=pk
    )
    data = bound_data(request)
    case_form = CaseForm(
        data,
        prefix="case",
        initial={
            "title": case.title,
            "context": case.context,
            "decisions": case.decisions,
            "domain": case.domain,
            "phase": NEXT_PHASE.get(case.phase, case.phase),
            "question": case.question,
        },
    )
    workshop_form = WorkshopForm(
        data, prefix="workshop", organisation=case.organisation, user=request.user
    )
    previous = case.workshops.filter(closed_at__isnull=False).order_by("-starts_at").first()
    if data is not None and case_form.is_valid() and workshop_form.is_valid():
        workshop = run_action(
            case_form,
            actions.plan_followup,
            request.user,
            case,
            case_values=case_form.cleaned_data,
            workshop_values=workshop_form.cleaned_data,
        )
        if workshop:
            messages.success(request, _("The follow-up session is planned."))
            return redirect(workshop)
    return render(
        request,
        "followup/plan_followup.html",
        {
            "case": case,
            "organisation": case.organisation,
            "case_form": case_form,
            "workshop_form": workshop_form,
            "previous": previous,
        },
        status=400 if data is not None else 200,
    )
