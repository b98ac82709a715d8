"""Fetching objects in views: every object of an organisation goes through these helpers.

Someone outside the organisation gets 404, as if the object did not exist; a member whose
role is too low for what they try gets 403, since they know the object exists.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from guidance_ethics.accounts.models import Organisation
from guidance_ethics.accounts.queries import can_manage_members, has_role
from guidance_ethics.accounts.roles import Role


def get_organisation(user, slug: str, minimum: Role = Role.MEMBER) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if has_role(user, organisation, Role.MEMBER):
        if not has_role(user, organisation, minimum):
            raise PermissionDenied
        return organisation
    # Platform administrators see organisations only to manage their members.
    if minimum == Role.ADMIN and can_manage_members(user, organisation):
        return organisation
    raise Http404


def get_for_member(user, queryset, minimum: Role = Role.MEMBER, **lookup):
    """One object of ``queryset`` (a model with an ``organisation``) that ``user`` may see."""
    obj = get_object_or_404(queryset.filter(organisation__memberships__user=user), **lookup)
    if not has_role(user, obj.organisation, minimum):
        raise PermissionDenied
    return obj
