"""Fetching objects in views: every object of an organisation goes through these helpers.

Someone outside the organisation gets 404, as if the object did not exist; a member whose
role is too low for what they try gets 403, since they know the object exists.

The practice organisation ("Oefenomgeving", ``PRACTICE_SLUG``) is the one exception to "a
member sees the organisation's work": every trainee is a coordinator of it so that they can
run practice sessions, but each sees only their own practice work (the technology of a
practice session of theirs, with its cases, sessions, reports and actions) and nobody sees
the organisation itself (its pages list everybody's). ``member_scope`` is that rule, for
every query of what a member may see; ``colleagues`` the people one may name in it.
Practice sessions are the training app's: it tells this module which are whose
(``register_practice_sessions``, from its ``AppConfig.ready``), since accounts sits below
training in the order of the apps (docs/decisions.md).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guidance_ethics.accounts.models import PRACTICE_SLUG, Organisation
from guidance_ethics.accounts.queries import can_manage_members, has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.lib.actors import is_system

# How an object of each kind reaches its technology. A kind not named here is never
# practice work of anyone's: in the practice organisation, nobody sees it.
TECHNOLOGY_OF = {
    "cases.technology": "pk",
    "cases.case": "technology",
    "workshops.workshop": "case__technology",
    "followup.action": "case__technology",
    "library.publication": "case__technology",
}

# A function (user -> that user's practice sessions, a queryset of a model with a
# ``workshop``), registered by the training app; without it nobody has practice work.
_practice_sessions = None


def register_practice_sessions(function) -> None:
    global _practice_sessions
    _practice_sessions = function


def member_scope(user, model, prefix: str = "") -> Q:
    """The rows of ``model`` (which has an ``organisation``; ``prefix`` leads to it from
    another model) that ``user`` sees as a member: those of their organisations, and of
    the practice organisation only their own practice work."""
    member = Q(**{f"{prefix}organisation__memberships__user": user})
    practice = Q(**{f"{prefix}organisation__slug": PRACTICE_SLUG})
    path = TECHNOLOGY_OF.get(model._meta.label_lower)
    if path is None or _practice_sessions is None:
        return member & ~practice
    own = Exists(
        _practice_sessions(user).filter(workshop__case__technology=OuterRef(prefix + path))
    )
    return member & (~practice | own)


def require_own_practice(actor, case) -> None:
    """Every trainee is a coordinator of the practice organisation, so that they can run
    their practice sessions; deleting a practice case or session is its trainee's alone (and
    a platform administrator's), not every trainee's."""
    if case.organisation.slug != PRACTICE_SLUG or is_system(actor):
        return
    if getattr(actor, "is_superuser", False):
        return
    own = _practice_sessions(actor).filter(workshop__case=case) if _practice_sessions else None
    if own is None or not own.exists():
        raise PermissionDenied


def visible(user, queryset):
    """The objects of ``queryset`` (a model with an ``organisation``) ``user`` may see."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(member_scope(user, queryset.model))


def get_organisation(user, slug: str, minimum: Role = Role.MEMBER) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if has_role(user, organisation, Role.MEMBER) and not organisation.is_practice:
        if not has_role(user, organisation, minimum):
            raise PermissionDenied
        return organisation
    # Platform administrators see organisations only to manage their members.
    if minimum == Role.ADMIN and can_manage_members(user, organisation):
        return organisation
    raise Http404


def get_for_member(user, queryset, minimum: Role = Role.MEMBER, **lookup):
    """One object of ``queryset`` (a model with an ``organisation``) that ``user`` may see."""
    obj = get_object_or_404(visible(user, queryset), **lookup)
    if not has_role(user, obj.organisation, minimum):
        raise PermissionDenied
    return obj


def colleagues(user, organisation):
    """The people ``user`` may name in ``organisation`` (moderator, co-moderator, an
    action's owner): its members; in the practice organisation only themselves."""
    people = get_user_model().objects.filter(memberships__organisation=organisation)
    if organisation.is_practice and not is_system(user):
        people = people.filter(pk=getattr(user, "pk", None))
    return people.order_by("full_name", "email")


def partner_organisations():
    """Organisations one may share with or hand work to: all but the practice organisation,
    whose members are trainees of every organisation."""
    return Organisation.objects.exclude(slug=PRACTICE_SLUG)


def require_partner(organisation, field: str = "organisation") -> None:
    """Refuse the practice organisation as a partner (``partner_organisations``)."""
    if organisation.is_practice:
        raise ValidationError(
            {field: _("The practice organisation cannot be a partner organisation.")}
        )
