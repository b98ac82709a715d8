from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from guidance_ethics.accounts.models import Organisation, User, normalise_email
from guidance_ethics.accounts.roles import Role
from guidance_ethics.lib.forms import TextForm


class EmailAuthenticationForm(TextForm, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct."),
        "inactive": _("This account is not active."),
    }

    def clean_username(self):
        """The address as stored, before authentication and its lock (django-axes) see it:
        ``Alice@…`` and `` alice@… `` are the account ``alice@…`` and share its count."""
        return normalise_email(self.cleaned_data["username"])


class EmailPasswordResetForm(TextForm, PasswordResetForm):
    """Django's form, with the address normalised (the limit per address counts every
    spelling as one) and looked up exactly as stored."""

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def get_users(self, email):
        return (
            user
            for user in User.objects.with_email(email).filter(is_active=True)
            if user.has_usable_password()
        )


class OrganisationForm(TextForm, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind"]


class InviteForm(TextForm, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(TextForm, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RegisterForm(TextForm, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class ApiTokenForm(TextForm, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What you use it for, so that you recognise it later."),
    )


class CodeForm(TextForm, forms.Form):
    """A code from the authenticator app (six digits) or a recovery code."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


class ReauthenticateForm(TextForm, forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class OrganisationPolicyForm(TextForm, forms.ModelForm):
    """An organisation administrator's rules: two-step verification, retention."""

    class Meta:
        model = Organisation
        fields = ["require_two_factor", "retention_days"]
        labels = {"require_two_factor": _("Every member must use two-step verification")}


class EmailChangeForm(TextForm, forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
