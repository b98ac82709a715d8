from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guidance_ethics.accounts import actions, queries, security_actions
from guidance_ethics.accounts.access import get_organisation
from guidance_ethics.accounts.forms import (
    ApiTokenForm,
    InviteForm,
    OrganisationForm,
    RegisterForm,
    RoleForm,
)
from guidance_ethics.accounts.models import ApiToken, Invitation, Membership, User
from guidance_ethics.accounts.roles import Role
from guidance_ethics.accounts.security import two_factor_due
from guidance_ethics.accounts.signals import page_of
from guidance_ethics.lib import mail
from guidance_ethics.lib.forms import bound_data, first_error, run_action
from guidance_ethics.lib.ratelimit import FailureLimit


@login_required
@require_safe
def organisation_list(request):
    organisations = queries.organisations_of(request.user)
    if request.user.is_staff:
        organisations = queries.manageable_organisations(request.user).order_by("name")
    return render(
        request, "accounts/organisation_list.html", {"organisations": list(organisations)}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_create(request):
    if not request.user.is_staff:
        raise PermissionDenied
    form = OrganisationForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        organisation = run_action(
            form, actions.create_organisation, request.user, **form.cleaned_data
        )
        if organisation:
            messages.success(request, _("The organisation has been created."))
            return redirect("accounts:members", slug=organisation.slug)
    return render(request, "accounts/organisation_form.html", {"form": form})


@login_required
@require_safe
def organisation_detail(request, slug):
    organisation = get_organisation(request.user, slug)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "role": queries.role_in(request.user, organisation),
            "may_manage": queries.can_manage_members(request.user, organisation),
            "may_coordinate": queries.has_role(request.user, organisation, Role.COORDINATOR),
            **page_of(organisation),  # the technologies and cases (accounts/signals.py)
        },
    )


def _members_page(request, organisation, invite_form=None, status=200):
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": organisation,
            "members": queries.members_of(organisation),
            "invitations": queries.open_invitations(organisation),
            "invite_form": invite_form or InviteForm(),
            "roles": Role.choices,
        },
        status=status,
    )


@login_required
@require_safe
def members(request, slug):
    organisation = get_organisation(request.user, slug, Role.ADMIN)
    return _members_page(request, organisation)


@login_required
@require_POST
def invite(request, slug):
    organisation = get_organisation(request.user, slug, Role.ADMIN)
    form = InviteForm(request.POST)
    if form.is_valid():
        invitation = run_action(
            form, actions.invite_member, request.user, organisation, **form.cleaned_data
        )
        if invitation:
            messages.success(
                request, _("An invitation has been sent to %(email)s.") % form.cleaned_data
            )
            return redirect("accounts:members", slug=organisation.slug)
    return _members_page(request, organisation, invite_form=form, status=400)


def _membership(request, slug, pk):
    organisation = get_organisation(request.user, slug, Role.ADMIN)
    return get_object_or_404(Membership, organisation=organisation, pk=pk)


@login_required
@require_POST
def change_role(request, slug, pk):
    membership = _membership(request, slug, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    else:
        try:
            actions.change_role(request.user, membership, form.cleaned_data["role"])
            messages.success(request, _("The role has been changed."))
        except ValidationError as error:
            messages.error(request, first_error(error))
    return redirect("accounts:members", slug=slug)


@login_required
@require_POST
def remove_member(request, slug, pk):
    membership = _membership(request, slug, pk)
    try:
        actions.remove_member(request.user, membership)
        messages.success(
            request, _("%(person)s is no longer a member.") % {"person": membership.user}
        )
    except ValidationError as error:
        messages.error(request, first_error(error))
    return redirect("accounts:members", slug=slug)


@login_required
@require_POST
def revoke_invitation(request, slug, pk):
    organisation = get_organisation(request.user, slug, Role.ADMIN)
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=pk)
    actions.revoke_invitation(request.user, invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("accounts:members", slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """The link in an invitation e-mail: accept it, or create an account with it."""
    found = queries.invitation_by_token(token)
    if found is None or not found.is_open:
        return render(request, "accounts/invitation_invalid.html", status=404)
    context = {"invitation": found}
    user = request.user
    if user.is_authenticated:
        if request.method == "POST":
            try:
                actions.accept_invitation(user, found)
            except ValidationError as error:
                messages.error(request, first_error(error))
                return redirect(request.path)
            messages.success(
                request, _("Welcome to %(organisation)s.") % {"organisation": found.organisation}
            )
            return redirect("accounts:organisation", slug=found.organisation.slug)
        return render(request, "accounts/invitation_accept.html", context)
    if User.objects.with_email(found.email).exists():
        login_url = reverse("accounts:login") + "?next=" + request.path
        return render(
            request, "accounts/invitation_login.html", {**context, "login_url": login_url}
        )
    form = RegisterForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        result = run_action(
            form,
            actions.register_with_invitation,
            found,
            field_map={"password": "password1"},
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        if result:
            new_user, _membership = result
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account has been created."))
            return redirect("accounts:organisation", slug=found.organisation.slug)
    return render(request, "accounts/invitation_register.html", {**context, "form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; every other session of the person ends with it (Django
    already refuses them at their next request; their rows go too)."""

    def form_valid(self, form):
        before = self.request.session.session_key
        response = super().form_valid(form)  # gives this session a new key
        security_actions.keep_login_after_password_change(
            self.request.user, old_key=before, new_key=self.request.session.session_key
        )
        return response


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with a limit on links asked for per address and per IP
    address (PASSWORD_RESET_LIMIT an hour) and per address a day (MAIL_PER_RECIPIENT_LIMIT):
    a mailbox cannot be flooded through us."""

    def form_valid(self, form):
        address = self.request.META.get("REMOTE_ADDR", "")
        email = form.cleaned_data["email"]  # normalised (EmailPasswordResetForm)
        by_address, by_email = _reset_limits()
        if by_address.blocked(address) or by_email.blocked(email):
            form.add_error(None, _("Too many requests for a new password. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        by_address.fail(address)
        by_email.fail(email)
        try:
            mail.count_mail_to("password-reset", email)
        except ValidationError as refusal:
            form.add_error(None, first_error(refusal))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def _reset_limits():
    limit = settings.PASSWORD_RESET_LIMIT
    return FailureLimit("reset-address", limit, 3600), FailureLimit("reset-email", limit, 3600)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request):
    """The person's own API tokens: create one (its secret is shown once) or revoke one."""
    form = ApiTokenForm(bound_data(request))
    secret = None
    limit = FailureLimit("api-tokens", settings.API_TOKEN_LIMIT, 24 * 3600)
    subject = str(request.user.pk)
    limited = request.method == "POST" and form.is_valid() and limit.blocked(subject)
    if limited:
        form.add_error(None, _("You have made too many tokens today. Try again tomorrow."))
    elif request.method == "POST" and form.is_valid():
        limit.fail(subject)
        result = run_action(
            form,
            actions.create_api_token,
            request.user,
            two_factor_verified=request.user.is_verified(),
            **form.cleaned_data,
        )
        if result:
            _token, secret = result
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": request.user.api_tokens.filter(revoked_at=None),
            "two_factor_due": two_factor_due(request.user),
        },
        status=429 if limited else 200,
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    actions.revoke_api_token(request.user, token)
    messages.success(request, _("The API token has been revoked."))
    return redirect("accounts:api_tokens")
