"""Retention (issue 10): after the organisation's retention period, guidance-ethics purge
deletes a closed session's participants with their votes and evaluations and removes old
logs; the anonymous outcome (counts per stakeholder group) and every report's text stay as
they were, wherever they are read."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.live.models import Event
from guidance_ethics.reports import document, formats
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops import retention
from guidance_ethics.workshops.models import (
    Effect,
    Evaluation,
    EvaluationQuote,
    Participant,
    SeatCount,
    Vote,
    VoteCount,
    Workshop,
)
from guidance_ethics.workshops.queries import joined_groups, participant_by_token, vote_totals
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


def outcome_of(workshop) -> dict:
    """Everything the anonymous outcome is read from: reports, board, overview, exchange."""
    from guidance_ethics.followup.evaluations import summarise
    from guidance_ethics.reports import exchange, snapshot
    from guidance_ethics.reports.document import counted_values

    taken = snapshot.take(workshop)
    summary = summarise(Workshop.objects.filter(pk=workshop.pk))
    consenting = exchange.export_workshop(workshop, consenting_only=True)
    return {
        "values": counted_values(taken),
        "participants": (snapshot.groups(taken), len(taken["participants"])),
        "evaluations": sorted(
            (e["changed_view"], e["group"], e["message"] if e["quote_consent"] else "")
            for e in snapshot.answers(taken)
        ),
        "board": (vote_totals(workshop), joined_groups(workshop)),
        "overview": (summary.evaluated, summary.changed, summary.groups, sorted(summary.quotes)),
        "consenting": (
            Counter(p["group"] for p in consenting["participants"]),
            len(consenting["effects"]),
        ),
    }


def test_after_the_period_participants_are_deleted_and_the_outcome_stays(named):
    workshop, token = named
    assert Vote.objects.filter(participant__workshop=workshop).exists()
    unquoted = Evaluation.objects.filter(
        participant__workshop=workshop, quote_consent=False
    ).exclude(message="")
    assert unquoted.exists()
    private = list(unquoted.values_list("message", flat=True))
    before = outcome_of(workshop)
    markdown = external_markdown(workshop)

    age(workshop, 91)
    call_command("purge")

    assert participant_by_token(workshop.pk, token) is None
    # Per participant, nothing is left: no seat, no vote, no evaluation.
    assert not Participant.objects.filter(workshop=workshop).exists()
    assert not Vote.objects.filter(value__workshop=workshop).exists()
    assert not Evaluation.objects.filter(participant__workshop=workshop).exists()
    assert not Effect.objects.filter(workshop=workshop).exclude(signed_name="").exists()
    assert not Effect.objects.filter(workshop=workshop, participant__isnull=False).exists()
    assert not Event.objects.filter(workshop=workshop).exists()
    for frozen in Report.objects.filter(workshop=workshop):
        assert "Sanne de Vries" not in str(frozen.data)
        assert not any(message in str(frozen.data) for message in private)
    assert not EvaluationQuote.objects.filter(message__in=private).exists()
    # The anonymous outcome counts as before, wherever it is read.
    workshop.refresh_from_db()
    assert SeatCount.objects.filter(workshop=workshop).exists()
    assert VoteCount.objects.filter(value__workshop=workshop).exists()
    after = outcome_of(workshop)
    for part in before:
        assert after[part] == before[part], part
    assert external_markdown(workshop) == markdown
    assert workshop.participants_purged_at is not None
    assert AuditEntry.objects.filter(verb="purge_participants", object_id=str(workshop.pk)).exists()
    # Once only.
    assert retention.due() == []


def test_contributions_of_participants_without_consent_stay_out_of_the_library(named):
    """Unlinking a contribution from its seat must not let it into the public library."""
    from guidance_ethics.reports import exchange

    workshop, _token = named
    silent = Participant.objects.filter(workshop=workshop, consent_publication=False).first()
    Effect.objects.create(
        workshop=workshop, participant=silent, polarity="negative", text="Zwijgzaam bezwaar"
    )

    def library_texts():
        exported = exchange.export_workshop(workshop, consenting_only=True)
        return [e["text"] for e in exported["effects"]]

    assert "Zwijgzaam bezwaar" not in library_texts()
    age(workshop, 91)
    call_command("purge")
    workshop.refresh_from_db()
    assert Effect.objects.get(text="Zwijgzaam bezwaar").withheld
    assert "Zwijgzaam bezwaar" not in library_texts()
    # The organisation's own export and report keep it.
    assert "Zwijgzaam bezwaar" in [e["text"] for e in exchange.export_workshop(workshop)["effects"]]


def test_a_purged_session_travels_as_counts_and_imports_the_same(named, alice, case):
    from guidance_ethics.reports import actions, exchange

    workshop, _token = named
    age(workshop, 91)
    call_command("purge")
    workshop.refresh_from_db()
    document = exchange.export_cases([workshop.case])
    exported = document["cases"][0]["workshops"][0]
    assert exported["votes"] == [] and exported["evaluations"] == []
    assert exported["counts"]["votes"] and exported["counts"]["evaluations"]
    assert exchange.validate(document) == []

    imported = actions.import_cases(alice, case.organisation, document, moderator=alice)
    copy = imported[0].workshops.get()
    assert copy.participants_purged_at is not None
    assert not Participant.objects.filter(workshop=copy).exists()
    assert exchange.export_cases([copy.case]) == document


def test_counts_that_do_not_fit_their_seats_are_refused(named):
    from guidance_ethics.reports import exchange

    workshop, _token = named
    age(workshop, 91)
    call_command("purge")
    workshop.refresh_from_db()
    document = exchange.export_cases([workshop.case])
    exported = document["cases"][0]["workshops"][0]
    row = exported["counts"]["votes"][0]
    row["voters"] = len(exported["participants"]) + 1
    row["dots"] = row["voters"]
    exported["counts"]["evaluations"][0]["answers"] = 1
    exported["counts"]["evaluations"][0]["quotes"] = ["een", "twee"]
    exported["votes"] = [{"participant": "p1", "value": "v1", "dots": 1}]
    found = {problem.path for problem in exchange.validate(document)}
    assert {
        "$.cases[0].workshops[0].counts",
        "$.cases[0].workshops[0].counts.votes[0].voters",
        "$.cases[0].workshops[0].counts.evaluations[0].quotes",
    } <= found, found


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
