"""Migration workshops 0006: sessions purged before the counts existed kept anonymous seats
with their votes and evaluations; the migration turns those into counts and deletes them."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("workshops", "0005_delete_with_the_session")]
AFTER = [("workshops", "0006_anonymous_outcome")]


@pytest.fixture(autouse=True)
def _catalogue(transactional_db):
    """A transactional test's flush may have taken the catalogue the migrations loaded."""
    import importlib

    migration = importlib.import_module("guidance_ethics.values.migrations.0002_catalogue")
    migration.load_catalogue(apps, None)


def test_seats_of_sessions_purged_earlier_become_counts(workshop):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Workshop = old.get_model("workshops", "Workshop")
    Participant = old.get_model("workshops", "Participant")
    WorkshopValue = old.get_model("workshops", "WorkshopValue")
    Vote = old.get_model("workshops", "Vote")
    Evaluation = old.get_model("workshops", "Evaluation")
    purged = Workshop.objects.get(pk=workshop.pk)
    purged.closed_at = purged.participants_purged_at = timezone.now()
    purged.save()
    value = WorkshopValue.objects.create(workshop=purged, name="privacy")
    seats = [
        Participant.objects.create(
            workshop=purged,
            token_hash=f"purged:{n}",
            stakeholder_group=group,
            consent_publication=consent,
        )
        for n, (group, consent) in enumerate(
            [("citizen", True), ("citizen", True), ("citizen", False), ("policy", True)]
        )
    ]
    for seat, dots in zip(seats, (2, 1, 3, 0), strict=True):
        if dots:
            Vote.objects.create(participant=seat, value=value, dots=dots)
    Evaluation.objects.create(
        participant=seats[0], changed_view="yes", message="Leerzaam.", quote_consent=True
    )
    Evaluation.objects.create(
        participant=seats[1], changed_view="yes", message="Niet citeren.", quote_consent=False
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # On to the latest migration: the models below are today's.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from guidance_ethics.workshops import outcome
    from guidance_ethics.workshops.models import EvaluationQuote, Participant, Workshop

    now = Workshop.objects.get(pk=workshop.pk)
    assert not Participant.objects.filter(workshop=now).exists()
    assert outcome.groups(now) == {"citizen": 3, "policy": 1}
    assert outcome.unconsented(now) == 1
    assert list(outcome.value_totals(now).values()) == [(6, 3)]
    assert sorted((e["changed_view"], e["message"]) for e in outcome.evaluations(now)) == [
        ("yes", ""),
        ("yes", "Leerzaam."),
    ]
    assert list(EvaluationQuote.objects.values_list("message", flat=True)) == ["Leerzaam."]
