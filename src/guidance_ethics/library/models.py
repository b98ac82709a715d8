"""The case library: publications, sharing between organisations, and the search index.

A ``Publication`` carries a case from the coordinator's draft (consent choice, redactions)
through an administrator's approval to a public page, and keeps the published content
frozen as an exchange-format case document, so that what the public reads does not change
when the session's data does. ``CaseShare`` opens an unpublished case to a named partner
organisation. ``Entry`` rows are the library's index: one public entry per published case
(from the frozen document) and one private entry per case (for its own organisation and
partners); they carry the filters and the text that full-text search reads.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from guidance_ethics.lib.dates import BoundedDateField
from guidance_ethics.values.synonyms import catalogue_names

REASON_LIMIT = 2000


class Publication(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        PROPOSED = "proposed", _("awaiting approval")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Consent(models.TextChoices):
        LEAVE_OUT = "leave_out", _("leave out the contributions of those who did not consent")
        WAIT = "wait", _("wait until every participant has consented")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="publication")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="publications"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    consent = models.CharField(
        _("participants without consent"),
        max_length=10,
        choices=Consent.choices,
        default=Consent.LEAVE_OUT,
    )
    # {path: {"original": text, "text": replacement}}: a redaction holds only while the
    # original text is unchanged.
    redactions = models.JSONField(default=dict, blank=True)
    # {path: original text}: findings the coordinator judged not to identify anyone.
    dismissed = models.JSONField(default=dict, blank=True)
    # The published case, in the exchange format (one element of its "cases").
    document = models.JSONField(null=True, blank=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(
        _("reason"),
        blank=True,
        max_length=REASON_LIMIT,
        validators=[MaxLengthValidator(REASON_LIMIT)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"{self.case} ({self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CaseShare(models.Model):
    """An unpublished case opened to a partner organisation's members."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="shared_cases",
        verbose_name=_("partner organisation"),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("shared since"), auto_now_add=True)

    class Meta:
        verbose_name = _("shared case")
        verbose_name_plural = _("shared cases")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="share_once"),
        ]

    def __str__(self):
        return f"{self.case} → {self.organisation}"


class Entry(models.Model):
    """A case as the library finds it: audience, filters, summary and what the insights
    count."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    public = models.BooleanField()
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    organisation_kind = models.CharField(max_length=20)
    technology_kind = models.CharField(max_length=20)
    technology_ref = models.PositiveIntegerField(default=0)  # the Technology's key
    domain = models.CharField(max_length=30)
    phase = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    organisation_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    technology = models.CharField(max_length=200)
    date = BoundedDateField()
    summary = models.TextField()
    sessions = models.PositiveSmallIntegerField(default=0)
    effects = models.PositiveIntegerField(default=0)
    option_count = models.PositiveIntegerField(default=0)
    # The catalogue values at stake, one bit each (``insights.catalogue_bits``), so that
    # the insights count values together in one pass over the entries.
    values_mask = models.BigIntegerField(default=0)
    # Per direction, the catalogue values with an option for action in that direction.
    options_technology = models.BigIntegerField(default=0)
    options_environment = models.BigIntegerField(default=0)
    options_human = models.BigIntegerField(default=0)
    # PostgreSQL only: the Dutch tsvector of title and text (the text itself is not kept
    # here, so that rows stay small), with a GIN index made in the migration. SQLite
    # searches the FTS5 table ``library_fts`` instead (see ``search.py``).
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "public"], name="entry_once_per_audience"),
        ]
        indexes = [
            # No index per filter: searches start from the text index, listings from the
            # date, and the insights scan; an index per filter only tempts SQLite's planner
            # into reading the table out of order (docs/performance.md).
            models.Index(fields=["public", "-date"], name="entry_public_date"),
            # The technologies discussed in more than one phase (``insights.between_phases``).
            models.Index(fields=["public", "technology_ref", "phase"], name="entry_technology"),
            # Covers the insights' one pass over the entries (``insights.summary``).
            models.Index(
                fields=[
                    "public",
                    "technology_kind",
                    "domain",
                    "phase",
                    "year",
                    "values_mask",
                    "options_technology",
                    "options_environment",
                    "options_human",
                ],
                name="entry_insights",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({'public' if self.public else 'private'})"


class EntryValue(models.Model):
    """A value at stake in an entry's case: raised (linked to effects) and/or chosen."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="values")
    # The entry's audience, so that the insights count public values from an index alone.
    public = models.BooleanField()
    key = models.CharField(max_length=60, blank=True)  # catalogue key; empty for own values
    name = models.CharField(max_length=80)
    effects = models.PositiveIntegerField(default=0)
    chosen = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["key", "entry"], name="entryvalue_key"),
            # Covers the insights' count per value (docs/performance.md).
            models.Index(fields=["key", "public", "effects", "chosen"], name="entryvalue_counts"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: a catalogue value's from the catalogue."""
        names = catalogue_names(self.key)
        if names is None:
            return self.name
        return names["en" if (get_language() or "nl").startswith("en") else "nl"]


class EntryOption(models.Model):
    """An option for action in an entry's case, for the insights per value and direction."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(max_length=60, blank=True)
    value_name = models.CharField(max_length=80)
    direction = models.CharField(max_length=12)
    text = models.TextField()

    def __str__(self):
        return self.text
