"""Who sees which actions, and the overview's filters."""

from django.db.models import Q
from django.utils import timezone

from guidance_ethics.accounts.access import member_scope
from guidance_ethics.accounts.models import Membership
from guidance_ethics.accounts.queries import has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.followup.models import Action, SessionRequest


def _organisations_of(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def visible_to(user):
    """Actions of the user's organisations (accounts/access.py), and those shared with them."""
    if not getattr(user, "is_authenticated", False):
        return Action.objects.none()
    mine = _organisations_of(user)
    return Action.objects.filter(
        member_scope(user, Action) | Q(shares__organisation_id__in=mine)
    ).distinct()


def acting_organisation(user, action: Action):
    """The organisation the user acts for on this action: its own (first), or a partner it
    is shared with; None if neither."""
    mine = _organisations_of(user)
    if action.organisation_id in mine:
        return action.organisation
    share = action.shares.filter(organisation_id__in=mine).select_related("organisation").first()
    return share.organisation if share else None


def of_organisation(organisation):
    """The overview of one organisation: its own actions and those shared with it."""
    return (
        Action.objects.filter(Q(organisation=organisation) | Q(shares__organisation=organisation))
        .distinct()
        .select_related("case__technology", "owner", "owner_organisation", "organisation")
    )


def filtered(actions, filters: dict):
    if filters.get("technology"):
        actions = actions.filter(case__technology=filters["technology"])
    if filters.get("value"):
        actions = actions.filter(value_name__iexact=filters["value"])
    if filters.get("direction"):
        actions = actions.filter(direction=filters["direction"])
    if filters.get("status"):
        actions = actions.filter(status=filters["status"])
    if filters.get("owner"):
        actions = actions.filter(owner=filters["owner"])
    if filters.get("overdue"):
        actions = actions.filter(status__in=Action.OPEN, due__lt=timezone.localdate())
    return actions


def may_handle(user, request: SessionRequest) -> bool:
    """Whether ``user`` may handle a request for a session: a coordinator of the organisation
    it was sent to, or a platform administrator for one sent to the platform."""
    if request.organisation_id is None:
        return bool(getattr(user, "is_staff", False))
    if request.organisation.is_practice:
        return False
    return has_role(user, request.organisation, Role.COORDINATOR)
