"""Reads about people and organisations, and the permission checks the actions share."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from guidance_ethics.accounts.models import (
    PRACTICE_SLUG,
    Invitation,
    LoginSession,
    Membership,
    Organisation,
    hash_token,
)
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.lib.actors import is_system


def role_in(user, organisation) -> Role | None:
    """The user's role in ``organisation``, or None when they are no member."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_roles_cache", {})
    if organisation.pk not in cache:
        role = (
            Membership.objects.filter(user=user, organisation=organisation)
            .values_list("role", flat=True)
            .first()
        )
        cache[organisation.pk] = Role(role) if role else None
    return cache[organisation.pk]


def has_role(user, organisation, minimum: Role) -> bool:
    if is_system(user):
        return True
    role = role_in(user, organisation)
    return role is not None and role.includes(minimum)


def can_manage_members(user, organisation) -> bool:
    """Organisation admins manage their members; platform administrators manage all."""
    return (
        is_system(user)
        or getattr(user, "is_staff", False)
        or has_role(user, organisation, Role.ADMIN)
    )


def require_role(user, organisation, minimum: Role) -> None:
    if not has_role(user, organisation, minimum):
        raise PermissionDenied


def organisations_of(user):
    """The organisations the user belongs to, with their role, for navigation and lists."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(memberships__user=user)
        .exclude(slug=PRACTICE_SLUG)  # each trainee's own practice is under /opleiding/
        .annotate(
            member_count=Count("memberships", distinct=True),
            technology_count=Count("technologies", distinct=True),
        )
        .order_by("name")
    )


def memberships_of(user):
    return (
        Membership.objects.filter(user=user)
        .exclude(organisation__slug=PRACTICE_SLUG)
        .select_related("organisation")
    )


def manageable_organisations(user):
    """Organisations whose members the user may manage."""
    if getattr(user, "is_staff", False):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.ADMIN
    ).distinct()


def members_of(organisation):
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def open_invitations(organisation):
    return (
        Invitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .filter(Q(expires_at__gt=timezone.now()))
        .select_related("invited_by")
    )


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whether or not it can still be used."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


def emails_with_role(organisation, minimum: Role) -> list[str]:
    """The addresses of the organisation's active members with at least this role."""
    roles = [role for role in Role if role.includes(minimum)]
    return sorted(
        organisation.memberships.filter(role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def personal_data(user) -> dict:
    """Everything the platform keeps of a staff member as a person (AVG art. 15): the
    account, memberships, tokens, logins, two-step verification and what the audit log
    records of them."""

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
