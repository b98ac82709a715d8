"""The one shape of a session's outcome: a report's data is the exchange format's."""

import importlib
import json
from pathlib import Path

from django.apps import apps
from django.utils import translation

from guidance_ethics.reports import document, exchange, formats, snapshot, tables
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops.models import Actor, Effect, Question

# A final report of the demo session as stored before the change (hidden contributions,
# signed names, the scribe, named moderators), with the Markdown and CSV it rendered then:
# written once by the code before the change, never regenerated.
BEFORE = Path(__file__).parent / "data" / "report-before-one-snapshot.json"
FRAME = ("organisation", "technology", "case")


def content(markdown: str) -> list[str]:
    """What the session put in a report: its headings, facts, list items and table rows.
    The report's own sentences and its charts' form have changed since the file was
    written (the sentences say only what the data shows; Markdown holds no pictures)."""
    return [line for line in markdown.splitlines() if line.startswith(("#", "- ", "| "))]


def test_a_report_stored_before_one_snapshot_reads_the_same_after_migrating(held):
    before = json.loads(BEFORE.read_text())
    stored = Report.objects.get(workshop=held)
    Report.objects.filter(pk=stored.pk).update(data=before["data"], **before["report"])
    migration = importlib.import_module("guidance_ethics.reports.migrations.0002_one_snapshot")

    migration.forwards(apps, None)

    report = Report.objects.get(pk=stored.pk)
    assert "snapshot" not in report.data
    translation.activate("nl")
    for audience, markdown in before["markdown"].items():
        after = formats.render(document.build(report, audience, "nl"), "md").decode()
        assert content(after) == content(markdown)
    for table, text in before["csv"].items():
        assert tables.csv_bytes(report.data, table).decode("utf-8-sig") == text


def test_a_reports_record_is_an_exchange_document_with_its_own_optional_fields(held):
    first = Effect.objects.filter(workshop=held).first()
    Effect.objects.filter(pk=first.pk).update(hidden=True, signed_name="Jan")
    Actor.objects.filter(pk=Actor.objects.filter(workshop=held).first().pk).update(hidden=True)
    question = Question.objects.filter(workshop=held).first()
    Question.objects.filter(pk=question.pk).update(scribed_by=held.moderator)
    held.refresh_from_db()  # closed since the fixture's copy was loaded
    data = snapshot.take(held)
    workshop = {key: value for key, value in data.items() if key not in FRAME}
    document_of_one = {
        "format": exchange.FORMAT,
        "version": exchange.VERSION,
        "cases": [
            {"technology": data["technology"], "case": data["case"], "workshops": [workshop]}
        ],
    }
    assert exchange.validate(document_of_one) == []
    assert any(e["hidden"] and e["signed"] == "Jan" for e in data["effects"])
    assert data["moderators"]["moderator"] == held.moderator.get_full_name()


def test_an_export_carries_none_of_a_reports_own_fields(held):
    Effect.objects.filter(pk=Effect.objects.filter(workshop=held)[0].pk).update(hidden=True)
    exported = exchange.export_workshop(held)
    assert "moderators" not in exported
    for kind in ("questions", "actors", "effects", "options"):
        for item in exported[kind]:
            assert not {"hidden", "signed", "scribe"} & set(item), kind
    assert len(exported["effects"]) == len(snapshot.take(held)["effects"]) - 1


def test_the_migration_leaves_a_report_in_the_one_shape_as_it_is(held):
    report = Report.objects.get(workshop=held)
    migration = importlib.import_module("guidance_ethics.reports.migrations.0002_one_snapshot")

    migration.forwards(apps, None)

    assert Report.objects.get(pk=report.pk).data == report.data
