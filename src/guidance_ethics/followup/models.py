"""Follow-up of a session: options for action that become actions someone carries out.

An action belongs to the organisation of the case it comes from. Its owner is a person of
that organisation or a partner organisation; it can be shared with partner organisations,
whose members see and update it (and nothing else of the organisation). Every change of
status and every progress note is an ``ActionNote``, so the history stays readable.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guidance_ethics.lib.dates import BoundedDateField
from guidance_ethics.values.synonyms import catalogue_names

TEXT_LIMIT = 2000


class Action(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AGREED = "agreed", _("agreed")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    OPEN = (Status.PROPOSED, Status.AGREED, Status.IN_PROGRESS)

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="actions"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="actions")
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    option = models.OneToOneField(
        "workshops.ActionOption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action",
    )
    # What the option was about, kept as text: the session's value may later be renamed.
    value_name = models.CharField(_("value"), max_length=80, blank=True)
    value_key = models.CharField(max_length=60, blank=True)
    direction = models.CharField(
        _("direction"),
        max_length=12,
        blank=True,
        choices=[
            ("technology", _("technology")),
            ("environment", _("environment")),
            ("human", _("human")),
        ],
    )
    title = models.TextField(
        _("action"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner (person)"),
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner (partner organisation)"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    drop_reason = models.TextField(
        _("reason for dropping"),
        blank=True,
        max_length=TEXT_LIMIT,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
    )
    due = BoundedDateField(_("due date"), null=True, blank=True)
    # The due date a reminder was last sent for: one reminder per due date.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["organisation", "status"], name="action_org_status")]

    def __str__(self):
        return self.title[:80]

    def get_absolute_url(self):
        return reverse("followup:action", args=[self.pk])

    @property
    def value_label(self) -> str:
        """The value in the reader's language: a catalogue value's name from the catalogue."""
        names = catalogue_names(self.value_key)
        if names is None:
            return self.value_name
        return names["en" if (get_language() or "nl").startswith("en") else "nl"]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due is not None and self.due < timezone.localdate()


class ActionShare(models.Model):
    """A partner organisation that works on the action too: its members see and update it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="shared_actions"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "organisation"], name="share_action_once")
        ]

    def __str__(self):
        return f"{self.action_id} → {self.organisation_id}"


class ActionNote(models.Model):
    """Progress on an action: a note, a change of status, or both."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(
        blank=True, max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    status_from = models.CharField(max_length=12, blank=True, choices=Action.Status.choices)
    status_to = models.CharField(max_length=12, blank=True, choices=Action.Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.action_id}: {self.status_to or self.text[:40]}"


class SessionRequest(models.Model):
    """Someone asks for a session: it lands with the coordinators of the organisation they
    chose (or the platform's administrators), who turn it into a planned session."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        PLANNED = "planned", _("planned")
        DECLINED = "declined", _("declined")

    name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("your e-mail address"))
    requester_organisation = models.CharField(_("your organisation"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_requests",
        verbose_name=_("organisation that holds the session"),
    )
    technology = models.CharField(_("technology"), max_length=200)
    technology_kind = models.CharField(_("type of technology"), max_length=20)
    context = models.TextField(
        _("context"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    phase = models.CharField(_("phase of implementation"), max_length=10)
    question = models.TextField(
        _("question"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    preferred_dates = models.CharField(_("preferred dates"), max_length=300, blank=True)
    expected_participants = models.PositiveIntegerField(_("expected participants"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    reason = models.TextField(_("reason"), blank=True, max_length=TEXT_LIMIT)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session request")
        verbose_name_plural = _("session requests")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.technology} ({self.name})"

    def get_absolute_url(self):
        return reverse("followup:request", args=[self.pk])
