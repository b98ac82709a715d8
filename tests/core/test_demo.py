import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guidance_ethics.accounts.models import Membership, Organisation, User
from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.core.demo_content import DEMO_PASSWORD, PEOPLE
from guidance_ethics.core.management.commands.demo import load_demo


def test_demo_is_idempotent(db):
    first = load_demo()
    counts = [m.objects.count() for m in (Organisation, User, Membership, Technology, Case)]
    assert first > 0
    assert load_demo() == 0
    assert counts == [m.objects.count() for m in (Organisation, User, Membership, Technology, Case)]


def test_demo_has_the_safety_technologies_each_with_a_case_and_every_role(db):
    load_demo()
    kinds = set(Technology.objects.values_list("kind", flat=True))
    assert {"drone", "satellite", "sensor", "algorithm"} <= kinds
    assert not Technology.objects.filter(cases__isnull=True).exists()
    assert {"before", "during", "after"} == set(Case.objects.values_list("phase", flat=True))
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"admin", "coordinator", "moderator", "member"}
    assert {o.kind for o in Organisation.objects.all()} == {"police", "province", "municipality"}


def test_demo_logins_work(client, db):
    load_demo()
    for email, *_rest in PEOPLE:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)


def test_demo_command_refuses_without_debug(db):
    with pytest.raises(CommandError):
        call_command("demo")


def test_demo_command_prints_the_logins_and_the_session(db, capsys):
    from guidance_ethics.workshops.models import Workshop

    call_command("demo", "--force")
    call_command("demo", "--force")
    out = capsys.readouterr().out
    workshop = Workshop.objects.get(closed_at=None)
    held = Workshop.objects.get(closed_at__isnull=False, organisation__slug="politie-noordveld")
    assert f"join code: {workshop.join_code}" in out
    assert f"/sessies/{held.pk}/verslag/" in out
    assert held.is_closed and held.reports.get().version == 1
    # The municipality's case is published once, however often the demo is loaded.
    from guidance_ethics.library.models import Entry, Publication

    published = Publication.objects.get(status="published")
    assert f"/bibliotheek/{published.case_id}/" in out
    assert Entry.objects.filter(public=True).count() == 1
    assert Workshop.objects.filter(closed_at__isnull=False).count() == 2
    assert workshop.moderator.email == "moderator@politie-noordveld.test"
    assert DEMO_PASSWORD in out
    for email, *_rest in PEOPLE:
        assert email in out
