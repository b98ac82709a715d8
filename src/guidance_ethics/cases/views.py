import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from guidance_ethics.accounts.access import get_for_member, get_organisation
from guidance_ethics.accounts.queries import has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.cases import actions, queries
from guidance_ethics.cases.forms import CaseForm, TechnologyForm
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.cases.signals import what_goes
from guidance_ethics.lib.forms import bound_data, run_action


@login_required
@require_safe
def technology_list(request, slug):
    organisation = get_organisation(request.user, slug)
    return render(
        request,
        "cases/technology_list.html",
        {
            "organisation": organisation,
            "technologies": queries.technologies_of(organisation),
            "may_coordinate": has_role(request.user, organisation, Role.COORDINATOR),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def technology_create(request, slug):
    organisation = get_organisation(request.user, slug, Role.COORDINATOR)
    form = TechnologyForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        technology = run_action(
            form, actions.register_technology, request.user, organisation, **form.cleaned_data
        )
        if technology:
            messages.success(request, _("The technology has been registered."))
            return redirect(technology)
    return render(
        request, "cases/technology_form.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_safe
def technology_detail(request, pk):
    technology = get_for_member(request.user, Technology.objects.all(), pk=pk)
    return render(
        request,
        "cases/technology_detail.html",
        {
            "technology": technology,
            "organisation": technology.organisation,
            "cases": queries.cases_of_technology(technology),
            "may_coordinate": has_role(request.user, technology.organisation, Role.COORDINATOR),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def technology_edit(request, pk):
    technology = get_for_member(request.user, Technology.objects.all(), Role.COORDINATOR, pk=pk)
    # The form validates on a copy, so that a refused change leaves the page's title intact.
    form = TechnologyForm(bound_data(request), instance=copy.copy(technology))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(
            form, actions.update_technology, request.user, technology, **form.cleaned_data
        )
    ):
        messages.success(request, _("The technology has been saved."))
        return redirect(technology)
    return render(
        request,
        "cases/technology_form.html",
        {"organisation": technology.organisation, "technology": technology, "form": form},
    )


@login_required
@require_safe
def case_list(request, slug):
    organisation = get_organisation(request.user, slug)
    return render(
        request,
        "cases/case_list.html",
        {
            "organisation": organisation,
            "cases": queries.cases_of(organisation),
            "may_coordinate": has_role(request.user, organisation, Role.COORDINATOR),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_create(request, pk):
    technology = get_for_member(request.user, Technology.objects.all(), Role.COORDINATOR, pk=pk)
    form = CaseForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        case = run_action(
            form, actions.describe_case, request.user, technology, **form.cleaned_data
        )
        if case:
            messages.success(request, _("The case has been described."))
            return redirect(case)
    return render(
        request,
        "cases/case_form.html",
        {"technology": technology, "organisation": technology.organisation, "form": form},
    )


@login_required
@require_safe
def case_detail(request, pk):
    case = get_for_member(request.user, Case.objects.select_related("technology"), pk=pk)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "organisation": case.organisation,
            "may_coordinate": has_role(request.user, case.organisation, Role.COORDINATOR),
            "workshops": case.workshops.order_by("starts_at"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_edit(request, pk):
    case = get_for_member(
        request.user, Case.objects.select_related("technology"), Role.COORDINATOR, pk=pk
    )
    form = CaseForm(bound_data(request), instance=copy.copy(case))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(form, actions.update_case, request.user, case, **form.cleaned_data)
    ):
        messages.success(request, _("The case has been saved."))
        return redirect(case)
    return render(
        request,
        "cases/case_form.html",
        {
            "case": case,
            "technology": case.technology,
            "organisation": case.organisation,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_delete(request, pk):
    """Delete a case with everything of it, after a page that says what goes."""
    case = get_for_member(request.user, Case.objects.all(), Role.COORDINATOR, pk=pk)
    if request.method == "POST":
        actions.delete_case(request.user, case)
        messages.success(request, _("The case has been deleted with everything of it."))
        return redirect("cases:cases", slug=case.organisation.slug)
    return render(
        request,
        "core/confirm_delete.html",
        {
            "title": _("Delete the case “%(title)s”") % {"title": case.title},
            "organisation": case.organisation,
            "back": reverse("cases:case", args=[case.pk]),
            **what_goes(case),
        },
    )
