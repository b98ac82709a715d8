"""One word per thing in the Dutch texts (issue 24, point 22), and sentences that end."""

import re
from datetime import UTC, datetime
from pathlib import Path

import django
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, translation

import guidance_ethics
from guidance_ethics.cases.models import Technology
from tests.core.test_i18n import PO, po_entries

# A word the platform does not use, with the one it uses instead.
BANNED = {
    r"\bnotulist": "co-moderator (METHOD-NOTES: the co-moderator writes along)",
    r"\bbijwerking": "voortgang / voortgangsnotitie (a 'bijwerking' is a side effect)",
    r"\boptie toevoegen\b": "handelingsoptie toevoegen",
    r"(?<!handelings)\bopties?\b": "handelingsoptie",
}

SENTENCE_END = re.compile(r'[.!?…][”")»]?$')


def test_the_dutch_texts_use_one_word_per_thing():
    found = [
        (word, msgstr)
        for msgstr in po_entries(PO.read_text(encoding="utf-8")).values()
        for word in BANNED
        if re.search(word, msgstr, re.IGNORECASE)
    ]
    assert found == []


def test_every_dutch_sentence_ends_as_its_english_one():
    unfinished = [
        (msgid, msgstr)
        for msgid, msgstr in po_entries(PO.read_text(encoding="utf-8")).items()
        if msgid.endswith(".") and msgstr and not SENTENCE_END.search(msgstr)
    ]
    assert unfinished == []


def test_djangos_validation_messages_end_with_a_full_stop_in_dutch():
    """Django's own Dutch, as the platform shows it (our catalogue first)."""
    django_po = Path(django.__file__).parent / "conf/locale/nl/LC_MESSAGES/django.po"
    sentences = [
        msgid
        for msgid in po_entries(django_po.read_text(encoding="utf-8"))
        if msgid.endswith(".") and " " in msgid  # sentences, not "Jan." or "Sept."
    ]
    assert "This field cannot be blank." in sentences
    with translation.override("nl"):
        unfinished = [m for m in sentences if not SENTENCE_END.search(translation.gettext(m))]
    assert unfinished == []


@pytest.mark.django_db
def test_a_blank_field_is_refused_with_a_full_sentence():
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        Technology(name="").full_clean()
    assert "Dit veld mag niet leeg zijn." in error.value.message_dict["name"]


@pytest.mark.django_db
def test_the_join_page_mentions_a_name_only_where_names_are_allowed(client, workshop):
    address = reverse("workshops:join", args=[workshop.join_code])
    page = client.get(address).content.decode()
    assert "uw naam" not in page.lower()
    assert "zonder naam" in page and "Namens welke groep doet u mee?" in page
    workshop.allow_display_names = True
    workshop.save(update_fields=["allow_display_names"])
    page = client.get(address).content.decode()
    assert "Uw naam" in page and "tenzij u uw naam geeft" in page


@pytest.mark.django_db
def test_dates_have_one_format_in_each_language():
    moment = datetime(2026, 12, 5, 14, 30, tzinfo=UTC)
    with translation.override("nl"):
        assert formats.date_format(moment) == "5 december 2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "5 december 2026, 14:30"
    with translation.override("en"):
        assert formats.date_format(moment) == "5 December 2026"
    templates = Path(guidance_ethics.__file__).parent.glob("*/templates/**/*.html")
    by_hand = [
        (path.name, found)
        for path in templates
        for found in re.findall(r'\|date:"([^"]*)"', path.read_text(encoding="utf-8"))
        if found != "DATETIME_FORMAT"
    ]
    assert by_hand == []


@pytest.mark.django_db
def test_organisation_types_are_capitalised_where_they_stand_alone():
    from guidance_ethics.library.forms import LibraryForm

    with translation.override("nl"):
        labels = [str(label) for _key, label in LibraryForm().fields["organisatie"].choices]
    assert labels[:3] == ["Alle", "Politie", "Gemeente"]
