"""Hostile exchange files (issue 10): files of the wrong schema, huge, deeply nested, zip
bombs, archives with other content, duplicate references, numbers no one can read. Each is
refused, through the web form and the CLI, with a clear error, and the database is
unchanged: not a row in any table."""

import copy
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from guidance_ethics.reports import exchange
from tests.reports.conftest import held, report  # noqa: F401 (fixtures)
from tests.reports.test_exchange import elsewhere, exported  # noqa: F401 (fixtures)

# Tables a request may write without importing anything (who logged in, and from where).
BOOKKEEPING = {"sessions.Session", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}


def rows() -> dict:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.label not in BOOKKEEPING
    }


def zipped(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    """One .json member of ``megabytes`` MB of spaces, about a thousandth of that packed."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("cases.json", "w", force_zip64=True) as member,
    ):
        member.write(b"{")
        for _ in range(megabytes):
            member.write(b" " * 2**20)
        member.write(b"}")
    return buffer.getvalue()


def with_duplicate_effect(document):
    broken = copy.deepcopy(document)
    effects = broken["cases"][0]["workshops"][0]["effects"]
    effects.append(copy.deepcopy(effects[0]))
    return json.dumps(broken).encode()


def with_line_break_in_a_name(document):
    broken = copy.deepcopy(document)
    broken["cases"][0]["workshops"][0]["actors"][0]["name"] = "Buurt\nBcc: x@evil.test"
    return json.dumps(broken).encode()


def hostile_files(document):
    valid = json.dumps(document).encode()
    return {
        "wrong format": (b'{"format": "iets anders", "version": 1}', "$.format"),
        "not JSON": (b"\x00\x01\x02 binary", "Dit is geen JSON-bestand"),
        "not UTF-8": ('{"titel": "café"}'.encode("latin-1"), "UTF-8"),
        "an array": (b"[1, 2, 3]", "JSON-object"),
        "huge": (b"{" + b" " * (11 * 2**20) + b"}", "groter dan 10 MB"),
        "nested beyond the parser": (b"[" * 200_000 + b"]" * 200_000, "te diep genest"),
        "nested beyond the format": (
            b'{"cases": ' + b'{"a": ' * 100 + b"1" + b"}" * 100 + b"}",
            "te diep genest",
        ),
        "a number of 5,000 digits": (b'{"cases": ' + b"9" * 5000 + b"}", "Dit is geen JSON"),
        "NaN": (b'{"format": NaN}', "Dit is geen JSON"),
        "a zip bomb": (zip_bomb(200), "meer dan 10 MB"),
        "an archive with two files": (zipped({"a.json": valid, "b.json": valid}), "precies één"),
        "an archive in an archive": (
            zipped({"inner.zip": zipped({"a.json": valid})}),
            "precies één",
        ),
        "a broken archive": (b"PK\x03\x04" + b"\x00" * 100, "geen leesbaar zip-archief"),
        "a path outside": (zipped({"../../etc/cases.json": b"{}"}), "$.format"),
        "duplicate references": (with_duplicate_effect(document), "komt twee keer voor"),
        "a lone surrogate": (
            valid.replace(b'"text": "', b'"text": "\\ud800', 1),
            "tekens die geen geldige tekst zijn",
        ),
        "a line break in a name": (with_line_break_in_a_name(document), "op één regel"),
        "a million wrong items": (
            json.dumps({**document, "cases": [{}] * 100_000}).encode(),
            "problemen",
        ),
    }


@pytest.fixture
def files(exported):  # noqa: F811 (a fixture)
    return hostile_files(exported)


def test_each_hostile_file_is_refused_on_the_web_and_changes_nothing(
    client,
    files,
    elsewhere,  # noqa: F811 (a fixture)
):
    organisation, person = elsewhere
    client.force_login(person)
    url = reverse("reports:case_import", args=[organisation.slug])
    before = rows()
    for name, (content, shown) in files.items():
        upload = io.BytesIO(content)
        upload.name = "casussen.zip" if content[:2] == b"PK" else "casussen.json"
        response = client.post(url, {"document": upload, "moderator": person.pk})
        assert response.status_code == 200, name
        page = response.content.decode()
        assert shown in page, (name, shown)
        assert rows() == before, name


def test_a_valid_file_in_an_archive_is_imported(client, exported, elsewhere):  # noqa: F811
    organisation, person = elsewhere
    client.force_login(person)
    upload = io.BytesIO(zipped({"export.json": json.dumps(exported).encode()}))
    upload.name = "casussen.zip"
    url = reverse("reports:case_import", args=[organisation.slug])
    response = client.post(url, {"document": upload, "moderator": person.pk})
    assert response.status_code == 302
    assert organisation.cases.count() == 1


def test_each_hostile_file_is_refused_by_the_cli_and_changes_nothing(
    tmp_path,
    files,
    elsewhere,  # noqa: F811 (a fixture)
):
    organisation, person = elsewhere
    before = rows()
    for name, (content, _shown) in files.items():
        if name == "huge":
            continue  # the command line takes large files; this one is merely empty
        path = tmp_path / "file"
        path.write_bytes(content)
        with pytest.raises(CommandError):
            call_command(
                "import", str(path), organisation=organisation.slug, moderator=person.email
            )
        assert rows() == before, name


def test_the_problems_of_a_file_are_capped():
    problems = exchange.validate({"format": "x", "version": 1, "cases": [{}] * 100_000})
    assert 0 < len(problems) <= exchange.MAX_PROBLEMS


def test_control_characters_and_direction_overrides_in_an_import_are_cleaned(
    client,
    exported,  # noqa: F811 (a fixture)
    elsewhere,  # noqa: F811 (a fixture)
):
    """An import is free text from outside, cleaned as what a participant types."""
    from guidance_ethics.workshops.models import Effect

    organisation, person = elsewhere
    client.force_login(person)
    hostile = copy.deepcopy(exported)
    effect = hostile["cases"][0]["workshops"][0]["effects"][0]
    effect["text"] = "Camera\x07s\u202e kijken\uffff mee\x00\ufdd0"
    upload = io.BytesIO(json.dumps(hostile).encode())
    upload.name = "casussen.json"
    url = reverse("reports:case_import", args=[organisation.slug])
    response = client.post(url, {"document": upload, "moderator": person.pk})
    assert response.status_code == 302
    assert Effect.objects.filter(
        workshop__organisation=organisation, text="Cameras kijken mee"
    ).exists()
