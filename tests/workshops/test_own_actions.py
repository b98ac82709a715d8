"""A participant's own contributions (workshops/own_actions.py): the author's marker, a
correction and a withdrawal while the phase is open, the events the board and the
moderators get, and private writing as the author sees it (issue 24, point 7)."""

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError

from guidance_ethics.live.models import Event
from guidance_ethics.workshops import actions, comoderator_actions, own_actions, payloads, queries
from guidance_ethics.workshops.models import Effect, Phase, Workshop


def last_event(workshop):
    return Event.objects.filter(workshop=workshop).order_by("-seq").first()


@pytest.fixture
def writing(workshop, join, alice):
    """Two participants in the effects phase; the first has written an effect."""
    author, _ = join()
    other, _ = join(group="professional")
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    effect = actions.add_effect(author, workshop, text="Minder inbraken", polarity="positive")
    return author, other, effect


def test_an_items_mark_is_what_only_its_authors_key_recomputes(workshop, writing, mona):
    author, other, effect = writing
    item = json.loads(last_event(workshop).public)
    key = queries.state(workshop, staff=False, participant=author)["me"]["key"]
    expected = hashlib.sha256(f"{key}:effect:{effect.pk}".encode()).hexdigest()[:20]
    assert item["mark"] == expected
    other_key = queries.state(workshop, staff=False, participant=other)["me"]["key"]
    assert other_key != key
    assert hashlib.sha256(f"{other_key}:effect:{effect.pk}".encode()).hexdigest()[:20] != expected
    # Nothing in the item names its author.
    assert "participant" not in item and set(item) == {
        *("id", "text", "lang", "polarity", "actor", "merged_into", "values", "signed", "scribe"),
        "mark",
    }
    scribed = actions.add_effect(mona, workshop, text="Door de notulist", polarity="negative")
    assert "mark" not in payloads.effect(scribed, values=[])


def test_the_author_corrects_an_effect_and_everyone_sees_it_edited(workshop, writing):
    author, _other, effect = writing
    own_actions.edit_own(author, workshop, "effect", effect.pk, text="Veel minder inbraken")
    effect.refresh_from_db()
    assert effect.text == "Veel minder inbraken" and effect.edited
    event = last_event(workshop)
    assert event.kind == "effect.updated"
    public, staff = json.loads(event.public), json.loads(event.staff)
    assert public["text"] == "Veel minder inbraken" and public["edited"] is True
    assert staff["edited"] is True and staff["hidden"] is False
    own_actions.edit_own(author, workshop, "effect", effect.pk, polarity="negative")
    assert Effect.objects.get(pk=effect.pk).polarity == "negative"


def test_someone_elses_item_is_not_found_and_nothing_changes(workshop, writing):
    _author, other, effect = writing
    seq = Workshop.objects.get(pk=workshop.pk).last_seq
    with pytest.raises(own_actions.NotYours):
        own_actions.edit_own(other, workshop, "effect", effect.pk, text="Overgenomen")
    with pytest.raises(own_actions.NotYours):
        own_actions.withdraw_own(other, workshop, "effect", effect.pk)
    with pytest.raises(own_actions.NotYours):
        own_actions.withdraw_own(other, workshop, "poll", effect.pk)
    assert Effect.objects.get(pk=effect.pk).text == "Minder inbraken"
    assert Workshop.objects.get(pk=workshop.pk).last_seq == seq


@pytest.mark.parametrize("gate", ["phase", "locked", "closed"])
def test_a_closed_phase_paused_input_or_closed_session_refuses_a_change(
    workshop, writing, alice, gate
):
    author, _other, effect = writing
    if gate == "phase":
        actions.set_phase(alice, workshop, Phase.VALUES)
    elif gate == "locked":
        actions.set_input_lock(alice, workshop, True)
    else:
        actions.close_workshop(alice, workshop)
    seq = Workshop.objects.get(pk=workshop.pk).last_seq
    for change in (
        lambda: own_actions.edit_own(author, workshop, "effect", effect.pk, text="Later"),
        lambda: own_actions.withdraw_own(author, workshop, "effect", effect.pk),
    ):
        with pytest.raises(ValidationError) as refusal:
            change()
        assert refusal.value.code in {"wrong_phase", "locked", "closed"}
    effect.refresh_from_db()
    assert effect.text == "Minder inbraken" and not effect.withdrawn
    assert Workshop.objects.get(pk=workshop.pk).last_seq == seq


def test_a_correction_keeps_the_text_rules(workshop, writing):
    author, _other, effect = writing
    with pytest.raises(ValidationError):
        own_actions.edit_own(author, workshop, "effect", effect.pk, text="x" * 2001)
    with pytest.raises(ValidationError):
        own_actions.edit_own(author, workshop, "effect", effect.pk, name="Een naam")
    with pytest.raises(ValidationError):
        own_actions.edit_own(author, workshop, "effect", effect.pk, polarity="neutral")
    effect.refresh_from_db()
    assert effect.text == "Minder inbraken" and effect.polarity == "positive" and not effect.edited


def test_a_merged_effect_can_no_longer_change(workshop, writing, mona, alice):
    author, _other, effect = writing
    twin = actions.add_effect(author, workshop, text="Minder inbraak", polarity="positive")
    comoderator_actions.merge_effects(mona, workshop, source=twin.pk, target=effect.pk)
    for item in (effect, twin):
        with pytest.raises(ValidationError) as refusal:
            own_actions.edit_own(author, workshop, "effect", item.pk, text="Anders")
        assert refusal.value.code == "merged"


def test_a_withdrawn_item_leaves_the_phones_and_the_board_for_good(workshop, writing, alice):
    author, other, effect = writing
    actions.set_spotlight(alice, workshop, f"effect:{effect.pk}")
    own_actions.withdraw_own(author, workshop, "effect", effect.pk)
    effect.refresh_from_db()
    assert effect.withdrawn and effect.hidden
    kinds = list(Event.objects.filter(workshop=workshop).order_by("-seq")[:2])
    assert [e.kind for e in kinds] == ["status", "item.withdrawn"]
    withdrawn = kinds[1]
    assert json.loads(withdrawn.public) == {"type": "effect", "id": effect.pk}
    assert json.loads(withdrawn.staff)["item"]["withdrawn"] is True
    assert Workshop.objects.get(pk=workshop.pk).spotlight == ""
    assert queries.state(workshop, staff=False, participant=other)["effects"] == []
    with pytest.raises(ValidationError):  # the moderators cannot show it again
        actions.set_hidden(alice, workshop, kind="effect", item_id=effect.pk, hidden=False)
    with pytest.raises(own_actions.NotYours):  # nor can the author change it any more
        own_actions.edit_own(author, workshop, "effect", effect.pk, text="Terug")


@pytest.mark.parametrize(
    ("kind", "phase", "add", "field"),
    [
        ("question", Phase.CASE, lambda p, w: actions.add_question(p, w, text="Hoe?"), "text"),
        ("actor", Phase.ACTORS, lambda p, w: actions.add_actor(p, w, name="Buren"), "name"),
    ],
)
def test_questions_and_actors_are_corrected_in_their_phase(
    workshop, join, alice, kind, phase, add, field
):
    author, _ = join()
    actions.set_phase(alice, workshop, phase)
    item = add(author, workshop)
    own_actions.edit_own(author, workshop, kind, item.pk, **{field: "Gecorrigeerd"})
    event = last_event(workshop)
    assert event.kind == f"{kind}.updated"
    assert json.loads(event.public)[field] == "Gecorrigeerd"


def test_an_option_is_corrected_in_the_options_phase(workshop, join, alice, mona):
    author, _ = join()
    value = comoderator_actions.add_value(mona, workshop, catalogue_key="privacy")
    actions.set_phase(alice, workshop, Phase.TRANSITION)
    actions.cast_votes(author, workshop, {value.pk: 1})
    actions.set_phase(alice, workshop, Phase.OPTIONS)
    option = actions.add_option(author, workshop, value=value.pk, direction="human", text="Uitleg")
    own_actions.edit_own(
        author, workshop, "option", option.pk, text="Betere uitleg", direction="technology"
    )
    assert json.loads(last_event(workshop).public)["direction"] == "technology"


def test_with_private_writing_the_author_alone_sees_their_effect(workshop, join, alice):
    Workshop.objects.filter(pk=workshop.pk).update(private_writing=True)
    workshop.refresh_from_db()
    author, _ = join()
    other, _ = join()
    actions.set_phase(alice, workshop, Phase.EFFECTS)
    effect = actions.add_effect(author, workshop, text="Geheim", polarity="negative")
    mine = queries.state(workshop, staff=False, participant=author)["me"]["private"]
    assert [e["text"] for e in mine] == ["Geheim"] and mine[0]["revealed"] is False
    assert queries.state(workshop, staff=False, participant=other)["me"]["private"] == []
    assert queries.state(workshop, staff=False, participant=author)["effects"] == []
    own_actions.edit_own(author, workshop, "effect", effect.pk, text="Nog geheimer")
    assert last_event(workshop).public is None  # a correction stays private too
    actions.reveal_effects(alice, workshop)
    assert queries.state(workshop, staff=False, participant=author)["me"]["private"] == []
