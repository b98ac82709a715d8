from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guidance_ethics.accounts import actions
from guidance_ethics.accounts.models import Invitation, Membership, Organisation, User
from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.lib.actors import SYSTEM
from tests.conftest import PASSWORD


def test_platform_admin_creates_organisation_with_slug_and_audit(staff):
    organisation = actions.create_organisation(staff, name="Provincie Noordveld", kind="province")
    assert organisation.slug == "provincie-noordveld"
    entry = AuditEntry.objects.get(verb="create_organisation")
    assert entry.actor == staff and entry.organisation == organisation


def test_slug_is_made_unique(staff):
    first = actions.create_organisation(staff, name="Gemeente X", kind="municipality")
    second = actions.create_organisation(staff, name="Gemeente X!", kind="municipality")
    assert first.slug != second.slug


def test_organisation_admin_cannot_create_organisation(alice):
    with pytest.raises(PermissionDenied):
        actions.create_organisation(alice, name="Nieuw", kind="other")
    assert not Organisation.objects.filter(name="Nieuw").exists()


@pytest.mark.parametrize(
    ("name", "kind"), [("", "police"), ("x" * 201, "police"), ("Goed", "unknown-kind")]
)
def test_bad_organisation_input_is_refused(staff, name, kind):
    with pytest.raises(ValidationError):
        actions.create_organisation(staff, name=name, kind=kind)
    assert Organisation.objects.count() == 0
    assert not AuditEntry.objects.filter(verb="create_organisation").exists()


def test_invite_sends_mail_after_commit_and_stores_only_a_hash(
    alice, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = actions.invite_member(
            alice, org_a, email="Dana@A.test", role="moderator"
        )
    assert invitation.email == "dana@a.test"
    assert token not in invitation.token_hash
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@a.test"]
    assert f"/uitnodiging/{token}/" in message.body
    assert "U bent uitgenodigd" in message.body and "You have been invited" in message.body


def test_no_mail_leaves_when_the_invitation_is_not_committed(alice, org_a):
    # Without running the on-commit callbacks, nothing is sent.
    actions.invite_member(alice, org_a, email="dana@a.test", role="member")
    assert mail.outbox == []


def test_member_cannot_invite(bob, org_a):
    with pytest.raises(PermissionDenied):
        actions.invite_member(bob, org_a, email="x@a.test", role="admin")
    assert not Invitation.objects.exists()


def test_outsider_cannot_invite(charlie, org_a):
    with pytest.raises(PermissionDenied):
        actions.invite_member(charlie, org_a, email="x@a.test", role="member")


def test_inviting_an_existing_member_is_refused(alice, bob, org_a):
    with pytest.raises(ValidationError):
        actions.invite_member(alice, org_a, email="BOB@a.test", role="member")


def test_new_invitation_replaces_the_open_one(alice, org_a):
    first, _ = actions.invite_member(alice, org_a, email="dana@a.test", role="member")
    actions.invite_member(alice, org_a, email="dana@a.test", role="coordinator")
    first.refresh_from_db()
    assert first.revoked_at is not None


def test_one_address_gets_a_few_invitations_a_day_and_a_refused_one_changes_nothing(
    alice, org_a, org_b, charlie, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_PER_RECIPIENT_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_member(alice, org_a, email="dana@a.test", role="member")
        actions.invite_member(charlie, org_b, email="Dana@A.test", role="member")
        with pytest.raises(ValidationError) as refusal:
            actions.invite_member(alice, org_a, email="dana@a.test", role="coordinator")
    assert refusal.value.error_dict["email"][0].code == "too_many_mails"
    assert len(mail.outbox) == 2
    assert Invitation.objects.get(organisation=org_a).role == "member"


def test_an_invitation_whose_mail_fails_stays(
    alice, charlie, org_b, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.followup.test_requests.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = actions.invite_member(
            charlie, org_b, email="alice@a.test", role="member"
        )  # refused by the mail server: logged, the invitation stands
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_register_with_invitation_creates_account_and_membership(alice, org_a, settings):
    from guidance_ethics import settings as real

    settings.PASSWORD_HASHERS = real.PASSWORD_HASHERS
    invitation, _token = actions.invite_member(alice, org_a, email="dana@a.test", role="moderator")
    user, membership = actions.register_with_invitation(
        invitation, full_name="Dana", password=PASSWORD
    )
    assert user.check_password(PASSWORD)
    assert user.password.startswith("argon2")
    assert membership.role == "moderator" and membership.organisation == org_a
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_invitation_cannot_be_used_twice(alice, org_a):
    invitation, _ = actions.invite_member(alice, org_a, email="dana@a.test", role="member")
    actions.register_with_invitation(invitation, full_name="Dana", password=PASSWORD)
    with pytest.raises(ValidationError):
        actions.register_with_invitation(invitation, full_name="Eve", password=PASSWORD)
    assert User.objects.filter(email="dana@a.test").count() == 1


def test_expired_invitation_is_refused(alice, org_a):
    invitation, _ = actions.invite_member(alice, org_a, email="dana@a.test", role="member")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.register_with_invitation(invitation, full_name="Dana", password=PASSWORD)
    assert not User.objects.filter(email="dana@a.test").exists()


def test_weak_password_is_refused_and_nothing_is_created(alice, org_a):
    invitation, _ = actions.invite_member(alice, org_a, email="dana@a.test", role="member")
    with pytest.raises(ValidationError) as error:
        actions.register_with_invitation(invitation, full_name="Dana", password="12345678")
    assert "password" in error.value.message_dict
    assert not User.objects.filter(email="dana@a.test").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_logged_in_person_accepts_invitation_for_their_address(alice, charlie, org_a):
    invitation, _ = actions.invite_member(alice, org_a, email="charlie@b.test", role="member")
    membership = actions.accept_invitation(charlie, invitation)
    assert membership.organisation == org_a


def test_invitation_for_another_address_cannot_be_accepted(alice, charlie, org_a):
    invitation, _ = actions.invite_member(alice, org_a, email="dana@a.test", role="admin")
    with pytest.raises(ValidationError):
        actions.accept_invitation(charlie, invitation)
    assert not Membership.objects.filter(user=charlie, organisation=org_a).exists()


def test_last_admin_cannot_be_demoted_or_removed(alice, org_a):
    membership = Membership.objects.get(user=alice, organisation=org_a)
    with pytest.raises(ValidationError):
        actions.change_role(alice, membership, "member")
    with pytest.raises(ValidationError):
        actions.remove_member(alice, membership)
    membership.refresh_from_db()
    assert membership.role == "admin"


def test_admin_changes_role_and_removes_member(alice, bob, org_a):
    membership = Membership.objects.get(user=bob, organisation=org_a)
    actions.change_role(alice, membership, "coordinator")
    membership.refresh_from_db()
    assert membership.role == "coordinator"
    actions.remove_member(alice, membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(verb="remove_member", organisation=org_a).exists()


def test_invalid_role_is_refused(alice, bob, org_a):
    membership = Membership.objects.get(user=bob, organisation=org_a)
    with pytest.raises(ValidationError):
        actions.change_role(alice, membership, "dictator")


def test_outsider_cannot_change_roles(charlie, bob, org_a):
    membership = Membership.objects.get(user=bob, organisation=org_a)
    with pytest.raises(PermissionDenied):
        actions.change_role(charlie, membership, "admin")
    membership.refresh_from_db()
    assert membership.role == "member"


def test_create_user_refuses_duplicate_address_in_any_case(db):
    actions.create_user(SYSTEM, email="x@a.test", password=PASSWORD)
    with pytest.raises(ValidationError):
        actions.create_user(SYSTEM, email="X@A.TEST", password=PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction(alice, org_a):
    from guidance_ethics.audit.actions import record

    with pytest.raises(RuntimeError):
        record(alice, "x", org_a)
