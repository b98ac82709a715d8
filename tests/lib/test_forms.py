"""lib/forms.py: every form of the platform cleans its text as the actions do (issue 22,
findings 4, 6 and 13): one rule, in ``TextForm``."""

import importlib
import pkgutil

import pytest
from django import forms
from django.core import mail
from django.urls import reverse
from django.utils import translation

import guidance_ethics
from guidance_ethics.followup import request_actions as session_requests
from guidance_ethics.followup.models import SessionRequest
from guidance_ethics.lib.forms import TextForm
from tests.followup.test_requests import FORM, _mail_after_commit  # noqa: F401 (autouse: mail)


def _forms():
    for module in pkgutil.walk_packages(guidance_ethics.__path__, "guidance_ethics."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("guidance_ethics.") and cls.__module__.endswith(".forms"):
            found.append(cls)
    return found


def test_every_form_of_the_platform_cleans_its_text():
    found = _forms()
    assert len(found) > 30
    assert [f.__qualname__ for f in found if not issubclass(f, TextForm)] == []


class Sample(TextForm, forms.Form):
    name = forms.CharField(label="Name", max_length=80)
    story = forms.CharField(label="Story", widget=forms.Textarea, required=False)
    password = forms.CharField(widget=forms.PasswordInput, strip=False, required=False)


@pytest.mark.parametrize("br", ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"])
def test_a_single_line_field_refuses_a_line_break_and_names_the_field(br):
    with translation.override("en"):
        form = Sample({"name": f"Jan{br}Bcc: iedereen@evil.test"})
        assert not form.is_valid()
        assert form.errors["name"] == ["“Name” must be a single line: leave out the line breaks."]
    with translation.override("nl"):
        form = Sample({"name": f"Jan{br}Jansen"})
        assert not form.is_valid()
        assert "moet op één regel" in form.errors["name"][0]


def test_a_text_area_keeps_its_line_breaks_and_a_password_is_taken_as_typed():
    form = Sample({"name": " Jan\uffff ", "story": "een\r\ntwee\u2028drie", "password": " \u200b "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "Jan", "story": "een\ntwee\ndrie", "password": " \u200b "}


@pytest.mark.parametrize("blank", ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u00a0\u3000"])
def test_a_required_field_refuses_text_with_nothing_visible(blank):
    form = Sample({"name": blank, "story": blank})
    assert not form.is_valid()
    assert form.errors.as_data()["name"][0].code == "required"
    assert Sample({"name": "Jan", "story": blank}).is_valid()  # not required: empty


# --- the request for a session (the notification mail failed after the row was stored) ---


@pytest.mark.parametrize(
    "field", ["name", "email", "requester_organisation", "technology", "preferred_dates"]
)
@pytest.mark.parametrize("br", ["\n", "\r", "\u2028"])
def test_a_line_break_in_a_requests_single_line_field_is_refused_and_nothing_is_sent(
    client, org_a, alice, field, br
):
    data = {**FORM, "organisation": org_a.pk, field: f"{FORM[field]}{br}Bcc: x@evil.test"}
    response = client.post(reverse("followup:request_session"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not SessionRequest.objects.exists()
    assert mail.outbox == []


def test_a_request_keeps_the_line_breaks_of_its_text_areas(client, org_a, alice):
    data = {**FORM, "organisation": org_a.pk, "context": "Eerste regel.\r\nTweede regel."}
    response = client.post(reverse("followup:request_session"), data)
    assert response.status_code == 302
    assert SessionRequest.objects.get().context == "Eerste regel.\nTweede regel."


def test_the_action_refuses_a_line_break_in_a_name_too(db, org_a):
    from django.core.exceptions import ValidationError

    values = {k: v for k, v in FORM.items() if k != "expected_participants"}
    values.update(organisation=org_a, expected_participants=25, name="Vera\nBcc: x@evil.test")
    with pytest.raises(ValidationError) as error:
        session_requests.submit_request(None, **values)
    assert "name" in error.value.message_dict
    assert not SessionRequest.objects.exists()
