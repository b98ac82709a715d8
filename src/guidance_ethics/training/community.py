"""The moderators' community: a space per cohort and one for all moderators.

A cohort's space is for its trainees and trainers; the space of all moderators is for
everyone who moderates (a moderator, coordinator or administrator of an organisation), every
trainer, and everyone who completed the training. A post may link a case its author may
see: a published one, or one of their own organisation (posts and replies are written by
``actions.add_post`` and ``actions.add_reply``). A daily e-mail digest tells each reader
what others posted in their spaces.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from guidance_ethics.accounts.models import PRACTICE_SLUG, Membership
from guidance_ethics.accounts.roles import Role
from guidance_ethics.library.queries import readable_cases
from guidance_ethics.training.models import (
    Cohort,
    DigestSent,
    Enrolment,
    Post,
    Reply,
    Trainer,
)

MODERATING = [Role.MODERATOR, Role.COORDINATOR, Role.ADMIN]


def is_moderator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        Membership.objects.filter(user=user, role__in=MODERATING)
        .exclude(organisation__slug=PRACTICE_SLUG)  # practising is not moderating
        .exists()
        or Trainer.objects.filter(user=user).exists()
        or Enrolment.objects.filter(trainee=user, completed_at__isnull=False).exists()
    )


def may_read(user, cohort: Cohort | None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if cohort is None:
        return is_moderator(user)
    return (
        cohort.trainers.filter(pk=user.pk).exists()
        or cohort.enrolments.filter(trainee=user).exists()
    )


def cohorts_of(user):
    return Cohort.objects.filter(Q(trainers=user) | Q(enrolments__trainee=user)).distinct()


def linkable_cases(user):
    """Cases a post may link: those the author may open in the library."""
    return readable_cases(user)


def readable_case_ids(user, posts) -> set[int]:
    """Of the cases ``posts`` link, those ``user`` may open (and so see the title of)."""
    linked = {post.case_id for post in posts if post.case_id}
    if not linked:
        return set()
    return set(linkable_cases(user).filter(pk__in=linked).values_list("pk", flat=True))


def send_digests(now=None) -> int:
    """One e-mail per reader with what others posted or replied in their spaces since their
    last digest (at most a day back the first time). Returns how many were sent."""
    now = now or timezone.now()
    first_since = now - timedelta(days=1)
    last = dict(DigestSent.objects.values_list("user_id", "sent_at"))
    readers = get_user_model().objects.filter(is_active=True).exclude(email="")
    sent = 0
    for reader in readers.iterator():
        since = last.get(reader.pk, first_since)
        spaces = Q(cohort_id__in=[c.pk for c in cohorts_of(reader)])
        if is_moderator(reader):
            spaces |= Q(cohort__isnull=True)
        readable = Post.objects.filter(spaces)
        posts = list(
            readable.filter(created_at__gt=since, created_at__lte=now)
            .exclude(author=reader)
            .order_by("created_at")
        )
        replies = list(
            Reply.objects.filter(post__in=readable, created_at__gt=since, created_at__lte=now)
            .exclude(author=reader)
            .select_related("post")
            .order_by("created_at")
        )
        if not posts and not replies:
            continue
        with translation.override("nl"):
            lines = [_("New in the moderators' community:"), ""]
            lines += [f"- {post.title}" for post in posts]
            lines += [_("- a reply to: %(title)s") % {"title": r.post.title} for r in replies]
            send_mail(_("New in the moderators' community"), "\n".join(lines), None, [reader.email])
        DigestSent.objects.update_or_create(user=reader, defaults={"sent_at": now})
        sent += 1
    return sent
