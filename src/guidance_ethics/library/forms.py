from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from guidance_ethics.accounts.access import partner_organisations
from guidance_ethics.accounts.models import Organisation
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.lib.forms import TextForm
from guidance_ethics.library.models import REASON_LIMIT, Publication
from guidance_ethics.library.queries import Filters
from guidance_ethics.values.models import Value


def _any(choices):
    """A filter's options, each capitalised as a label that stands alone (as organisation
    types are on every other page)."""
    return [("", capfirst(_("all"))), *((key, capfirst(label)) for key, label in choices)]


class LibraryForm(TextForm, forms.Form):
    """The library's search and filters; field names are the query string's (Dutch)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    domein = forms.ChoiceField(label=_("Domain"), required=False, choices=_any(Case.Domain.choices))
    technologie = forms.ChoiceField(
        label=_("Type of technology"), required=False, choices=_any(Technology.Kind.choices)
    )
    organisatie = forms.ChoiceField(
        label=_("Kind of organisation"), required=False, choices=_any(Organisation.Kind.choices)
    )
    fase = forms.ChoiceField(
        label=_("Phase of implementation"), required=False, choices=_any(Case.Phase.choices)
    )
    waarde = forms.ChoiceField(label=_("Value"), required=False)
    jaar = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    sorteer = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("relevance")), ("date", _("date"))],
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["waarde"].choices = _any(
            (v.key, v.name) for v in Value.objects.filter(organisation=None).order_by("name_nl")
        )
        self.fields["jaar"].choices = _any((y, str(y)) for y in years)

    def filters(self) -> Filters:
        """The search as ``queries`` takes it; call after ``is_valid()``."""
        data = self.cleaned_data
        return Filters(
            query=data.get("q") or "",
            domain=data.get("domein") or "",
            technology_kind=data.get("technologie") or "",
            organisation_kind=data.get("organisatie") or "",
            phase=data.get("fase") or "",
            value=data.get("waarde") or "",
            year=data.get("jaar"),
            sort=data.get("sorteer") or "relevance",
        )


class ReasonForm(TextForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(TextForm, forms.Form):
    consent = forms.ChoiceField(
        label=_("Participants who did not consent to publication"),
        choices=Publication.Consent.choices,
        widget=forms.RadioSelect,
    )


class ShareForm(TextForm, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Every other organisation but the practice one: choosing a partner means seeing
        # the names of all organisations on the platform (docs/security.md).
        self.fields["organisation"].queryset = (
            partner_organisations()
            .exclude(pk=case.organisation_id)
            .exclude(shared_cases__case=case)
        )
