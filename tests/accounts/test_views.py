import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from guidance_ethics.accounts import actions
from guidance_ethics.accounts.models import Invitation, Membership, User
from tests.conftest import PASSWORD


def login_post(client, email, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_login_with_email_and_password(client, alice):
    response = login_post(client, "ALICE@a.test", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")


def test_wrong_password_shows_a_dutch_error(client, alice):
    response = login_post(client, "alice@a.test", "wrong-password")
    assert response.status_code == 200
    assert "Het e-mailadres of het wachtwoord is niet juist." in response.content.decode()


def test_failed_logins_lock_the_account_from_any_address(client, alice, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, "alice@a.test", "wrong", address=f"10.0.1.{attempt}")
    response = login_post(client, "alice@a.test", PASSWORD, address="10.0.2.1")
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()


RESPELLINGS = ["Alice@a.test", "ALICE@A.TEST", " alice@a.test ", "\talice@A.test\n"]


def test_a_respelled_address_counts_against_the_same_lock(client, alice, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, RESPELLINGS[attempt % 4], "wrong", address=f"10.0.4.{attempt}")
    for number, spelling in enumerate(["alice@a.test", *RESPELLINGS]):
        response = login_post(client, spelling, PASSWORD, address=f"10.0.5.{number}")
        assert response.status_code == 429, spelling
    # The management site's own login form is held by the same count.
    admin_login = client.post(
        "/beheer/login/", {"username": "ALICE@a.test", "password": PASSWORD}, REMOTE_ADDR="10.0.5.9"
    )
    assert admin_login.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_counts_by_the_normalised_address_wherever_it_reads_it(rf):
    from guidance_ethics.accounts.security import lockout_username

    request = rf.post("/inloggen/", {"username": " Alice@A.test "})
    assert lockout_username(request, None) == "alice@a.test"
    assert lockout_username(request, {"username": "ALICE@a.test\n"}) == "alice@a.test"
    assert lockout_username(rf.post("/inloggen/", {}), None) == ""


def test_only_the_address_itself_logs_in(client, alice, settings):
    """A spelling that only a database's own case rules equate with the address (a dotless
    ı: PostgreSQL's UPPER makes it I) is another address, with its own count: it must not log
    in to the account its count does not protect."""
    response = login_post(client, "al\u0131ce@a.test", PASSWORD, address="10.0.6.1")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failed_logins_lock_the_address_for_any_account(client, alice, bob, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, f"nobody{attempt}@a.test", "wrong", address="10.0.3.1")
    response = login_post(client, "bob@a.test", PASSWORD, address="10.0.3.1")
    assert response.status_code == 429
    # Another address is not affected.
    assert login_post(client, "bob@a.test", PASSWORD, address="10.0.3.2").status_code == 302


def test_password_reset_mail_goes_through_django_mail(client, alice):
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@a.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/wachtwoord/nieuw/" in mail.outbox[0].body


def test_password_reset_for_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@a.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_admin_invites_and_invitee_registers(
    client, alice, org_a, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invite", args=[org_a.slug]),
            {"email": "dana@a.test", "role": "moderator"},
        )
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/uitnodiging/" in line)
    client.logout()
    path = link[link.index("/uitnodiging/") :]
    page = client.get(path)
    assert "Deelnemen aan Politie Eenheid A" in page.content.decode()
    response = client.post(
        path, {"full_name": "Dana Dijk", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    dana = User.objects.get(email="dana@a.test")
    assert Membership.objects.get(user=dana, organisation=org_a).role == "moderator"
    # The link works once.
    assert client.get(path).status_code == 404


def test_an_invitation_to_a_respelled_address_is_for_the_account_itself(
    client, alice, bob, charlie, org_a, org_b
):
    with pytest.raises(ValidationError, match="al lid van de organisatie"):
        actions.invite_member(alice, org_a, email=" BOB@A.test ", role="member")
    _first, _token = actions.invite_member(charlie, org_b, email="Bob@a.test", role="member")
    invitation, token = actions.invite_member(charlie, org_b, email=" BOB@A.TEST ", role="member")
    assert invitation.email == "bob@a.test"
    assert Invitation.objects.filter(organisation=org_b, revoked_at=None).count() == 1
    url = reverse("accounts:invitation", args=[token])
    assert "accounts/invitation_login.html" in [t.name for t in client.get(url).templates]
    assert login_post(client, " Bob@A.Test", PASSWORD).status_code == 302
    assert client.post(url).status_code == 302
    assert Membership.objects.get(user=bob, organisation=org_b).role == "member"


def test_registration_errors_are_shown_and_nothing_is_created(client, alice, org_a):
    _invitation, token = actions.invite_member(alice, org_a, email="dana@a.test", role="member")
    url = reverse("accounts:invitation", args=[token])
    response = client.post(url, {"full_name": "Dana", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(email="dana@a.test").exists()


def test_invalid_invite_form_shows_errors(client, alice, org_a):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:invite", args=[org_a.slug]), {"email": "geen-adres", "role": "koning"}
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_demoting_the_last_admin_shows_a_message(client, alice, org_a):
    client.force_login(alice)
    membership = Membership.objects.get(user=alice)
    response = client.post(
        reverse("accounts:change_role", args=[org_a.slug, membership.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "ten minste één beheerder" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_staff_creates_organisation(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:organisation_create"), {"name": "Ministerie van X", "kind": "ministry"}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:members", args=["ministerie-van-x"])


@pytest.mark.parametrize("size", [1, 6])
def test_members_page_queries_do_not_grow_with_members(
    client, alice, org_a, django_assert_num_queries, size
):
    from guidance_ethics.lib.actors import SYSTEM
    from tests.conftest import make_user

    for n in range(size):
        accounts_user = make_user(f"m{n}@a.test", f"Lid {n}")
        actions.add_member(SYSTEM, org_a, accounts_user, "member")
        actions.invite_member(alice, org_a, email=f"i{n}@a.test", role="member")
    client.force_login(alice)
    # session, user, organisation, role, members, invitations, navigation
    with django_assert_num_queries(7):
        assert client.get(reverse("accounts:members", args=[org_a.slug])).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_organisation_list_queries_do_not_grow(client, staff, django_assert_num_queries, size):
    from guidance_ethics.lib.actors import SYSTEM

    for n in range(size):
        actions.create_organisation(SYSTEM, name=f"Organisatie {n}", kind="other")
    client.force_login(staff)
    # session, user, the session's two-step verification device (django-otp), organisations,
    # memberships
    with django_assert_num_queries(5):
        assert client.get(reverse("accounts:organisations")).status_code == 200
