"""No participant's name leaves the organisation: acceptance point 2 of the reports issue.

Every participant gets a name, and every contribution carries it as its signature (the
metadata a signed contribution has). Then every export meant to leave the organisation is
made, and searched byte for byte: the file itself, every member of a zip (DOCX and ODT are
zips; so is the CSV bundle), and the text read back from the PDF. The internal version is
the control: it must show the names, or this test would prove nothing.
"""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from guidance_ethics.reports import document, exchange, formats, snapshot, tables
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    Participant,
    Question,
)
from tests.reports.conftest import pdf_text, zip_members


@pytest.fixture
def named(held, report):
    """Every participant named; every contribution signed with a name."""
    names = []
    for n, participant in enumerate(Participant.objects.filter(workshop=held), start=1):
        name = f"Zwanetta Geheimnaam{n:02d}"
        Participant.objects.filter(pk=participant.pk).update(display_name=name)
        names.append(name)
    for model in (Question, Actor, Effect, ActionOption):
        for n, item in enumerate(model.objects.filter(workshop=held)):
            model.objects.filter(pk=item.pk).update(signed_name=names[n % len(names)])
    held.allow_display_names = True
    held.save(update_fields=["allow_display_names"])
    report.data = snapshot.take(held)
    report.save(update_fields=["data"])
    return names


def variants(blob: bytes) -> list[bytes]:
    """The bytes to search: the file, the members of a zip, the text of a PDF."""
    found = [blob]
    if blob.startswith(b"PK"):
        found += zip_members(blob).values()
    if blob.startswith(b"%PDF"):
        found.append(pdf_text(blob).encode())
    return found


def assert_nameless(blob: bytes, names: list[str], what: str) -> None:
    for part in variants(blob):
        for name in names:
            for form in (name.encode(), name.encode("utf-16-be")):
                assert form not in part, f"{name} appears in {what}"
            # The surname alone, in case a format splits or reflows the name.
            assert name.split()[1].encode() not in part, f"{name} appears in {what}"


def test_external_exports_carry_no_names(client, alice, held, report, named):
    with translation.override("nl"):
        external = document.build(report, document.EXTERNAL, "nl")
        exports = {fmt: formats.render(external, fmt) for fmt in formats.FORMATS}
    exports["csv.zip"] = tables.zip_bytes(snapshot.take(held))
    exports["exchange"] = exchange.dumps(exchange.export_cases([held.case])).encode()
    client.force_login(alice)
    exports["page"] = client.get(reverse("reports:report", args=[held.pk])).content
    for fmt in formats.FORMATS:
        url = reverse("reports:download", args=[held.pk, report.version, "extern", fmt])
        exports[f"download.{fmt}"] = client.get(url).content
    exports["download.zip"] = client.get(reverse("reports:data_zip", args=[held.pk])).content
    exports["download.json"] = client.get(
        reverse("reports:case_export", args=[held.case.pk])
    ).content
    for what, blob in exports.items():
        assert len(blob) > 1000, what
        assert_nameless(blob, named, what)


def test_the_internal_version_does_show_them(report, named):
    """The control: the names reached the report's data, so their absence above means
    something."""
    internal = document.build(report, document.INTERNAL, "nl")
    markdown = formats.render(internal, "md").decode()
    assert all(name in markdown for name in named[:5])


def test_moderators_are_named_only_when_they_agree(report, alice, mona):
    from guidance_ethics.reports import actions

    text = formats.render(document.build(report, document.EXTERNAL, "nl"), "md").decode()
    assert alice.full_name not in text and mona.full_name not in text
    actions.update_report(alice, report, summary="S", next_steps="", name_moderators=True)
    report.refresh_from_db()
    text = formats.render(document.build(report, document.EXTERNAL, "nl"), "md").decode()
    assert alice.full_name in text and mona.full_name in text


def test_the_exchange_document_has_no_tokens_or_names(held, named):
    document_text = exchange.dumps(exchange.export_cases([held.case]))
    parsed = json.loads(document_text)
    workshop = parsed["cases"][0]["workshops"][0]
    assert set(workshop["participants"][0]) == {"ref", "group", "consent_publication"}
    for token_hash in Participant.objects.values_list("token_hash", flat=True):
        assert token_hash not in document_text
