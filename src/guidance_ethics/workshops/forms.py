from django import forms
from django.utils.translation import gettext_lazy as _

from guidance_ethics.accounts.access import colleagues
from guidance_ethics.lib.forms import TextForm
from guidance_ethics.workshops.actions import PLAN_FIELDS
from guidance_ethics.workshops.models import Participant, Workshop


class WorkshopForm(TextForm, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = list(PLAN_FIELDS)
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def __init__(self, *args, organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        members = colleagues(user, organisation)
        self.fields["moderator"].queryset = members
        self.fields["co_moderator"].queryset = members
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M"]


class JoinCodeForm(TextForm, forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class JoinForm(TextForm, forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=60,
        required=False,
        help_text=_("Optional. Without a name you take part anonymously."),
    )
    stakeholder_group = forms.ChoiceField(
        label=_("On behalf of which group do you take part?"),
        choices=Participant.Group.choices,
        widget=forms.RadioSelect,
    )
    consent_publication = forms.ChoiceField(
        label=_("May an anonymised report of this session be published?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        help_text=_("The report never names anyone (Chatham House rule)."),
    )
