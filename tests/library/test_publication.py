"""Acceptance 2: a participant without consent is absent from the published page and
downloads; the redaction step finds an e-mail address, a phone number and a licence plate
in effect texts. And the path itself: who may do what, and what blocks it."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from guidance_ethics.library import actions as library
from guidance_ethics.library import queries as library_queries
from guidance_ethics.library import redaction
from guidance_ethics.library.models import Publication
from guidance_ethics.workshops.models import Effect
from tests.library.conftest import SILENT
from tests.reports.conftest import docx_text, odt_text, pdf_text


def test_contributions_without_consent_are_absent_from_page_and_downloads(client, published, case):
    assert Effect.objects.filter(text__contains=SILENT).exists()
    page = client.get(reverse("library:case", args=[case.pk]))
    assert page.status_code == 200
    assert SILENT not in page.content.decode()
    readers = {"pdf": pdf_text, "docx": docx_text, "odt": odt_text, "md": bytes.decode}
    for fmt, read in readers.items():
        response = client.get(reverse("library:download", args=[case.pk, 1, fmt]))
        assert response.status_code == 200, fmt
        text = read(response.content)
        assert SILENT not in text, fmt
        assert "Een goed gesprek." in text, fmt  # the report's summary is there
    for name in ("library:open_data_json", "library:open_data_csv"):
        blob = b"".join(client.get(reverse(name)).streaming_content).decode("utf-8-sig")
        assert case.title in blob and SILENT not in blob, name


def test_the_internal_case_still_has_the_contribution(client, held, case, alice):
    """The control: the unpublished report of the organisation keeps it."""
    client.force_login(alice)
    response = client.get(reverse("reports:download", args=[held.pk, 1, "extern", "md"]))
    assert SILENT in response.content.decode()


def test_waiting_for_consent_blocks_the_proposal(held, case, alice):
    publication = library.prepare_publication(alice, case)
    library.save_publication(alice, publication, consent="wait", texts={})
    review = library_queries.review(publication)
    assert review.unconsented >= 1
    with pytest.raises(ValidationError) as refused:
        library.propose_publication(alice, publication)
    assert any("did not consent" in m or "niet ingestemd" in m for m in refused.value.messages)
    assert Publication.objects.get(pk=publication.pk).status == "draft"


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        (
            "Mail de wijkagent op j.jansen@politie.example.nl als het misgaat",
            "email",
            "j.jansen@politie.example.nl",
        ),
        ("Bel 06-12345678 bij overlast", "phone", "06-12345678"),
        ("Bel +31 20 123 4567 bij overlast", "phone", "+31 20 123 4567"),
        ("De bestelbus met kenteken 12-ABC-3 werd gevolgd", "plate", "12-ABC-3"),
        ("Auto XX-999-X stond er elke nacht", "plate", "XX-999-X"),
        ("Bewoners van de Kerkstraat 12a voelen zich bekeken", "address", "Kerkstraat 12a"),
        ("Mevrouw Jansen voelt zich bekeken", "name", "Jansen"),
    ],
)
def test_the_redaction_step_finds_what_identifies(text, kind, found):
    findings = redaction.find("x", text)
    assert [(f.kind, f.text) for f in findings] == [(kind, found)]
    assert found not in redaction.suggest(text, findings)


def test_no_false_alarm_on_ordinary_effects():
    for text in (
        "Camerabeelden worden 28 dagen bewaard",
        "Een drone vliegt op 120 meter hoogte, 3-4 keer per nacht",
        "Minder inbraken in 2025 dan in 2024",
        "De drone-piloot kijkt mee",
    ):
        assert redaction.find("x", text) == [], text


def test_findings_in_effects_block_until_redacted(held, case, alice):
    effect = Effect.objects.filter(workshop=held, hidden=False, merged_into=None).first()
    Effect.objects.filter(pk=effect.pk).update(
        text="Mail j.jansen@example.nl, bel 06-12345678, kenteken 12-ABC-3"
    )
    publication = library.prepare_publication(alice, case)
    review = library_queries.review(publication)
    kinds = {f.kind for found in review.findings.values() for f in found}
    assert {"email", "phone", "plate"} <= kinds
    with pytest.raises(ValidationError):
        library.propose_publication(alice, publication)
    texts = {
        path: redaction.suggest(dict(library.content.texts(review.document))[path], found)
        for path, found in review.findings.items()
    }
    library.save_publication(alice, publication, consent="leave_out", texts=texts)
    library.propose_publication(alice, publication)
    published = library.approve_publication(alice, publication)
    blob = json.dumps(published.document)
    assert "j.jansen@example.nl" not in blob and "06-12345678" not in blob
    assert "12-ABC-3" not in blob


def test_a_harmless_finding_can_be_kept(held, case, alice):
    effect = Effect.objects.filter(workshop=held, hidden=False, merged_into=None).first()
    Effect.objects.filter(pk=effect.pk).update(text="Mevrouw Drone is een bijnaam, geen persoon")
    publication = library.prepare_publication(alice, case)
    paths = [p for p in library_queries.review(publication).findings if "effects" in p]
    assert paths
    saved = library.save_publication(
        alice, publication, consent="leave_out", texts={}, harmless=paths
    )
    assert not any("effects" in p for p in library_queries.review(saved).findings)


def test_a_redaction_form_refuses_bad_input_and_changes_nothing(client, held, case, alice):
    publication = library.prepare_publication(alice, case)
    client.force_login(alice)
    url = reverse("library:publication", args=[case.pk])
    for data in (
        {"consent": "leave_out", "path-1": "case.title", "text-1": ""},
        {"consent": "leave_out", "path-1": "case.title", "text-1": "x" * 201},
        {"consent": "leave_out", "path-1": "workshops.9.effects.0.text", "text-1": "x"},
        {"consent": "sometimes"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert Publication.objects.get(pk=publication.pk).redactions == {}


def test_only_an_admin_approves_and_only_a_proposal(held, case, alice, mona, org_a):
    from guidance_ethics.accounts import actions as accounts
    from guidance_ethics.lib.actors import SYSTEM

    accounts.change_role(SYSTEM, org_a.memberships.get(user=mona), "coordinator")
    publication = library.prepare_publication(mona, case)
    with pytest.raises(ValidationError):
        library.approve_publication(alice, publication)  # not proposed yet
    library.save_publication(mona, publication, consent="leave_out", texts={})
    review = library_queries.review(publication)
    texts = {
        path: redaction.suggest(dict(library.content.texts(review.document))[path], found)
        for path, found in review.findings.items()
    }
    library.save_publication(mona, publication, consent="leave_out", texts=texts)
    library.propose_publication(mona, publication)
    with pytest.raises(PermissionDenied):
        library.approve_publication(mona, publication)
    library.return_publication(alice, publication, reason="Titel aanpassen")
    assert Publication.objects.get(pk=publication.pk).status == "draft"


def test_the_publication_page_walks_the_path(client, held, case, alice):
    client.force_login(alice)
    url = reverse("library:publication", args=[case.pk])
    assert client.get(url).status_code == 200
    client.post(reverse("library:prepare", args=[case.pk]))
    page = client.get(url).content.decode()
    assert 'name="consent"' in page
    # Take every suggestion as the page offers it.
    import re

    data = {"consent": "leave_out"}
    for n, path in re.findall(r'name="path-(\d+)" value="([^"]+)"', page):
        text = re.search(rf'name="text-{n}"[^>]*>([^<]*)</textarea>', page).group(1)
        import html

        data[f"path-{n}"] = path
        data[f"text-{n}"] = html.unescape(text)
    assert client.post(url, data).status_code == 302
    client.post(reverse("library:propose", args=[case.pk]))
    assert Publication.objects.get(case=case).status == "proposed"
    client.post(reverse("library:approve", args=[case.pk]))
    assert Publication.objects.get(case=case).status == "published"
    client.post(reverse("library:withdraw", args=[case.pk]), {"reason": ""})
    assert Publication.objects.get(case=case).status == "published"  # a reason is required
    client.post(reverse("library:withdraw", args=[case.pk]), {"reason": "Verouderd"})
    assert Publication.objects.get(case=case).status == "withdrawn"


def test_the_open_data_is_valid_exchange_format_and_csv(client, published, case):
    from guidance_ethics.reports import exchange

    blob = b"".join(client.get(reverse("library:open_data_json")).streaming_content)
    document = json.loads(blob)
    assert exchange.validate(document) == []
    assert [c["case"]["title"] for c in document["cases"]] == [case.title]
    table = b"".join(client.get(reverse("library:open_data_csv")).streaming_content)
    lines = table.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{case.pk};{case.title};")
