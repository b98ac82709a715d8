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


def _to_latest():
    """Every later migration too: the code below reads with today's models, and the tests
    after this one need today's schema."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


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
    _to_latest()

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


def test_values_named_as_catalogue_values_become_them(workshop):
    """Migration 0007: a value named after a catalogue value, in either language, becomes
    it; when the session has that catalogue value already, the two are merged."""
    before = [("workshops", "0006_anonymous_outcome")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Value = old.get_model("values", "Value")
    WorkshopValue = old.get_model("workshops", "WorkshopValue")
    Effect = old.get_model("workshops", "Effect")
    EffectValue = old.get_model("workshops", "EffectValue")
    Participant = old.get_model("workshops", "Participant")
    Vote = old.get_model("workshops", "Vote")
    privacy = Value.objects.get(key="privacy", organisation=None)
    justice = Value.objects.get(key="justice", organisation=None)
    # Added from the catalogue with the workspace in English: the English name was stored.
    from_catalogue = WorkshopValue.objects.create(
        workshop_id=workshop.pk, value=justice, name="justice"
    )
    typed = WorkshopValue.objects.create(workshop_id=workshop.pk, name="Effectiveness")
    board = WorkshopValue.objects.create(workshop_id=workshop.pk, value=privacy, name="privacy")
    twin = WorkshopValue.objects.create(workshop_id=workshop.pk, name=" PRIVACY ", chosen=True)
    own = WorkshopValue.objects.create(workshop_id=workshop.pk, name="Nachtrust")
    effect = Effect.objects.create(workshop_id=workshop.pk, text="Camera's", polarity="negative")
    other = Effect.objects.create(workshop_id=workshop.pk, text="Opnames", polarity="negative")
    EffectValue.objects.create(effect=effect, value=twin)
    EffectValue.objects.create(effect=effect, value=board)
    EffectValue.objects.create(effect=other, value=twin)
    seat = Participant.objects.create(
        workshop_id=workshop.pk,
        token_hash="t",
        stakeholder_group="citizen",
        consent_publication=True,
    )
    Vote.objects.create(participant=seat, value=twin, dots=2)
    Vote.objects.create(participant=seat, value=board, dots=1)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("workshops", "0007_value_names")])
    _to_latest()

    from guidance_ethics.workshops.models import Vote, WorkshopValue

    values = WorkshopValue.objects.select_related("value").in_bulk()
    assert values[from_catalogue.pk].name == "rechtvaardigheid"
    assert values[from_catalogue.pk].names == {"nl": "rechtvaardigheid", "en": "justice"}
    assert values[typed.pk].value.key == "effectiveness"
    assert values[typed.pk].names == {"nl": "effectiviteit", "en": "effectiveness"}
    assert values[twin.pk].merged_into_id == board.pk
    assert values[twin.pk].links.count() == 0
    assert sorted(values[board.pk].links.values_list("effect_id", flat=True)) == sorted(
        [effect.pk, other.pk]
    )
    assert values[board.pk].chosen is True
    assert list(Vote.objects.values_list("value_id", "dots")) == [(board.pk, 3)]
    assert values[own.pk].value is None and values[own.pk].names["en"] == "Nachtrust"


def test_texts_written_before_get_their_language(workshop):
    """Migration 0008: the language of every text already written is guessed."""
    before = [("workshops", "0007_value_names")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Effect = old.get_model("workshops", "Effect")
    Actor = old.get_model("workshops", "Actor")
    english = Effect.objects.create(
        workshop_id=workshop.pk, text="The cameras also film the people", polarity="negative"
    )
    dutch = Effect.objects.create(
        workshop_id=workshop.pk, text="De camera's filmen ook de buren", polarity="negative"
    )
    named = Actor.objects.create(workshop_id=workshop.pk, name="Winkeliers")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("workshops", "0008_text_language")])
    _to_latest()

    from guidance_ethics.workshops.models import Actor, Effect

    assert Effect.objects.get(pk=english.pk).language == "en"
    assert Effect.objects.get(pk=dutch.pk).language == "nl"
    assert Actor.objects.get(pk=named.pk).language == ""
