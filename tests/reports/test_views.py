import io
import zipfile

import pytest
from django.urls import reverse

from guidance_ethics.reports import queries
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops.models import Effect


def test_the_report_page_shows_the_whole_report(client, bob, held, report):
    client.force_login(bob)
    response = client.get(reverse("reports:report", args=[held.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for effect in Effect.objects.filter(workshop=held, merged_into=None):
        assert effect.text.replace("'", "&#x27;") in page
    assert page.count("<svg") == 3
    assert "Verslag: " in page
    assert reverse("reports:edit", args=[held.pk]) not in page  # bob only reads


def test_the_report_page_queries_do_not_grow_with_the_session(client, alice, held, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    url = reverse("reports:report", args=[held.pk])
    client.get(url)  # warm the session and the language
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    Effect.objects.bulk_create(
        Effect(workshop=held, polarity="positive", text=f"Nog een effect {n}") for n in range(40)
    )
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small) <= 25


def test_a_member_may_not_read_the_internal_version(client, bob, held, report):
    client.force_login(bob)
    assert client.get(reverse("reports:report", args=[held.pk]) + "?intern=1").status_code == 403
    url = reverse("reports:download", args=[held.pk, 1, "intern", "md"])
    assert client.get(url).status_code == 403


def test_an_unknown_version_or_format_is_not_found(client, alice, held, report):
    client.force_login(alice)
    assert client.get(reverse("reports:report", args=[held.pk]) + "?versie=9").status_code == 404
    assert (
        client.get(reverse("reports:download", args=[held.pk, 9, "extern", "md"])).status_code
        == 404
    )
    assert (
        client.get(reverse("reports:download", args=[held.pk, 1, "extern", "exe"])).status_code
        == 404
    )
    assert (
        client.get(reverse("reports:download", args=[held.pk, 1, "geheim", "md"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("fmt", "start", "content_type"),
    [
        ("pdf", b"%PDF", "application/pdf"),
        ("docx", b"PK", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("odt", b"PK", "application/vnd.oasis.opendocument.text"),
        ("md", b"# ", "text/markdown; charset=utf-8"),
    ],
)
def test_every_format_downloads(client, bob, held, report, fmt, start, content_type):
    client.force_login(bob)
    response = client.get(reverse("reports:download", args=[held.pk, 1, "extern", fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(start)
    assert response["Content-Disposition"].startswith('attachment; filename="verslag-')


def test_editing_and_finalising_in_the_browser_flow(client, alice, held, report):
    client.force_login(alice)
    edit = reverse("reports:edit", args=[held.pk])
    response = client.post(edit, {"summary": "x" * 20001, "next_steps": ""})
    assert (
        response.status_code == 200 and "utrecht-form-field--invalid" in response.content.decode()
    )
    response = client.post(
        edit, {"summary": "Kort en goed.", "next_steps": "Verder.", "name_moderators": "on"}
    )
    assert response.status_code == 302
    client.post(reverse("reports:finalise", args=[held.pk, 1]))
    report.refresh_from_db()
    assert report.is_final and report.name_moderators
    assert client.get(edit).status_code == 302  # a final version is not edited
    client.post(reverse("reports:reopen", args=[held.pk, 1]))
    assert list(Report.objects.filter(workshop=held).values_list("version", "status")) == [
        (2, "draft"),
        (1, "final"),
    ]
    old = client.get(reverse("reports:download", args=[held.pk, 1, "extern", "md"]))
    assert old.status_code == 200 and "Kort en goed." in old.content.decode()


def test_the_csv_bundle_is_excel_friendly(client, bob, held, report):
    client.force_login(bob)
    response = client.get(reverse("reports:data_zip", args=[held.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        effects = archive.read("effecten.csv")
    assert names == sorted(
        [
            "effecten.csv",
            "waardekoppelingen.csv",
            "stemmen.csv",
            "handelingsopties.csv",
            "evaluaties.csv",
        ]
    )
    assert effects.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    text = effects.decode("utf-8-sig")
    assert (
        text.splitlines()[0] == "Nummer;Actor;Positief of negatief;Effect;Samengevoegd met;Waarden"
    )
    assert len(text.splitlines()) == 1 + Effect.objects.filter(workshop=held).count()


def test_csv_headers_follow_the_language_and_formulas_stay_text(client, bob, held, report):
    Effect.objects.filter(workshop=held).update(text='=HYPERLINK("http://x")')
    client.force_login(bob)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("reports:data_csv", args=[held.pk, "effects"]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Number;Actor;Positive or negative")
    assert ";'=HYPERLINK" in text.replace('"', "")


def test_a_case_exports_and_imports_through_the_pages(client, alice, held, report):
    from guidance_ethics.cases.models import Case

    client.force_login(alice)
    exported = client.get(reverse("reports:case_export", args=[held.case.pk]))
    assert exported["Content-Type"] == "application/json"
    url = reverse("reports:case_import", args=[held.organisation.slug])
    upload = io.BytesIO(exported.content)
    upload.name = "casus.json"
    before = Case.objects.count()
    response = client.post(url, {"document": upload, "moderator": alice.pk})
    assert response.status_code == 302
    assert Case.objects.count() == before + 1


def test_a_broken_upload_shows_its_problems_and_imports_nothing(client, alice, held):
    from guidance_ethics.cases.models import Case

    client.force_login(alice)
    url = reverse("reports:case_import", args=[held.organisation.slug])
    before = Case.objects.count()
    for content, shown in (
        (b"{ niet af", "Dit is geen JSON-bestand"),
        (b"\xff\xfe", "Dit is geen JSON-bestand"),
        (b'{"format": "iets anders"}', "<code>$.format</code>: Dit moet &quot;guidance-ethics"),
        (b'{"format": "iets anders"}', "<code>$.version</code>: Dit veld is verplicht."),
    ):
        upload = io.BytesIO(content)
        upload.name = "kapot.json"
        response = client.post(url, {"document": upload, "moderator": alice.pk})
        assert response.status_code == 200
        assert shown in response.content.decode()
    assert Case.objects.count() == before


def test_the_draft_button_for_a_closed_session_without_report(client, alice, held):
    Report.objects.filter(workshop=held).delete()
    client.force_login(alice)
    page = client.get(reverse("reports:report", args=[held.pk])).content.decode()
    assert reverse("reports:draft", args=[held.pk]) in page
    client.post(reverse("reports:draft", args=[held.pk]))
    assert queries.latest(held).version == 1


def test_the_schema_is_public(client):
    response = client.get(reverse("reports:exchange_schema"))
    assert response.status_code == 200 and response.json()["title"].startswith("guidance-ethics")
