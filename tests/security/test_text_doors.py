"""Every door by which text reaches the database passes lib/text.py's ``clean`` (issue 22,
findings 4, 6 and 13): staff, participants, the admin (through the actions), community
posts, publication texts. Each is tested with what XML cannot hold (removed), with text of
nothing visible (refused where required) and, for names, with a line break (refused)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guidance_ethics.accounts import actions as accounts
from guidance_ethics.accounts.models import ApiToken, Organisation, User
from guidance_ethics.cases import actions as cases
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.training import actions as training
from guidance_ethics.training.models import Post
from guidance_ethics.workshops import actions as workshops

BAD = "\uffff\ufffe\ufdd0\U0001fffe"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000"


def test_organisation_names_are_cleaned_and_single_line(db):
    organisation = accounts.create_organisation(SYSTEM, name=f"Gemeente{BAD} X", kind="other")
    assert organisation.name == "Gemeente X"
    with pytest.raises(ValidationError) as error:
        accounts.update_organisation(SYSTEM, organisation, name="Gemeente\nX", kind="other")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError):
        accounts.create_organisation(SYSTEM, name=INVISIBLE, kind="other")
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Gemeente X"]


def test_the_organisation_form_refuses_a_line_break_in_the_name(client, staff):
    client.force_login(staff)
    url = reverse("accounts:organisation_create")
    response = client.post(url, {"name": "Ministerie\u2028van X", "kind": "ministry"})
    assert response.status_code in (200, 400)
    assert "name" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_names_of_people_and_tokens_are_cleaned(db, alice):
    user = accounts.create_user(
        SYSTEM, email="eve@a.test", password=None, full_name=f"Eve{BAD} Even"
    )
    assert user.full_name == "Eve Even"
    with pytest.raises(ValidationError):
        accounts.create_user(SYSTEM, email="f@a.test", password=None, full_name="F\r\nBcc: x")
    token, _secret = accounts.create_api_token(alice, name=f"Koppeling{BAD}")
    assert token.name == "Koppeling"
    with pytest.raises(ValidationError):
        accounts.create_api_token(alice, name=INVISIBLE)
    assert not User.objects.filter(email="f@a.test").exists()
    assert ApiToken.objects.count() == 1


def test_technologies_cases_and_session_plans_are_cleaned(db, org_a, alice, case):
    from django.utils import timezone

    with pytest.raises(ValidationError) as error:
        cases.register_technology(
            alice, org_a, name="Drone\nzwerm", kind="drone", description="Zwermen."
        )
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError):
        cases.update_case(alice, case, title=INVISIBLE)
    cases.update_case(alice, case, context=f"Eerste regel{BAD}.\nTweede regel.")
    case.refresh_from_db()
    assert case.context == "Eerste regel.\nTweede regel."
    with pytest.raises(ValidationError) as error:
        workshops.plan_workshop(
            alice,
            case,
            starts_at=timezone.now(),
            format="physical",
            moderator=alice,
            sponsor_name="Wethouder\nBcc: x",
        )
    assert "sponsor_name" in error.value.message_dict


def test_community_posts_are_cleaned_and_refuse_invisible_text(db, mona):
    with pytest.raises(ValidationError) as error:
        training.add_post(mona, None, title=INVISIBLE, text="Een vraag.")
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError):
        training.add_post(mona, None, title="Vraag", text=INVISIBLE)
    with pytest.raises(ValidationError):
        training.add_post(mona, None, title="Vraag\nover drones", text="Een vraag.")
    post = training.add_post(mona, None, title=f"Vraag{BAD}", text=f"Een{BAD} vraag.")
    assert (post.title, post.text) == ("Vraag", "Een vraag.")
    reply = training.add_reply(mona, post, text=f"Antwoord{BAD}")
    assert reply.text == "Antwoord"
    with pytest.raises(ValidationError):
        training.add_reply(mona, post, text=INVISIBLE)
    assert Post.objects.count() == 1


# --- mail built from a row stored before names had to be one line --------------------------


def test_an_invitation_from_an_organisation_stored_with_a_line_break_is_sent(
    db, org_a, alice, mailoutbox, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=org_a.pk).update(name="Politie\nEenheid A")
    org_a.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        accounts.invite_member(alice, org_a, email="nieuw@a.test", role="member")
    assert len(mailoutbox) == 1
    assert "Politie Eenheid A" in mailoutbox[0].subject


def test_a_request_stored_with_a_line_break_still_mails_its_steps(
    db, org_a, alice, staff, mailoutbox, django_capture_on_commit_callbacks
):
    from guidance_ethics.followup import request_actions as session_requests
    from guidance_ethics.followup.models import SessionRequest
    from tests.followup.test_requests import FORM

    values = {k: v for k, v in FORM.items() if k != "expected_participants"}
    made = session_requests.submit_request(
        None, **values, organisation=None, expected_participants=25
    )
    SessionRequest.objects.filter(pk=made.pk).update(technology="Camera's\nBcc: x@evil.test")
    made.refresh_from_db()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_requests.assign_request(staff, made, org_a)  # tells A's coordinators
    assert mailoutbox
    assert all("\n" not in mail.subject for mail in mailoutbox)


def test_the_admin_refuses_a_line_break_in_an_organisation_name_and_cleans_the_rest(client, staff):
    client.force_login(staff)
    url = reverse("admin:accounts_organisation_add")
    page = client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    inline = {f"{prefix}-{key}": 0 for key in ("TOTAL_FORMS", "INITIAL_FORMS")}
    response = client.post(url, {"name": "Gemeente\nX", "kind": "other", "slug": "x", **inline})
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert not Organisation.objects.exists()
    response = client.post(
        url, {"name": f"Gemeente{BAD} Y", "kind": "other", "slug": "y", **inline}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Organisation.objects.get().name == "Gemeente Y"


def test_value_suggestions_refuse_text_with_nothing_visible(client, db):
    import json

    url = reverse("api:value_suggestions")
    body = json.dumps({"text": INVISIBLE})
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
