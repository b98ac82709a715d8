from django import forms

from guidance_ethics.cases.actions import CASE_FIELDS, TECHNOLOGY_FIELDS
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.lib.forms import TextForm


class TechnologyForm(TextForm, forms.ModelForm):
    class Meta:
        model = Technology
        fields = list(TECHNOLOGY_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class CaseForm(TextForm, forms.ModelForm):
    class Meta:
        model = Case
        fields = list(CASE_FIELDS)
        widgets = {
            "context": forms.Textarea(attrs={"rows": 5}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "question": forms.Textarea(attrs={"rows": 3}),
        }
