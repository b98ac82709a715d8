import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guidance_ethics.accounts import actions as accounts
from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.cases import actions
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.lib.actors import SYSTEM
from tests.conftest import CASE, TECHNOLOGY, make_user


def test_admin_registers_technology_with_audit(alice, org_a):
    technology = actions.register_technology(alice, org_a, **TECHNOLOGY)
    assert technology.organisation == org_a and technology.created_by == alice
    assert AuditEntry.objects.filter(verb="register_technology", actor=alice).exists()


def test_coordinator_registers_technology(org_a, alice):
    carol = make_user("carol@a.test", "Carol Coördinator")
    accounts.add_member(SYSTEM, org_a, carol, "coordinator")
    assert actions.register_technology(carol, org_a, **TECHNOLOGY).pk


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_roles_below_coordinator_cannot_register(org_a, alice, role):
    person = make_user(f"{role}@a.test", role)
    accounts.add_member(SYSTEM, org_a, person, role)
    with pytest.raises(PermissionDenied):
        actions.register_technology(person, org_a, **TECHNOLOGY)
    assert not Technology.objects.exists()


def test_outsider_cannot_register_technology_for_another_organisation(charlie, org_a):
    with pytest.raises(PermissionDenied):
        actions.register_technology(charlie, org_a, **TECHNOLOGY)


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"kind": "crystal-ball"},
        {"description": ""},
        {"description": "x" * 5001},
    ],
)
def test_bad_technology_input_is_refused_and_nothing_is_written(alice, org_a, change):
    with pytest.raises(ValidationError):
        actions.register_technology(alice, org_a, **{**TECHNOLOGY, **change})
    assert not Technology.objects.exists()
    assert not AuditEntry.objects.filter(verb="register_technology").exists()


def test_technology_names_are_unique_per_organisation_ignoring_case(alice, org_a, charlie, org_b):
    actions.register_technology(alice, org_a, **TECHNOLOGY)
    with pytest.raises(ValidationError) as error:
        actions.register_technology(
            alice, org_a, **{**TECHNOLOGY, "name": TECHNOLOGY["name"].upper()}
        )
    assert "name" in error.value.message_dict
    # Another organisation may use the same name.
    assert actions.register_technology(charlie, org_b, **TECHNOLOGY).pk


def test_one_technology_has_several_cases_over_time(technology, alice):
    actions.describe_case(alice, technology, **CASE)
    actions.describe_case(
        alice, technology, **{**CASE, "title": "Een jaar later", "phase": "after"}
    )
    assert technology.cases.count() == 2
    assert set(technology.cases.values_list("phase", flat=True)) == {"before", "after"}


def test_case_takes_the_organisation_of_its_technology(technology, alice, org_a):
    case = actions.describe_case(alice, technology, **CASE)
    assert case.organisation == org_a


@pytest.mark.parametrize(
    "change",
    [
        {"title": ""},
        {"phase": "someday"},
        {"domain": "astrology"},
        {"question": ""},
        {"context": "x" * 5001},
        {"decisions": ""},
    ],
)
def test_bad_case_input_is_refused(technology, alice, change):
    with pytest.raises(ValidationError):
        actions.describe_case(alice, technology, **{**CASE, **change})
    assert not Case.objects.exists()


def test_member_cannot_describe_or_update_case(technology, case, bob):
    with pytest.raises(PermissionDenied):
        actions.describe_case(bob, technology, **CASE)
    with pytest.raises(PermissionDenied):
        actions.update_case(bob, case, title="Anders")
    case.refresh_from_db()
    assert case.title == CASE["title"]


def test_update_case_records_changed_fields(case, alice):
    actions.update_case(alice, case, title="Nieuwe titel", phase="during")
    entry = AuditEntry.objects.get(verb="update_case")
    assert sorted(entry.data["changed"]) == ["phase", "title"]


def test_update_technology_refuses_unknown_fields(technology, alice):
    with pytest.raises(TypeError):
        actions.update_technology(alice, technology, organisation_id=99)


def test_text_is_stored_as_typed_including_markup(alice, org_a):
    technology = actions.register_technology(
        alice, org_a, **{**TECHNOLOGY, "description": "<script>alert(1)</script> & meer"}
    )
    technology.refresh_from_db()
    assert technology.description == "<script>alert(1)</script> & meer"
