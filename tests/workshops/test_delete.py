"""Deleting a session or a case removes everything of it (issue 10, privacy)."""

from django.apps import apps
from django.urls import reverse

from guidance_ethics.audit.models import AuditEntry
from tests.reports.conftest import held, report  # noqa: F401 (fixtures)


def rows() -> dict:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_deleting_a_case_removes_everything_of_it(client, alice, held):  # noqa: F811
    before = rows()
    client.force_login(alice)
    url = reverse("cases:case_delete", args=[held.case_id])
    page = client.get(url)
    assert page.status_code == 200 and "niet ongedaan" in page.content.decode()
    assert client.post(url).status_code == 302
    after = rows()
    gone = {label for label in before if after[label] < before[label]}
    assert {
        "cases.Case",
        "workshops.Workshop",
        "workshops.Participant",
        "workshops.Effect",
        "workshops.Vote",
        "workshops.Evaluation",
        "live.Event",
        "reports.Report",
        "library.Entry",
    } <= gone
    from guidance_ethics.workshops.models import Effect, Workshop

    assert not Workshop.objects.exists() and not Effect.objects.exists()
    assert AuditEntry.objects.filter(verb="delete_case").exists()


def test_deleting_a_session_keeps_the_case(client, alice, held):  # noqa: F811
    from guidance_ethics.cases.models import Case
    from guidance_ethics.workshops.models import Effect, Participant

    client.force_login(alice)
    url = reverse("workshops:workshop_delete", args=[held.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Case.objects.filter(pk=held.case_id).exists()
    assert not Participant.objects.exists() and not Effect.objects.exists()


def test_a_member_cannot_delete(client, bob, held):  # noqa: F811
    from guidance_ethics.cases.models import Case

    client.force_login(bob)
    assert client.post(reverse("cases:case_delete", args=[held.case_id])).status_code == 403
    assert Case.objects.filter(pk=held.case_id).exists()
