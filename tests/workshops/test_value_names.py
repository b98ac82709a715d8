"""Values in every viewer's language (issue 24, point 9): a catalogue value is the catalogue's,
shown in the viewer's or the document's language; an own value has a name per language; a word
that means a catalogue value puts that value on the board."""

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from guidance_ethics.live.models import Event
from guidance_ethics.reports import document, formats, tables
from guidance_ethics.reports import queries as report_queries
from guidance_ethics.values.synonyms import SYNONYMS, catalogue_key_for
from guidance_ethics.workshops import actions, comoderator_actions, queries
from guidance_ethics.workshops.models import Phase, WorkshopValue
from guidance_ethics.workshops.queries import PARTICIPANT_COOKIE


def _board_values(page: str) -> list[str]:
    """The names a page's script draws: each value's name in the page's language, from the
    state the page embeds (live.js ``valueLabel``; the browser test shows the drawing)."""
    lang = re.search(r'<html lang="(\w+)"', page).group(1)
    state = json.loads(
        re.search(
            r'<script id="live-state" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    return [v["names"].get(lang) or v["name"] for v in state["values"] if not v.get("merged_into")]


def test_english_workspace_dutch_phones_and_reports_in_each_language(
    client, workshop, join, alice, mona
):
    participant, token = join()
    with translation.override("en"):
        justice = comoderator_actions.add_value(mona, workshop, catalogue_key="justice")
        effective = comoderator_actions.add_value(mona, workshop, name="effectiveness")
        own = comoderator_actions.add_value(mona, workshop, name="Night's rest")
    assert effective.value.key == "effectiveness"

    values = {v["id"]: v for v in queries.state(workshop, staff=False)["values"]}
    assert values[justice.pk]["name"] == "rechtvaardigheid"
    assert values[justice.pk]["names"] == {"nl": "rechtvaardigheid", "en": "justice"}
    assert values[effective.pk]["names"] == {"nl": "effectiviteit", "en": "effectiveness"}
    assert values[own.pk]["names"] == {"nl": "Night's rest", "en": "Night's rest"}
    added = [
        json.loads(e.public)
        for e in Event.objects.filter(workshop=workshop, kind="value.added").order_by("seq")
    ]
    assert [e["names"]["nl"] for e in added] == [
        "rechtvaardigheid",
        "effectiviteit",
        "Night's rest",
    ]

    client.cookies[PARTICIPANT_COOKIE.format(workshop.pk)] = token
    phone = client.get(
        reverse("workshops:participate", args=[workshop.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert _board_values(phone) == ["rechtvaardigheid", "effectiviteit", "Night's rest"]

    actions.set_phase(alice, workshop, Phase.TRANSITION)
    actions.cast_votes(participant, workshop, {justice.pk: 2, effective.pk: 1})
    actions.close_workshop(alice, workshop)
    report = report_queries.latest(workshop)
    with translation.override("nl"):
        dutch = formats.render(document.build(report, document.EXTERNAL, "nl"), "md").decode()
        dutch_csv = tables.csv_bytes(report.data, "votes").decode("utf-8-sig")
    with translation.override("en"):
        english = formats.render(document.build(report, document.EXTERNAL, "en"), "md").decode()
        english_csv = tables.csv_bytes(report.data, "votes").decode("utf-8-sig")
    for text in (dutch, dutch_csv):
        assert "rechtvaardigheid" in text and "effectiviteit" in text
        assert "justice" not in text and "effectiveness" not in text
    for text in (english, english_csv):
        assert "justice" in text and "effectiveness" in text
        assert "rechtvaardigheid" not in text and "effectiviteit" not in text


def test_a_record_taken_before_names_reads_the_catalogue_names(workshop, alice, mona):
    with translation.override("en"):
        comoderator_actions.add_value(mona, workshop, catalogue_key="justice")
    actions.close_workshop(alice, workshop)
    report = report_queries.latest(workshop)
    for value in report.data["values"]:  # as a report drafted before this change holds it
        del value["names"]
        value["name"] = "justice"
    with translation.override("nl"):
        built = document.build(report, document.EXTERNAL, "nl")
    assert "rechtvaardigheid" in formats.render(built, "md").decode()


def test_an_own_value_has_a_name_in_each_language(workshop, mona):
    with translation.override("nl"):
        own = comoderator_actions.add_value(mona, workshop, name="Nachtrust")
    assert own.names == {"nl": "Nachtrust", "en": "Nachtrust"}
    with translation.override("en"):
        comoderator_actions.rename_value(mona, workshop, own.pk, name="A night's rest")
    own.refresh_from_db()
    assert own.names == {"nl": "Nachtrust", "en": "A night's rest"}
    with translation.override("en"):
        assert own.label() == "A night's rest"
    assert own.label("nl") == "Nachtrust"


def test_a_renamed_catalogue_value_becomes_the_sessions_own(workshop, mona):
    safety = comoderator_actions.add_value(mona, workshop, catalogue_key="safety")
    with translation.override("en"):
        same = comoderator_actions.rename_value(mona, workshop, safety.pk, name="Safety")
        assert same.value.key == "safety"  # the catalogue's own name changes nothing
        comoderator_actions.rename_value(mona, workshop, safety.pk, name="Safety at night")
    safety.refresh_from_db()
    assert safety.value is None
    assert safety.names == {"nl": "Safety at night", "en": "Safety at night"}
    values = queries.state(workshop, staff=True)["values"]
    assert values[0]["catalogue"] is None and values[0]["name"] == "Safety at night"
    # The catalogue value can be put on the board again, beside the renamed one.
    again = comoderator_actions.add_value(mona, workshop, catalogue_key="safety")
    assert again.pk != safety.pk


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("doelmatigheid", "efficiency"),
        ("Doelmatigheid ", "efficiency"),
        ("efficiëntie", "efficiency"),
        ("fairness", "justice"),
        ("zelfbeschikking", "autonomy"),
        ("control over one's own data", "data_control"),
    ],
)
def test_a_word_that_means_a_catalogue_value_puts_the_catalogue_value(workshop, mona, typed, key):
    value = comoderator_actions.add_value(mona, workshop, name=typed)
    assert value.value.key == key and value.value.organisation is None
    assert comoderator_actions.add_value(mona, workshop, catalogue_key=key).pk == value.pk
    assert WorkshopValue.objects.filter(workshop=workshop).count() == 1


def test_an_own_name_stays_own(workshop, mona):
    value = comoderator_actions.add_value(mona, workshop, name="Nachtrust van de buurt")
    assert value.value is None or value.value.organisation is not None
    with pytest.raises(ValidationError):
        comoderator_actions.add_value(mona, workshop, name="   ")


def test_no_word_means_two_values():
    seen: dict[str, str] = {}
    for key, (dutch, english) in SYNONYMS.items():
        assert dutch and english, key
        for word in [*dutch, *english]:
            assert catalogue_key_for(word) == seen.setdefault(word.casefold(), key) == key


def test_the_workspace_offers_the_catalogue_value_for_a_synonym(client, workshop, mona):
    client.force_login(mona)
    page = client.get(
        reverse("workshops:workspace", args=[workshop.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    datalist = page[page.index('<datalist id="value-names">') :]
    datalist = datalist[: datalist.index("</datalist>")]
    options = re.findall(r'<option value="([^"]*)" data-key="([^"]*)"', datalist)
    assert ("efficiëntie", "efficiency") in options
    assert '<option value="doelmatigheid" data-key="efficiency" label="efficiëntie">' in datalist
    # The catalogue's names come first, then the words that mean them.
    assert options.index(("efficiëntie", "efficiency")) < options.index(
        ("doelmatigheid", "efficiency")
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("workshops:workspace", args=[workshop.pk])).content.decode()
    assert '<option value="cost savings" data-key="efficiency" label="efficiency">' in english


def test_library_values_and_actions_show_catalogue_values_in_the_readers_language():
    from guidance_ethics.followup.models import Action
    from guidance_ethics.library.models import EntryValue

    catalogue = EntryValue(key="justice", name="justice")
    own = EntryValue(key="", name="Nachtrust")
    action = Action(value_key="efficiency", value_name="efficiëntie")
    with translation.override("nl"):
        assert (catalogue.label, own.label, action.value_label) == (
            "rechtvaardigheid",
            "Nachtrust",
            "efficiëntie",
        )
    with translation.override("en"):
        assert (catalogue.label, own.label, action.value_label) == (
            "justice",
            "Nachtrust",
            "efficiency",
        )
