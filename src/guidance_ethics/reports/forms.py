from django import forms
from django.utils.translation import gettext_lazy as _

from guidance_ethics.accounts.models import User
from guidance_ethics.lib.forms import TextForm
from guidance_ethics.reports.models import Report


class ReportForm(TextForm, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["summary", "next_steps", "name_moderators"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 10}),
            "next_steps": forms.Textarea(attrs={"rows": 6}),
        }


class ImportForm(TextForm, forms.Form):
    document = forms.FileField(
        label=_("Exchange file (JSON)"),
        help_text=_("A file exported from guidance-ethics, at most 10 MB."),
    )
    moderator = forms.ModelChoiceField(
        label=_("Moderator of the imported sessions"),
        queryset=None,
        help_text=_("The people of the other installation do not travel with the file."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["moderator"].queryset = User.objects.filter(
            memberships__organisation=organisation
        ).order_by("full_name", "email")
