from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guidance_ethics.accounts.models import PRACTICE_SLUG, Organisation
from guidance_ethics.accounts.roles import Role
from guidance_ethics.lib.forms import TextForm
from guidance_ethics.training.community import linkable_cases
from guidance_ethics.training.models import RUBRIC, SCALE, TEXT_LIMIT
from guidance_ethics.workshops.models import Workshop

User = get_user_model()


def _person(user) -> str:
    return user.full_name or user.email


class CohortForm(TextForm, forms.Form):
    name = forms.CharField(label=_("Name of the cohort"), max_length=200)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.exclude(slug=PRACTICE_SLUG).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )


class EnrolForm(TextForm, forms.Form):
    trainee = forms.ModelChoiceField(label=_("Trainee"), queryset=User.objects.none())

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainee"].queryset = (
            User.objects.filter(memberships__organisation__in=cohort.organisations.all())
            .exclude(enrolments__cohort=cohort)
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["trainee"].label_from_instance = _person


class LinkPracticeForm(TextForm, forms.Form):
    workshop = forms.ModelChoiceField(label=_("Session"), queryset=Workshop.objects.none())
    supervisor = forms.ModelChoiceField(
        label=_("Supervising moderator"), queryset=User.objects.none()
    )

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        enrolment = step.enrolment
        role = "co_moderator" if step.kind == "co_moderate" else "moderator"
        self.fields["workshop"].queryset = Workshop.objects.filter(
            **{role: enrolment.trainee}
        ).select_related("case")
        self.fields["workshop"].label_from_instance = lambda w: (
            f"{w.case.title}, {w.starts_at:%d-%m-%Y %H:%M}"
        )
        experienced = Q(
            memberships__organisation=enrolment.organisation,
            memberships__role__in=[Role.MODERATOR, Role.COORDINATOR, Role.ADMIN],
        )
        self.fields["supervisor"].queryset = (
            User.objects.filter(experienced | Q(cohorts_trained=enrolment.cohort))
            .exclude(pk=enrolment.trainee_id)
            .distinct()
            .order_by("full_name", "email")
        )
        self.fields["supervisor"].label_from_instance = _person


class SignOffForm(TextForm, forms.Form):
    feedback = forms.CharField(
        label=_("Feedback for the trainee"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in RUBRIC:
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=label, choices=SCALE, coerce=int, widget=forms.RadioSelect
            )

    def scores(self) -> dict:
        return {key: self.cleaned_data[f"score_{key}"] for key, _label in RUBRIC}


class PostForm(TextForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Message"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 5})
    )
    case = forms.ModelChoiceField(
        label=_("Link a case"),
        queryset=None,
        required=False,
        help_text=_("A published case, or one of your organisation."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = linkable_cases(user).order_by("title")


class ReplyForm(TextForm, forms.Form):
    text = forms.CharField(
        label=_("Your reply"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
