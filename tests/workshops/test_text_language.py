"""Language of parts (issue 24, point 20; WCAG 3.1.2): every participant text and the case
are stored with their language, carried in the state and events as ``lang``, and a text in
the other language than the page's is marked with ``lang`` where it is drawn."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from guidance_ethics.cases import actions as cases
from guidance_ethics.lib.language import text_language
from guidance_ethics.live.models import Event
from guidance_ethics.reports import document, formats
from guidance_ethics.reports import queries as report_queries
from guidance_ethics.workshops import actions, comoderator_actions, queries
from guidance_ethics.workshops.models import Evaluation, Phase
from guidance_ethics.workshops.queries import PARTICIPANT_COOKIE

ENGLISH = "The cameras also film the people who live there at night"
DUTCH = "De camera's filmen ook de mensen die er 's nachts wonen"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (DUTCH, "nl"),
        (ENGLISH, "en"),
        ("Winkeliers in het centrum", "nl"),
        ("Shop owners in the centre", "en"),
        ("Winkeliers", ""),  # a name says too little
        ("", ""),
    ],
)
def test_the_language_of_a_text(text, language):
    assert text_language(text) == language


def test_contributions_carry_their_language_in_the_state_and_events(workshop, join, alice, mona):
    participant, _token = join()
    actions.set_phase(alice, workshop, Phase.CASE)
    actions.add_question(participant, workshop, text="Who sees the footage and for how long?")
    actions.set_phase(alice, workshop, Phase.ACTORS)
    actions.add_actor(participant, workshop, name="Shop owners in the centre")
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    english = actions.add_effect(participant, workshop, text=ENGLISH, polarity="negative")
    dutch = actions.add_effect(participant, workshop, text=DUTCH, polarity="negative")
    assert (english.language, dutch.language) == ("en", "nl")
    state = queries.state(workshop, staff=False)
    assert state["questions"][0]["lang"] == "en"
    assert state["actors"][0]["lang"] == "en"
    assert [e["lang"] for e in state["effects"]] == ["en", "nl"]
    assert state["case"]["lang"] == "nl"
    added = Event.objects.filter(workshop=workshop, kind="effect.added").order_by("seq")
    assert [json.loads(e.public)["lang"] for e in added] == ["en", "nl"]

    privacy = comoderator_actions.add_value(mona, workshop, catalogue_key="privacy")
    actions.set_phase(alice, workshop, Phase.TRANSITION)
    actions.cast_votes(participant, workshop, {privacy.pk: 1})
    actions.set_phase(alice, workshop, Phase.OPTIONS)
    option = actions.add_option(
        participant, workshop, value=privacy.pk, direction="technology", text=ENGLISH
    )
    assert option.language == "en"
    assert queries.state(workshop, staff=False)["options"][0]["lang"] == "en"
    actions.set_phase(alice, workshop, Phase.CLOSING)
    actions.submit_evaluation(
        participant, workshop, changed_view="yes", message="I learnt what the others fear."
    )
    assert Evaluation.objects.get().language == "en"


def test_a_text_in_the_other_language_is_marked_where_it_is_drawn(client, workshop, join, alice):
    participant, token = join()
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    actions.add_effect(participant, workshop, text=ENGLISH, polarity="negative")
    actions.add_effect(participant, workshop, text=DUTCH, polarity="positive")
    client.cookies[PARTICIPANT_COOKIE.format(workshop.pk)] = token
    address = reverse("workshops:participate", args=[workshop.pk])
    dutch_page = client.get(address).content.decode()
    # The script draws each item from the embedded state and marks it when its language is
    # not the page's (live.js itemLine; tests/browser/test_value_languages.py draws it).
    assert {e["text"]: e["lang"] for e in _state(dutch_page)["effects"]} == {
        ENGLISH: "en",
        DUTCH: "nl",
    }
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english_page = client.get(address).content.decode()
    assert '<html lang="en"' in english_page
    assert (
        '<h1 class="utrecht-heading-1 ge-phone-header__title" lang="nl">'
        "Dronetoezicht op De Vaart</h1>" in english_page
    )


def _state(page: str) -> dict:
    found = re.search(r'<script id="live-state" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_an_english_case_title_is_marked_on_dutch_pages(client, technology, alice, mona):
    from datetime import timedelta

    from django.utils import timezone

    case = cases.describe_case(
        alice,
        technology,
        title="Drones over the business park",
        context="Night patrols over a business park.",
        decisions="The control room decides whether a unit goes.",
        domain="safety",
        phase="before",
        question="Under which conditions is this acceptable?",
    )
    assert case.language == "en"
    workshop = actions.plan_workshop(
        alice,
        case,
        starts_at=timezone.now() + timedelta(days=1),
        format="physical",
        moderator=alice,
        co_moderator=mona,
    )
    client.force_login(alice)
    board = client.get(reverse("workshops:board", args=[workshop.pk])).content.decode()
    assert (
        '<h1 class="utrecht-heading-1 ge-board__title" lang="en">Drones over the business park</h1>'
        in board
    )


def test_the_report_marks_lines_in_the_other_language(workshop, join, alice):
    participant, _token = join()
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    actions.add_effect(participant, workshop, text=ENGLISH, polarity="negative")
    actions.close_workshop(alice, workshop)
    report = report_queries.latest(workshop)
    with translation.override("nl"):
        page = formats.html(document.build(report, document.EXTERNAL, "nl"))
    assert f'ge-prose" lang="en">{ENGLISH}</li>' in page
