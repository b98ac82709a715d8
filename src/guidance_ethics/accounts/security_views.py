"""Pages of one's own account security: two-step verification, recent login, sessions."""

import base64
import copy
import io
import json

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from guidance_ethics.accounts import actions, queries, security_actions
from guidance_ethics.accounts.access import get_organisation
from guidance_ethics.accounts.forms import (
    CodeForm,
    EmailChangeForm,
    OrganisationPolicyForm,
    ReauthenticateForm,
)
from guidance_ethics.accounts.models import LoginSession
from guidance_ethics.accounts.roles import Role
from guidance_ethics.accounts.security import (
    mark_reauthenticated,
    recent_login_required,
    two_factor_required,
    verified,
)
from guidance_ethics.lib.forms import bound_data, run_action


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _verify(user, code: str):
    """The device that accepts ``code``: the app's six digits, or a recovery code. Each
    device throttles wrong codes itself (django-otp: a growing wait after each failure)."""
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices:
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            if device.verify_token(code):
                return device
    return None


@login_required
@require_safe
def two_factor(request):
    user = request.user
    recovery = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": _confirmed_totp(user) is not None,
            "required": two_factor_required(user),
            "recovery_left": recovery,
        },
    )


@login_required
@recent_login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request):
    """Scan the code with an authenticator app, then confirm with the first code it shows."""
    user = request.user
    if _confirmed_totp(user) is not None:
        messages.info(request, _("Two-step verification is already on."))
        return redirect("accounts:two_factor")
    device = security_actions.pending_authenticator(user)
    form = CodeForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        codes = security_actions.confirm_authenticator(user, device, form.cleaned_data["code"])
        if codes is not None:
            verified(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request, reverse("accounts:two_factor"))},
            )
        form.add_error("code", _("This code is not correct. Try the code the app shows now."))
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2)
    picture = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "picture": picture,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next(request, ""),
            "required": two_factor_required(user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify(request):
    """After the password: the code."""
    if request.user.is_verified():
        return redirect(_next(request, settings.LOGIN_REDIRECT_URL))
    form = CodeForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        device = _verify(request.user, form.cleaned_data["code"])
        if device is not None:
            verified(request, device)
            return redirect(_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
        form.add_error(
            "code",
            _("This code is not correct, or too many wrong codes were tried: wait a moment."),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next(request, "")},
        status=400 if form.errors else 200,
    )


@login_required
@recent_login_required
@require_POST
def two_factor_disable(request):
    try:
        security_actions.disable_two_factor(request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("Two-step verification is off."))
    return redirect("accounts:two_factor")


@login_required
@recent_login_required
@require_POST
def recovery_codes(request):
    user = request.user
    if _confirmed_totp(user) is None:
        return redirect("accounts:two_factor")
    codes = security_actions.renew_recovery_codes(user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:two_factor")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reauthenticate(request):
    """Give the password again (and a code, with two-step verification) before a change to
    the account's security."""
    form = ReauthenticateForm(bound_data(request), user=request.user)
    code_form = CodeForm(bound_data(request)) if _confirmed_totp(request.user) else None
    if request.method == "POST":
        valid = form.is_valid()
        if (
            code_form is not None
            and code_form.is_valid()
            and _verify(request.user, code_form.cleaned_data["code"]) is None
        ):
            code_form.add_error("code", _("This code is not correct."))
        if valid and (code_form is None or not code_form.errors):
            mark_reauthenticated(request)
            return redirect(_next(request, reverse("accounts:two_factor")))
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "code_form": code_form, "next": _next(request, "")},
        status=400 if form.errors or (code_form and code_form.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def login_sessions(request):
    """Where one is logged in; end one session, or every other one."""
    current = request.session.session_key
    if request.method == "POST":
        chosen = request.POST.get("session") or ""
        login = None if chosen == "others" else (chosen if chosen.isdigit() else 0)
        ended = security_actions.end_other_logins(request.user, current=current, login=login)
        messages.success(
            request,
            ngettext(
                "Logged out of %(n)d other session.", "Logged out of %(n)d other sessions.", ended
            )
            % {"n": ended},
        )
        return redirect("accounts:sessions")
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": LoginSession.objects.filter(user=request.user), "current": current},
    )


@login_required
@require_POST
def organisation_security(request, slug):
    """An organisation's administrator sets its rules: two-step verification required of
    every member, and how long participants' data is kept after a session."""
    organisation = get_organisation(request.user, slug, Role.ADMIN)
    before = (organisation.require_two_factor, organisation.retention_days)
    form = OrganisationPolicyForm(request.POST, instance=copy.copy(organisation))
    if form.is_valid():
        organisation = run_action(
            form, actions.set_organisation_policy, request.user, organisation, **form.cleaned_data
        )
    if form.errors:
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(f"{reverse('accounts:members', args=[slug])}#security")
    if before[0] != organisation.require_two_factor:
        messages.success(
            request,
            _("Two-step verification is now required of every member.")
            if organisation.require_two_factor
            else _("Two-step verification is now up to each member."),
        )
    if before[1] != organisation.retention_days:
        messages.success(
            request,
            ngettext(
                "Participants' data is now kept %(n)d day after a session closes.",
                "Participants' data is now kept %(n)d days after a session closes.",
                organisation.retention_days,
            )
            % {"n": organisation.retention_days},
        )
    return redirect(f"{reverse('accounts:members', args=[slug])}#security")


@login_required
@require_safe
def my_data(request):
    """Everything the platform keeps of the person, as a JSON file (AVG art. 15 and 20)."""

    content = json.dumps(queries.personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@login_required
@recent_login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_change(request):
    """A new e-mail address, confirmed by a link sent to it; asks for a recent login."""

    form = EmailChangeForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        run_action(
            form, security_actions.request_email_change, request.user, form.cleaned_data["email"]
        )
    if request.method == "POST" and form.is_bound and not form.errors:
        messages.success(
            request,
            _("We sent a link to %(email)s. Your address changes when you follow it.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:two_factor")
    return render(
        request,
        "accounts/email_change.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_confirm(request, token):
    """The link from the mail: a page with a button (a GET changes nothing)."""
    if request.method == "POST":
        try:
            email = security_actions.confirm_email_change(request.user, token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("accounts:two_factor")
        except PermissionDenied:
            messages.error(request, _("This link is for another account."))
            return redirect("accounts:two_factor")
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": email})
        return redirect("accounts:two_factor")
    return render(request, "accounts/email_confirm.html")
