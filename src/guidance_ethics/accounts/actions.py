"""Every write about people, organisations and memberships goes through these functions.

Each takes the acting person first, checks that they may, validates, writes inside one
transaction and appends an audit entry. Mail leaves only after commit.
"""

import copy
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from guidance_ethics.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    User,
    hash_token,
    normalise_email,
)
from guidance_ethics.accounts.queries import can_manage_members
from guidance_ethics.accounts.roles import Role
from guidance_ethics.accounts.security import check_again, two_factor_due
from guidance_ethics.audit.actions import record
from guidance_ethics.lib import mail
from guidance_ethics.lib.actors import is_system
from guidance_ethics.lib.text import clean as clean_text
from guidance_ethics.lib.text import one_line


def _require_platform_admin(actor) -> None:
    if not (is_system(actor) or getattr(actor, "is_staff", False)):
        raise PermissionDenied


def _require_member_manager(actor, organisation) -> None:
    if not can_manage_members(actor, organisation):
        raise PermissionDenied


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisatie"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_organisation(actor, *, name: str, kind: str, slug: str = "") -> Organisation:
    """A platform administrator registers an organisation."""
    _require_platform_admin(actor)
    with transaction.atomic():
        organisation = Organisation(
            name=clean_text(name, "name", single_line=True),
            kind=kind,
            slug=slug.strip() or _unique_slug(name),
        )
        organisation.full_clean()
        organisation.save()
        record(actor, "create_organisation", organisation, organisation, name=organisation.name)
    return organisation


def update_organisation(actor, organisation: Organisation, *, name: str, kind: str):
    _require_member_manager(actor, organisation)
    with transaction.atomic():
        organisation.name = clean_text(name, "name", single_line=True)
        organisation.kind = kind
        organisation.full_clean()
        organisation.save()
        record(actor, "update_organisation", organisation, organisation, name=organisation.name)
    return organisation


def create_user(
    actor, *, email: str, password: str | None, full_name: str = "", platform_admin: bool = False
) -> User:
    """Create an account; from the command line or by a platform administrator."""
    _require_platform_admin(actor)
    email = normalise_email(email)
    with transaction.atomic():
        if User.objects.with_email(email).exists():
            raise ValidationError({"email": _("An account with this e-mail address exists.")})
        user = User(
            email=email,
            full_name=clean_text(full_name, "full_name", single_line=True),
            is_staff=platform_admin,
            is_superuser=platform_admin,
        )
        if password is None:
            user.set_unusable_password()
        else:
            _validate_password(password, user)
            user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        record(actor, "create_user", user, platform_admin=platform_admin)
    return user


def _validate_password(password: str, user: User) -> None:
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


def add_member(actor, organisation: Organisation, user: User, role: str) -> Membership:
    """Give an existing account a role in an organisation (or change the role it has)."""
    _require_member_manager(actor, organisation)
    role = Role(role)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if not created and membership.role != role:
            _keep_an_admin(membership, role)
            membership.role = role
            membership.save(update_fields=["role"])
        record(actor, "add_member", membership, organisation, role=role, user=user.email)
    return membership


def invite_member(actor, organisation: Organisation, *, email: str, role: str):
    """Invite someone by e-mail; returns the invitation and the one-time token in its link.

    A new invitation to the same address replaces any open one.
    """
    _require_member_manager(actor, organisation)
    email = normalise_email(email)
    mail.count_mail_to("invitation", email)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    with transaction.atomic():
        if Membership.objects.filter(organisation=organisation, user__email=email).exists():
            raise ValidationError(
                {"email": _("This person is already a member of the organisation.")}
            )
        now = timezone.now()
        Invitation.objects.filter(
            organisation=organisation, email=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=now)
        token = secrets.token_urlsafe(32)
        invitation = Invitation(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=actor if getattr(actor, "is_authenticated", False) else None,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation.full_clean()
        invitation.save()
        record(actor, "invite_member", invitation, organisation, email=email, role=role)
        mail.send_after_commit(_invitation_mail(invitation, token))
    return invitation, token


def _invitation_mail(invitation: Invitation, token: str):
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", args=[token])
    context = {"invitation": invitation, "link": link}
    # The invitee has no language preference yet; the mail is in Dutch and English.
    with override("nl"):
        subject = one_line(render_to_string("accounts/email/invitation_subject.txt", context))
    body = render_to_string("accounts/email/invitation.txt", context)
    return mail.message(subject, body, [invitation.email])


def revoke_invitation(actor, invitation: Invitation) -> None:
    _require_member_manager(actor, invitation.organisation)
    with transaction.atomic():
        if invitation.revoked_at is None and invitation.accepted_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            record(actor, "revoke_invitation", invitation, invitation.organisation)


def _check_open(invitation: Invitation | None) -> Invitation:
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
    return invitation


def accept_invitation(user: User, invitation: Invitation) -> Membership:
    """A logged-in person accepts an invitation that was sent to their address."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_open(invitation)
        if normalise_email(user.email) != invitation.email:
            raise ValidationError(
                _(
                    "This invitation was sent to another e-mail address than the one you are "
                    "logged in with."
                )
            )
        membership = _join(user, invitation)
    return membership


def register_with_invitation(invitation: Invitation, *, full_name: str, password: str):
    """Someone without an account creates one from an invitation link."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_open(invitation)
        if User.objects.with_email(invitation.email).exists():
            raise ValidationError(_("An account with this e-mail address exists; log in first."))
        user = User(
            email=invitation.email,
            full_name=clean_text(full_name, "full_name", single_line=True),
        )
        _validate_password(password, user)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        record(user, "create_user", user, invitation.organisation, via="invitation")
        membership = _join(user, invitation)
    return user, membership


def _join(user: User, invitation: Invitation) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(
        user,
        "accept_invitation",
        membership,
        invitation.organisation,
        role=membership.role,
        new=created,
    )
    return membership


def _keep_an_admin(membership: Membership, new_role: Role | None) -> None:
    """Refuse a change that would leave an organisation without an administrator."""
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.ADMIN
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("An organisation needs at least one administrator."))


def change_role(actor, membership: Membership, role: str) -> Membership:
    _require_member_manager(actor, membership.organisation)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _keep_an_admin(membership, Role(role))
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        record(actor, "change_role", membership, membership.organisation, old=old, new=role)
    return membership


def remove_member(actor, membership: Membership) -> None:
    _require_member_manager(actor, membership.organisation)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _keep_an_admin(membership, None)
        record(
            actor,
            "remove_member",
            membership,
            membership.organisation,
            user=membership.user.email,
            role=membership.role,
        )
        membership.delete()


class ApiTokenWithoutTwoFactor(PermissionDenied):
    """A personal API token made without two-step verification, whose owner must now use it."""

    def __init__(self):
        super().__init__(
            _(
                "This API token was made without two-step verification, which your account "
                "now requires. Make a new one after logging in with your code."
            )
        )


def create_api_token(user: User, *, name: str, two_factor_verified: bool = False):
    """A personal API token; returns the token object and the secret, shown only once.
    ``two_factor_verified``: the login it is made in passed two-step verification; someone
    who must give a code makes no token without it."""
    from guidance_ethics.accounts.models import ApiToken

    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if not two_factor_verified and two_factor_due(user):
        raise PermissionDenied
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=user,
            name=clean_text(name or "", "name", single_line=True),
            token_hash=hash_token(secret),
            two_factor=two_factor_verified,
        )
        token.full_clean()
        token.save()
        record(user, "create_api_token", token, name=token.name)
    return token, secret


def revoke_api_token(user: User, token) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(user, "revoke_api_token", token, name=token.name)


def use_api_token(secret: str):
    """The person a live personal API token belongs to, or None; notes when it was used.
    Raises ``ApiTokenWithoutTwoFactor`` for a token made without two-step verification whose
    owner must now use it (set up, or required by an organisation or as a platform
    administrator): the token would skip the code."""
    from guidance_ethics.accounts.models import ApiToken

    if not secret.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(secret), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if not token.two_factor and two_factor_due(token.user):
        raise ApiTokenWithoutTwoFactor
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def personal_data(user) -> dict:
    """Everything the platform keeps of a staff member as a person (AVG art. 15): the
    account, memberships, tokens, logins, two-step verification and what the audit log
    records of them."""
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from guidance_ethics.accounts.models import LoginSession
    from guidance_ethics.audit.models import AuditEntry

    def when(value):
        return value.isoformat() if value else None

    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "platform_administrator": user.is_staff,
        },
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role, "since": when(m.created_at)}
            for m in user.memberships.select_related("organisation")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "created": when(t.created_at),
                "last_used": when(t.last_used_at),
                "revoked": when(t.revoked_at),
            }
            for t in user.api_tokens.all()
        ],
        "logins": [
            {
                "browser": s.user_agent,
                "logged_in": when(s.created_at),
                "last_active": when(s.last_seen_at),
            }
            for s in LoginSession.objects.filter(user=user)
        ],
        "two_step_verification": {
            "on": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "recovery_codes_left": StaticToken.objects.filter(device__user=user).count(),
        },
        "audit_log": [
            {
                "when": when(e.created_at),
                "what": e.verb,
                "object": f"{e.object_type} {e.object_id}",
                "data": e.data,
            }
            for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
        ],
    }


def erase_account(actor, user) -> None:
    """A platform administrator erases a staff account (AVG art. 17). The person's name,
    e-mail address, password, memberships, tokens, devices and logins go; the row stays,
    anonymous, so that sessions they moderated and the audit log still hold together."""
    from guidance_ethics.accounts.models import LoginSession
    from guidance_ethics.accounts.security import end_sessions

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
    from guidance_ethics.accounts.models import User, normalise_email

    return User.objects.filter(email=normalise_email(email)).exclude(pk=user.pk).exists()


def request_email_change(user, new_email: str) -> None:
    """Send a confirmation link to the new address (valid a day) and a notice to the old
    one; nothing changes until the link is followed."""
    from django.core import signing

    from guidance_ethics.accounts.models import normalise_email

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
    from django.core import signing

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
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

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
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def disable_two_factor(user) -> None:
    """Refused where two-step verification is required of the person."""
    from guidance_ethics.accounts.security import two_factor_required

    if two_factor_required(user):
        raise ValidationError(
            _("Two-step verification is required for your account; it stays on."),
            code="required",
        )
    with transaction.atomic():
        _remove_devices(user)
        record(user, "two_factor_disabled", user)


def set_organisation_policy(actor, organisation, *, require_two_factor, retention_days):
    """An organisation's administrator: two-step verification required of every member, and
    how many days participants' data is kept after a session closes."""
    _require_member_manager(actor, organisation)
    newly_required = bool(require_two_factor) and not organisation.require_two_factor
    organisation = copy.copy(organisation)
    organisation.require_two_factor = bool(require_two_factor)
    organisation.retention_days = retention_days
    with transaction.atomic():
        organisation.full_clean()
        organisation.save(update_fields=["require_two_factor", "retention_days"])
        record(
            actor,
            "organisation_policy",
            organisation,
            organisation,
            require_two_factor=organisation.require_two_factor,
            retention_days=organisation.retention_days,
        )
        if newly_required:
            members = User.objects.filter(memberships__organisation=organisation)
            transaction.on_commit(lambda: check_again(members))
    return organisation
