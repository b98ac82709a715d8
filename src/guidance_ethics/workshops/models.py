"""A session of the method (a ``Workshop``) and everything said in it.

Contributions are never deleted: moderation hides them, merging points them at the one they
were merged into, and the event log (``live.Event``) records every change.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guidance_ethics.lib.dates import BoundedDateTimeField
from guidance_ethics.lib.language import Languaged

# Join codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B look-alikes.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 8
TEXT_LIMIT = 2000


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def could_be_join_code(code: str) -> bool:
    """Whether a normalised code has a code's form: anything else names no session and is
    never sent to the database (PostgreSQL refuses a NUL character in a query)."""
    return len(code) == JOIN_CODE_LENGTH and all(c in JOIN_CODE_ALPHABET for c in code)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Phase(models.TextChoices):
    """The method's phases, in order (DESIGN.md section 2)."""

    LOBBY = "lobby", _("welcome")
    CASE = "case", _("case")
    ACTORS = "actors", _("dialogue: actors")
    EFFECTS = "effects", _("dialogue: effects")
    VALUES = "values", _("dialogue: values")
    TRANSITION = "transition", _("transition: choosing values")
    OPTIONS = "options", _("options for action")
    CLOSING = "closing", _("closing")


PHASE_ORDER = list(Phase)


class Workshop(models.Model):
    class Format(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="workshops", verbose_name=_("case")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="workshops"
    )
    starts_at = BoundedDateTimeField(_("date and time"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("moderator"),
    )
    co_moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("co-moderator"),
    )
    sponsor_name = models.CharField(_("sponsor"), max_length=150, blank=True)
    sponsor_on_board = models.BooleanField(
        _("the sponsor agrees to be named on the board"), default=False
    )
    case_owner_name = models.CharField(_("case owner"), max_length=150, blank=True)
    case_owner_on_board = models.BooleanField(
        _("the case owner agrees to be named on the board"), default=False
    )
    values_forward = models.PositiveSmallIntegerField(
        _("values that go forward"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many values the group chooses for the options phase."),
    )
    votes_per_participant = models.PositiveSmallIntegerField(
        _("votes per participant"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    private_writing = models.BooleanField(
        _("private writing"),
        default=False,
        help_text=_("Effects stay off the board until the moderator reveals them."),
    )
    dots_hidden = models.BooleanField(
        _("hide the dots until the vote closes"),
        default=True,
        help_text=_(
            "Participants and the board see the dots per value only once the vote is closed,"
            " so that nobody follows the crowd. The moderators always see them."
        ),
    )
    allow_display_names = models.BooleanField(
        _("participants may sign with their name"),
        default=False,
        help_text=_("By default every contribution is anonymous."),
    )
    join_code = models.CharField(_("join code"), max_length=12, unique=True, editable=False)
    # A follow-up session: the earlier session about the same technology, whose outcome the
    # moderators can show on the board during the case phase.
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("earlier session"),
    )

    # The live state, changed by the moderator's actions.
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.LOBBY)
    input_locked = models.BooleanField(default=False)
    voting_closed = models.BooleanField(default=False)
    timer_seconds = models.PositiveIntegerField(default=0)
    timer_started_at = models.DateTimeField(null=True, blank=True)
    spotlight = models.CharField(max_length=40, blank=True)
    show_previous = models.BooleanField(default=False)
    closed_at = BoundedDateTimeField(null=True, blank=True)
    # When the participants' data was removed after the organisation's retention period.
    participants_purged_at = models.DateTimeField(null=True, blank=True)
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.case} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("workshops:workshop", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def is_staff(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and user.pk in (
            self.moderator_id,
            self.co_moderator_id,
        )


class Participant(models.Model):
    """Someone in the room or online, without an account; known by a token in a cookie."""

    class Group(models.TextChoices):
        CITIZEN = "citizen", _("citizen")
        PROFESSIONAL = "professional", _("professional")
        POLICY = "policy", _("policy or management")
        TECHNICIAN = "technician", _("technician")
        OTHER = "other", _("other")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    display_name = models.CharField(_("name"), max_length=60, blank=True)
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=20, choices=Group.choices
    )
    consent_publication = models.BooleanField(_("agrees to publication of the anonymised report"))
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]

    def __str__(self):
        return self.display_name or f"#{self.pk}"


class Contribution(Languaged):
    """What participants (or the co-moderator as scribe) add; never deleted."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_name = models.CharField(max_length=60, blank=True)
    hidden = models.BooleanField(default=False)
    # The author corrected the text, or withdrew the item (then it is also hidden), while its
    # phase was open (workshops/own_actions.py).
    edited = models.BooleanField(default=False, editable=False)
    withdrawn = models.BooleanField(default=False, editable=False)
    # Set when the participants are removed (workshops.retention): the author had not agreed
    # to publication, so the library leaves this out although no seat is linked any more.
    withheld = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return getattr(self, "text", None) or getattr(self, "name", "")


class Question(Contribution):
    text = models.TextField(max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)])


class Actor(Contribution):
    LANGUAGE_FROM = ("name",)

    name = models.CharField(max_length=120)
    # A duplicate merged into another actor by the co-moderator; its effects moved there.
    merged_into = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="merged"
    )


class Effect(Contribution):
    class Polarity(models.TextChoices):
        POSITIVE = "positive", _("positive")
        NEGATIVE = "negative", _("negative")

    actor = models.ForeignKey(
        Actor, on_delete=models.RESTRICT, null=True, blank=True, related_name="effects"
    )
    polarity = models.CharField(max_length=8, choices=Polarity.choices)
    text = models.TextField(max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)])
    revealed = models.BooleanField(default=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="merged"
    )


class WorkshopValue(models.Model):
    """A value on this session's board: from the catalogue, or new; can be renamed, merged."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="values")
    value = models.ForeignKey(
        "values.Value", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The name in the platform's language (Dutch), falling back: what one name is shown
    # where no viewer's language applies. ``names`` gives it in both languages.
    name = models.CharField(max_length=80)
    # An own value's name in each language, as the co-moderators gave it ("" when not given:
    # the other language's name is shown). A catalogue value's names are the catalogue's.
    name_nl = models.CharField(max_length=80, blank=True)
    name_en = models.CharField(max_length=80, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="merged"
    )
    chosen = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "value"], name="catalogue_value_once_per_workshop"
            )
        ]

    def __str__(self):
        return self.label()

    @property
    def in_catalogue(self) -> bool:
        """A value of the platform's catalogue (not an organisation's own)."""
        return self.value_id is not None and self.value.organisation_id is None

    @property
    def names(self) -> dict[str, str]:
        """``{"nl": ..., "en": ...}``: the catalogue's names, or the own value's, each
        language falling back to the other (docs/live.md, "Values in every language")."""
        if self.in_catalogue:
            return {"nl": self.value.name_nl, "en": self.value.name_en}
        nl = self.name_nl or self.name_en or self.name
        return {"nl": nl, "en": self.name_en or self.name_nl or self.name}

    def label(self, language: str | None = None) -> str:
        """The name in ``language``, by default the active one (the viewer's)."""
        language = language or get_language() or "nl"
        return self.names["en" if language.startswith("en") else "nl"]


class EffectValue(models.Model):
    """The co-moderator's link from an effect to a value behind it."""

    effect = models.ForeignKey(Effect, on_delete=models.CASCADE, related_name="links")
    value = models.ForeignKey(WorkshopValue, on_delete=models.CASCADE, related_name="links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["effect", "value"], name="link_once"),
        ]

    def __str__(self):
        return f"{self.effect_id} → {self.value_id}"


class Vote(models.Model):
    """A participant's dots on one value in the transition phase."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    value = models.ForeignKey(WorkshopValue, on_delete=models.CASCADE, related_name="votes")
    dots = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "value"], name="one_vote_row_per_value"),
        ]

    def __str__(self):
        return f"{self.dots} × {self.value_id}"


class ActionOption(Contribution):
    class Direction(models.TextChoices):
        TECHNOLOGY = "technology", _("technology")
        ENVIRONMENT = "environment", _("environment")
        HUMAN = "human", _("human")

    value = models.ForeignKey(WorkshopValue, on_delete=models.RESTRICT, related_name="options")
    direction = models.CharField(max_length=12, choices=Direction.choices)
    text = models.TextField(max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)])


class Evaluation(Languaged):
    LANGUAGE_FROM = ("message",)

    class Changed(models.TextChoices):
        YES = "yes", _("yes")
        SOMEWHAT = "somewhat", _("somewhat")
        NO = "no", _("no")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="evaluation"
    )
    changed_view = models.CharField(max_length=10, choices=Changed.choices)
    message = models.TextField(
        max_length=TEXT_LIMIT, blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    quote_consent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.changed_view


# --- the anonymous outcome ------------------------------------------------------------------
#
# When the organisation's retention period has passed, ``workshops.retention.purge`` deletes
# the participants with their votes and evaluations and keeps only these counts, per
# stakeholder group and consent to publication (so that the library can still leave out
# those who did not agree). ``workshops.outcome`` reads a session's counts from whichever
# holds them.


class PerGroup(models.Model):
    """What every count is kept by: the stakeholder group, and consent to publication."""

    stakeholder_group = models.CharField(max_length=20, choices=Participant.Group.choices)
    consent_publication = models.BooleanField()

    class Meta:
        abstract = True


class SeatCount(PerGroup):
    """How many participants of a stakeholder group (with or without consent) took part."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="seat_counts")
    seats = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "stakeholder_group", "consent_publication"],
                name="one_seat_count_per_group",
            )
        ]

    def __str__(self):
        return f"{self.seats} × {self.stakeholder_group}"


class VoteCount(PerGroup):
    """The dots a stakeholder group (with or without consent) gave a value, and by how many."""

    value = models.ForeignKey(WorkshopValue, on_delete=models.CASCADE, related_name="vote_counts")
    dots = models.PositiveIntegerField()
    voters = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["value", "stakeholder_group", "consent_publication"],
                name="one_vote_count_per_group",
            )
        ]

    def __str__(self):
        return f"{self.dots} × {self.value_id} ({self.stakeholder_group})"


class EvaluationCount(PerGroup):
    """How many of a stakeholder group (with or without consent) gave one answer."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="evaluation_counts"
    )
    changed_view = models.CharField(max_length=10, choices=Evaluation.Changed.choices)
    answers = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "stakeholder_group", "consent_publication", "changed_view"],
                name="one_evaluation_count_per_answer",
            )
        ]

    def __str__(self):
        return f"{self.answers} × {self.changed_view} ({self.stakeholder_group})"


class EvaluationQuote(PerGroup):
    """A remark its author agreed to have quoted; counted in its ``EvaluationCount``."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="evaluation_quotes"
    )
    changed_view = models.CharField(max_length=10, choices=Evaluation.Changed.choices)
    message = models.TextField(max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.message
