"""Every write about people, organisations and memberships goes through these functions.

Each takes the acting person first, checks that they may, validates, writes inside one
transaction and appends an audit entry. Mail leaves only after commit.
"""

import copy
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from guidance_ethics.accounts.models import (
    ApiToken,
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
