"""Retention (issue 10): after the organisation's retention period, guidance-ethics purge
makes a closed session's participants anonymous seats and removes old logs; the anonymous
outcome, and every report's text, stay as they were."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.live.models import Event
from guidance_ethics.reports import document, formats
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops import retention
from guidance_ethics.workshops.models import Effect, Evaluation, Participant, Workshop
from guidance_ethics.workshops.queries import participant_by_token, vote_totals
from tests.reports.conftest import held, report  # noqa: F401 (fixtures)


@pytest.fixture
def named(held):  # noqa: F811
    """The held session, with names where participants may give them, and a token."""
    from guidance_ethics.workshops.actions import join_workshop

    Participant.objects.filter(workshop=held).update(display_name="Sanne de Vries")
    Effect.objects.filter(workshop=held).update(signed_name="Sanne de Vries")
    Workshop.objects.filter(pk=held.pk).update(closed_at=None)
    _seat, token = join_workshop(
        held.join_code, stakeholder_group="citizen", consent_publication=True
    )
    Workshop.objects.filter(pk=held.pk).update(closed_at=timezone.now())
    held.refresh_from_db()
    return held, token


def age(workshop, days):
    Workshop.objects.filter(pk=workshop.pk).update(closed_at=timezone.now() - timedelta(days=days))


def external_markdown(workshop) -> bytes:
    built = document.build(Report.objects.filter(workshop=workshop).latest("version"), "external")
    return formats.render(built, "md")


def test_nothing_is_removed_before_the_retention_period(named):
    workshop, token = named
    age(workshop, 89)
    call_command("purge")
    assert participant_by_token(workshop.pk, token) is not None
    assert Participant.objects.filter(workshop=workshop, display_name="Sanne de Vries").exists()


def test_after_the_period_participants_are_anonymous_seats_and_the_outcome_stays(named):
    workshop, token = named
    totals = vote_totals(workshop)
    answers = sorted(
        Evaluation.objects.filter(participant__workshop=workshop).values_list(
            "changed_view", flat=True
        )
    )
    quoted = sorted(
        Evaluation.objects.filter(participant__workshop=workshop, quote_consent=True)
        .exclude(message="")
        .values_list("message", flat=True)
    )
    unquoted = Evaluation.objects.filter(
        participant__workshop=workshop, quote_consent=False
    ).exclude(message="")
    assert quoted and unquoted.exists()
    markdown = external_markdown(workshop)
    groups = sorted(
        Participant.objects.filter(workshop=workshop).values_list("stakeholder_group", flat=True)
    )

    age(workshop, 91)
    call_command("purge")

    assert participant_by_token(workshop.pk, token) is None
    assert not Participant.objects.filter(workshop=workshop).exclude(display_name="").exists()
    assert not Effect.objects.filter(workshop=workshop).exclude(signed_name="").exists()
    assert not Effect.objects.filter(workshop=workshop, participant__isnull=False).exists()
    assert not Event.objects.filter(workshop=workshop).exists()
    assert (
        not Evaluation.objects.filter(participant__workshop=workshop, quote_consent=False)
        .exclude(message="")
        .exists()
    )
    for frozen in Report.objects.filter(workshop=workshop):
        assert "Sanne de Vries" not in str(frozen.data)
    # The anonymous outcome.
    assert vote_totals(workshop) == totals
    assert (
        sorted(
            Evaluation.objects.filter(participant__workshop=workshop).values_list(
                "changed_view", flat=True
            )
        )
        == answers
    )
    assert (
        sorted(
            Evaluation.objects.filter(participant__workshop=workshop, quote_consent=True)
            .exclude(message="")
            .values_list("message", flat=True)
        )
        == quoted
    )
    assert (
        sorted(
            Participant.objects.filter(workshop=workshop).values_list(
                "stakeholder_group", flat=True
            )
        )
        == groups
    )
    assert external_markdown(workshop) == markdown
    workshop.refresh_from_db()
    assert workshop.participants_purged_at is not None
    assert AuditEntry.objects.filter(verb="purge_participants", object_id=str(workshop.pk)).exists()
    # Once only.
    assert retention.due() == []


def test_the_organisations_own_period_counts(named):
    workshop, _token = named
    workshop.organisation.retention_days = 30
    workshop.organisation.save()
    age(workshop, 29)
    assert retention.due() == []
    age(workshop, 31)
    assert [w.pk for w in retention.due()] == [workshop.pk]


def test_old_security_logs_and_idempotency_keys_are_removed(db, settings, workshop):
    from axes.models import AccessAttempt, AccessLog

    from guidance_ethics.api.models import IdempotentRequest

    settings.SECURITY_LOG_DAYS = 30
    old, recent = timezone.now() - timedelta(days=31), timezone.now() - timedelta(days=1)
    for n, when in enumerate((old, recent)):
        attempt = AccessAttempt.objects.create(
            username=f"x{n}@a.test", ip_address="192.0.2.1", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
        log = AccessLog.objects.create(username="x@a.test", ip_address="192.0.2.1")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=when)
    for key, hours in (("old", 25), ("new", 1)):
        stored = IdempotentRequest.objects.create(
            workshop=workshop, caller="p1", key=key, fingerprint="x", status=201, body="{}"
        )
        IdempotentRequest.objects.filter(pk=stored.pk).update(
            created_at=timezone.now() - timedelta(hours=hours)
        )
    call_command("purge")
    assert AccessAttempt.objects.count() == 1 and AccessLog.objects.count() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]
