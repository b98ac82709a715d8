from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from guidance_ethics.accounts.access import colleagues, partner_organisations
from guidance_ethics.accounts.models import Organisation
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.followup.actions import final_value
from guidance_ethics.followup.models import TEXT_LIMIT, Action, SessionRequest
from guidance_ethics.followup.request_actions import REQUEST_FIELDS
from guidance_ethics.lib.forms import TextForm
from guidance_ethics.workshops.models import ActionOption

DIRECTIONS = [
    ("", _("all")),
    ("technology", _("technology")),
    ("environment", _("environment")),
    ("human", _("human")),
]


class OptionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, option):
        return f"{final_value(option).name} · {option.get_direction_display()}: {option.text}"


class CreateActionsForm(TextForm, forms.Form):
    options = OptionChoiceField(
        label=_("Options for action"),
        queryset=ActionOption.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each option you tick becomes an action with status “proposed”."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].queryset = (
            ActionOption.objects.filter(
                workshop__case=case,
                workshop__closed_at__isnull=False,
                hidden=False,
                action__isnull=True,
            )
            .select_related("value__merged_into")
            .order_by("workshop__starts_at", "value_id", "direction", "id")
        )


class ActionForm(TextForm, forms.Form):
    title = forms.CharField(
        label=_("Action"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (person)"), queryset=get_user_model().objects.none(), required=False
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner (partner organisation)"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("An organisation that carries out the action; it then sees and updates it."),
    )
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, action, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues(user, action.organisation)
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email
        self.fields["owner_organisation"].queryset = (
            partner_organisations().exclude(pk=action.organisation_id).order_by("name")
        )


class ProgressForm(TextForm, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("no change")), *Action.Status.choices],
        required=False,
    )
    text = forms.CharField(
        label=_("Progress note"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    drop_reason = forms.CharField(
        label=_("Reason for dropping"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the action is dropped."),
    )


class ShareActionForm(TextForm, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            partner_organisations()
            .exclude(pk=action.organisation_id)
            .exclude(shared_actions__action=action)
            .order_by("name")
        )


class ActionFilterForm(TextForm, forms.Form):
    technology = forms.ModelChoiceField(
        label=_("Technology"), queryset=Technology.objects.none(), required=False
    )
    value = forms.ChoiceField(label=_("Value"), required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=DIRECTIONS, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *Action.Status.choices], required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=get_user_model().objects.none(), required=False
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args, organisation, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technology"].queryset = (
            Technology.objects.filter(cases__actions__in=actions).distinct().order_by("name")
        )
        names = sorted(set(actions.values_list("value_name", flat=True)) - {""})
        self.fields["value"].choices = [("", _("all"))] + [(n, n) for n in names]
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(owned_actions__in=actions).distinct()
        )
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v}


class SessionRequestForm(TextForm, forms.ModelForm):
    # A field people do not see and robots fill in: a request with it is dropped.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = SessionRequest
        fields = list(REQUEST_FIELDS)
        widgets = {
            "context": forms.Textarea(attrs={"rows": 4}),
            "question": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations().order_by("name")
        self.fields["organisation"].empty_label = _("I do not know; the platform passes it on")
        self.fields["organisation"].help_text = _("The organisation you ask to hold the session.")
        self.fields["technology_kind"] = forms.ChoiceField(
            label=_("Type of technology"), choices=Technology.Kind.choices
        )
        self.fields["phase"] = forms.ChoiceField(
            label=_("Phase of implementation"), choices=Case.Phase.choices
        )
        self.fields["context"].help_text = _("Where and how the technology is or will be used.")
        self.fields["question"].help_text = _("What you want the session to answer.")
        self.fields["preferred_dates"].help_text = _("For example: mornings in March.")
        self.fields["expected_participants"].min_value = 1
        self.fields["expected_participants"].max_value = 100000
        self.fields["expected_participants"].widget.attrs.update(min=1, max=100000)

    def clean_expected_participants(self):
        value = self.cleaned_data["expected_participants"]
        if value is not None and not 1 <= value <= 100000:
            raise forms.ValidationError(_("Give a number from 1 to 100,000."))
        return value


class ExistingTechnologyForm(TextForm, forms.Form):
    existing = forms.ModelChoiceField(
        label=_("An existing technology"),
        queryset=Technology.objects.none(),
        required=False,
        empty_label=_("a new technology, described below"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"].queryset = Technology.objects.filter(
            organisation=organisation
        ).order_by("name")


class DeclineForm(TextForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the requester"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignForm(TextForm, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Pass on to"), queryset=partner_organisations().order_by("name")
    )
