"""Moderator training: trainers, cohorts, trainees' progress, supervised practice, register.

A trainee completes the path by passing every module's self-check and having both practice
steps signed off: first co-moderating a session, then moderating one, each linked to the
workshop and assessed by a supervising moderator against a rubric. A trainee who completes
the path becomes a moderator of their organisation and appears in its register.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TEXT_LIMIT = 4000

# What a supervisor assesses, each on a scale of 1 (not yet) to 4 (well).
RUBRIC = (
    ("phases", _("kept to the method's phases")),
    ("groups", _("drew out effects from every stakeholder group")),
    ("values", _("linked effects to values well")),
    ("time", _("kept time")),
    ("neutral", _("stayed neutral")),
)
SCALE = (
    (1, _("not yet")),
    (2, _("partly")),
    (3, _("sufficiently")),
    (4, _("well")),
)


class Trainer(models.Model):
    """A person who may create cohorts and train moderators; appointed by a platform
    administrator."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")

    def __str__(self):
        return str(self.user)


class Cohort(models.Model):
    name = models.CharField(_("name"), max_length=200)
    organisations = models.ManyToManyField(
        "accounts.Organisation", related_name="cohorts", verbose_name=_("organisations")
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="cohorts_trained", verbose_name=_("trainers")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:cohort", args=[self.pk])


class Enrolment(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["trainee__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "trainee"], name="enrol_once"),
        ]

    def __str__(self):
        return f"{self.trainee} ({self.cohort})"

    def get_absolute_url(self):
        return reverse("training:enrolment", args=[self.pk])


class ModuleResult(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="results")
    module = models.CharField(max_length=40)
    attempts = models.PositiveIntegerField(default=0)
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="one_result_per_module"),
        ]

    def __str__(self):
        return f"{self.enrolment_id}: {self.module}"


class PracticeStep(models.Model):
    class Kind(models.TextChoices):
        CO_MODERATE = "co_moderate", _("co-moderate a session")
        MODERATE = "moderate", _("moderate a session")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_steps",
        verbose_name=_("supervising moderator"),
    )
    scores = models.JSONField(default=dict, blank=True)
    feedback = models.TextField(
        _("feedback"),
        blank=True,
        max_length=TEXT_LIMIT,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="one_step_per_kind"),
        ]

    def __str__(self):
        return f"{self.enrolment_id}: {self.kind}"

    def get_absolute_url(self):
        return reverse("training:step", args=[self.pk])


class Post(models.Model):
    """A post in a community space: a cohort's, or the one of all moderators (no cohort)."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("message"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:post", args=[self.pk])


class Reply(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(
        _("reply"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.post_id}: {self.text[:40]}"


class DigestSent(models.Model):
    """When a person last got the community's e-mail digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user_id}: {self.sent_at}"


class PracticeSession(models.Model):
    """A practice workshop a trainee runs with simulated participants from a scenario."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    workshop = models.OneToOneField(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="practice"
    )
    scenario = models.CharField(_("scenario"), max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.trainee} · {self.scenario}"

    def get_absolute_url(self):
        return reverse("training:practice_session", args=[self.pk])
