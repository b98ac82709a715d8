"""Every write about a person's own account goes through these functions: their data (to
read it all and to erase it, AVG articles 15 and 17), their e-mail address, their logins and
two-step verification. Like those in ``actions.py``, each checks who acts, writes in one
transaction and appends an audit entry; mail leaves only after commit.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from guidance_ethics.accounts.models import Invitation, LoginSession, User, normalise_email
from guidance_ethics.accounts.security import end_sessions, two_factor_required
from guidance_ethics.audit.actions import record
from guidance_ethics.lib import mail
from guidance_ethics.lib.actors import is_system


def erase_account(actor, user) -> None:
    """A platform administrator erases a staff account (AVG art. 17). The person's name,
    e-mail address, password, memberships, tokens, devices and logins go; the row stays,
    anonymous, so that sessions they moderated and the audit log still hold together."""
    if not getattr(actor, "is_staff", False) and not is_system(actor):
        raise PermissionDenied
    with transaction.atomic():
        old_email = user.email
        end_sessions(
            user, LoginSession.objects.filter(user=user).values_list("session_key", flat=True)
        )
        user.memberships.all().delete()
        user.api_tokens.all().delete()
        _remove_devices(user)
        Invitation.objects.filter(email=normalise_email(old_email)).delete()
        user.email = f"verwijderd-{user.pk}@account.invalid"
        user.full_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        record(actor, "erase_account", user)


EMAIL_CHANGE_SALT = "guidance-ethics.email-change"
EMAIL_CHANGE_VALID = timedelta(days=1)


def _email_taken(email: str, user) -> bool:
    return User.objects.filter(email=normalise_email(email)).exclude(pk=user.pk).exists()


def request_email_change(user, new_email: str) -> None:
    """Send a confirmation link to the new address (valid a day) and a notice to the old
    one; nothing changes until the link is followed."""
    new_email = normalise_email(new_email)
    mail.count_mail_to("email-change", new_email)
    if new_email == user.email:
        raise ValidationError({"email": _("This is already your e-mail address.")})
    if _email_taken(new_email, user):
        raise ValidationError({"email": _("Another account uses this e-mail address.")})
    token = signing.dumps({"user": user.pk, "email": new_email}, salt=EMAIL_CHANGE_SALT)
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:email_confirm", args=[token])
    context = {"user": user, "new_email": new_email, "link": link}
    with transaction.atomic():
        record(user, "request_email_change", user)
        mail.send_after_commit(
            mail.message(
                _("Confirm your new e-mail address for guidance-ethics"),
                render_to_string("accounts/email/email_change.txt", context),
                [new_email],
            ),
            mail.message(
                _("A change of your e-mail address for guidance-ethics was asked for"),
                render_to_string("accounts/email/email_change_notice.txt", context),
                [user.email],
            ),
        )


def confirm_email_change(user, token: str) -> str:
    """Apply the change the link stands for; the link works for its own account only."""
    try:
        data = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_VALID.total_seconds()
        )
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid, or more than a day old.")) from None
    if data.get("user") != user.pk:
        raise PermissionDenied
    if _email_taken(data["email"], user):
        raise ValidationError(_("Another account uses this e-mail address."))
    with transaction.atomic():
        old = user.email
        user.email = data["email"]
        user.save(update_fields=["email"])
        record(user, "change_email", user, old=old, new=user.email)
    return user.email


# --- two-step verification and the organisation's rules ------------------------------------

RECOVERY_CODES = 10


def pending_authenticator(user):
    """The authenticator app being set up (unconfirmed), made if there is none yet."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def confirm_authenticator(user, device, code: str) -> list[str] | None:
    """Turn two-step verification on with the app's first code; returns the recovery codes,
    shown once, or None when the code is wrong."""
    if device.user_id != user.pk or not device.verify_token(code):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        record(user, "two_factor_enabled", user)
    return codes


def renew_recovery_codes(user) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record(user, "recovery_codes_renewed", user)
    return codes


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def disable_two_factor(user) -> None:
    """Refused where two-step verification is required of the person."""
    if two_factor_required(user):
        raise ValidationError(
            _("Two-step verification is required for your account; it stays on."),
            code="required",
        )
    with transaction.atomic():
        _remove_devices(user)
        record(user, "two_factor_disabled", user)


# --- logins -----------------------------------------------------------------------------------


def end_other_logins(user, *, current: str, login=None) -> int:
    """The person logs out of one of their other logins (``login``, its id), or of every
    other one (None); the current login stays. Returns how many ended."""
    with transaction.atomic():
        others = LoginSession.objects.filter(user=user).exclude(session_key=current)
        if login is not None:
            others = others.filter(pk=login)
        ended = end_sessions(user, others.values_list("session_key", flat=True))
        if ended:
            record(user, "end_logins", user, ended=ended)
    return ended


def keep_login_after_password_change(user, *, old_key: str, new_key: str) -> int:
    """The login that changed the password keeps its row under the session's new key; every
    other login of the person ends (Django already refuses them at their next request; their
    rows go too). Returns how many ended."""
    with transaction.atomic():
        LoginSession.objects.filter(session_key=old_key).update(session_key=new_key)
        others = LoginSession.objects.filter(user=user).exclude(session_key=new_key)
        return end_sessions(user, others.values_list("session_key", flat=True))
