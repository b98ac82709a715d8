"""Helpers shared by the views' forms."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from guidance_ethics.lib.text import clean


class TextForm:
    """The first base of every form of the platform (tests/lib/test_forms.py checks it): each
    text field's value passes ``lib.text.clean``, as the actions' input does. A field whose
    widget is not a text area is a single line and refuses line breaks; a required field
    refuses text with nothing visible in it. Passwords are taken as typed."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if (
                not isinstance(value, str)
                or not isinstance(field, forms.CharField)
                or isinstance(field.widget, forms.PasswordInput)
            ):
                continue
            try:
                cleaned[name] = clean(
                    value,
                    name,
                    single_line=not isinstance(field.widget, forms.Textarea),
                    required=field.required,
                    label=str(field.label or name),
                )
            except ValidationError as error:
                self.add_error(name, error.error_dict[name])
        return cleaned


def bound_data(request):
    """The POST data to bind a form to, or None for a GET.

    Not ``request.POST or None``: an empty POST is still a submission, and must show the
    form's errors.
    """
    return request.POST if request.method == "POST" else None


def run_action(form, action, *args, field_map=None, **kwargs):
    """Call an action; if it refuses with a ValidationError, put the errors on the form.

    Returns the action's result, or None when it refused (the form is then invalid and
    nothing was written, since actions validate before they write). ``field_map`` renames
    an action's field to the form's (``{"password": "password1"}``).
    """
    field_map = field_map or {}
    try:
        return action(*args, **kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                field = field_map.get(field, field)
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def first_error(error: ValidationError) -> str:
    """One readable sentence from a ValidationError, for messages outside a form."""
    messages = error.message_dict.get(NON_FIELD_ERRORS) if hasattr(error, "error_dict") else None
    return (messages or error.messages)[0]
