import hashlib

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidance_ethics.accounts.roles import Role


def normalise_email(email: str) -> str:
    """E-mail addresses are compared without regard to case, so they are stored lower-case.
    Every address typed in (login, password reset, invitations, the login lock's count) goes
    through this, and is then looked up exactly: a database's own case-insensitive match
    (PostgreSQL's UPPER takes ı and ſ for I and S) would let a spelling in that the login
    lock counts as another address."""
    return email.strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def with_email(self, email: str):
        """The account with this address, however its case and surrounding spaces were typed."""
        return self.filter(email=normalise_email(email))

    def get_by_natural_key(self, username):
        return self.with_email(username).get()

    def create_user(self, email, password=None, **fields):
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: staff of an organisation. Participants need no account."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("platform administrator"),
        default=False,
        help_text=_("May use the management pages and create organisations."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


# The platform's practice organisation ("Oefenomgeving", training/practice.py): every trainee
# is a coordinator of it, yet each sees only their own practice work (accounts/access.py).
PRACTICE_SLUG = "oefenomgeving"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("police")
        MUNICIPALITY = "municipality", _("municipality")
        PROVINCE = "province", _("province")
        MINISTRY = "ministry", _("ministry")
        SAFETY_REGION = "safety_region", _("safety region")
        COMPANY = "company", _("company")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    require_two_factor = models.BooleanField(
        _("two-step verification required"),
        default=False,
        help_text=_("Every member must log in with a code from an authenticator app."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days participants' data is kept"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "After a session closes, participants' data (their access, names and remarks not "
            "to be quoted) is removed after this many days; the anonymous outcome stays."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_practice(self) -> bool:
        return self.slug == PRACTICE_SLUG


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    def has_role(self, minimum: Role) -> bool:
        return Role(self.role).includes(minimum)


def hash_token(token: str) -> str:
    """Invitation tokens are stored hashed, so a copy of the database lets nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ApiToken(models.Model):
    """A personal token for the API (``Authorization: Bearer ge_…``); stored hashed."""

    PREFIX = "ge_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        _("name"),
        max_length=80,
        help_text=_("What you use it for, so that you recognise it later."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Made in a login that passed two-step verification. A token made without it stops
    # working once its owner must give a code (docs/security.md).
    two_factor = models.BooleanField(_("made with two-step verification"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class LoginSession(models.Model):
    """One logged-in browser of a person: what the "your sessions" page lists and what "log
    out everywhere" ends. Keyed by Django's session key; no IP address is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("logged in"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last active"), default=timezone.now)
    # The browser, as it names itself, cut short: only for the person to recognise it.
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
