import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guidance_ethics.live.models import Event
from guidance_ethics.workshops import actions, comoderator_actions, queries
from guidance_ethics.workshops.models import (
    JOIN_CODE_ALPHABET,
    Effect,
    Evaluation,
    Phase,
    Workshop,
    WorkshopValue,
)


def events(workshop):
    return list(Event.objects.filter(workshop=workshop).order_by("seq"))


def go_to(workshop, phase, by):
    return actions.set_phase(by, workshop, phase)


def test_plan_gives_an_unguessable_join_code(workshop):
    assert len(workshop.join_code) >= 8
    assert set(workshop.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL5S8B2Z") & set(JOIN_CODE_ALPHABET)


def test_member_cannot_plan(case, bob, alice, mona):
    with pytest.raises(PermissionDenied):
        actions.plan_workshop(
            bob, case, starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona
        )


def test_moderators_must_be_members_of_the_organisation(case, alice, charlie):
    with pytest.raises(ValidationError) as error:
        actions.plan_workshop(
            alice,
            case,
            starts_at=timezone.now(),
            format="online",
            moderator=charlie,
            co_moderator=alice,
        )
    assert "moderator" in error.value.message_dict
    assert not Workshop.objects.exists()


@pytest.mark.parametrize(
    "change", [{"values_forward": 0}, {"votes_per_participant": 99}, {"format": "telepathic"}]
)
def test_bad_settings_are_refused(case, alice, mona, change):
    values = {
        "starts_at": timezone.now() + timedelta(days=1),
        "format": "hybrid",
        "moderator": alice,
        "co_moderator": mona,
        **change,
    }
    with pytest.raises(ValidationError):
        actions.plan_workshop(alice, case, **values)


def test_join_with_code_in_any_case_and_spacing(workshop, join):
    code = workshop.join_code.lower()
    participant, token = join(code=f" {code[:4]}-{code[4:]} ")
    assert participant.workshop == workshop
    assert queries.participant_by_token(workshop.pk, token) == participant
    assert token not in participant.token_hash


@pytest.mark.parametrize("bad", [{"code": "NOPE1234"}, {"group": "alien"}])
def test_bad_join_is_refused(workshop, join, bad):
    with pytest.raises(ValidationError):
        join(**bad)


def test_participant_adds_effect_only_in_the_effects_phase(workshop, join, alice):
    participant, _ = join()
    with pytest.raises(ValidationError) as error:
        actions.add_effect(participant, workshop, text="Sneller ter plaatse", polarity="positive")
    assert error.value.code == "wrong_phase"
    go_to(workshop, Phase.EFFECTS, alice)
    effect = actions.add_effect(
        participant, workshop, text=" Sneller ter plaatse ", polarity="positive"
    )
    assert effect.text == "Sneller ter plaatse"


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001, None, 5])
def test_bad_effect_text_is_refused_and_nothing_changes(workshop, join, alice, text):
    participant, _ = join()
    go_to(workshop, Phase.EFFECTS, alice)
    before = Workshop.objects.get(pk=workshop.pk).last_seq
    with pytest.raises(ValidationError):
        actions.add_effect(participant, workshop, text=text, polarity="negative")
    assert not Effect.objects.exists()
    assert Workshop.objects.get(pk=workshop.pk).last_seq == before


def test_unknown_or_foreign_actor_is_refused(workshop, join, alice):
    participant, _ = join()
    go_to(workshop, Phase.EFFECTS, alice)
    with pytest.raises(ValidationError) as error:
        actions.add_effect(participant, workshop, text="x", polarity="negative", actor=999)
    assert "actor" in error.value.message_dict


def test_locked_input_refuses_participants_but_not_the_scribe(workshop, join, alice, mona):
    participant, _ = join()
    go_to(workshop, Phase.EFFECTS, alice)
    actions.set_input_lock(alice, workshop, True)
    with pytest.raises(ValidationError) as error:
        actions.add_effect(participant, workshop, text="x", polarity="negative")
    assert error.value.code == "locked"
    effect = actions.add_effect(mona, workshop, text="Gezegd in de zaal", polarity="negative")
    assert effect.scribed_by == mona and effect.participant is None


def test_participant_cannot_act_in_another_workshop(workshop, join, alice, mona, case):
    other = actions.plan_workshop(
        alice, case, starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona
    )
    participant, _ = join()
    actions.set_phase(alice, other, Phase.EFFECTS)
    with pytest.raises(PermissionDenied):
        actions.add_effect(participant, other, text="x", polarity="positive")


def test_participant_and_outsiders_cannot_moderate(workshop, join, bob, charlie):
    participant, _ = join()
    for someone in (participant, bob, charlie):
        with pytest.raises(PermissionDenied):
            actions.set_phase(someone, workshop, Phase.CASE)
        with pytest.raises(PermissionDenied):
            actions.set_hidden(someone, workshop, kind="effect", item_id=1, hidden=True)


def test_every_change_appends_one_event_with_gap_free_seq(workshop, join, alice, mona):
    participant, _ = join("professional")
    go_to(workshop, Phase.ACTORS, alice)
    actor = actions.add_actor(participant, workshop, name="Ondernemers")
    go_to(workshop, Phase.EFFECTS, alice)
    actions.add_effect(
        participant, workshop, text="Minder inbraken", polarity="positive", actor=actor.pk
    )
    log = events(workshop)
    assert [e.seq for e in log] == list(range(1, len(log) + 1))
    assert [e.kind for e in log] == [
        "status",
        "actor.added",
        "status",
        "effect.added",
    ]
    for event in log:
        json.loads(event.staff)
        if event.public is not None:
            json.loads(event.public)
    assert Workshop.objects.get(pk=workshop.pk).last_seq == len(log)


def test_private_writing_keeps_effects_from_participants_until_revealed(workshop, join, alice):
    Workshop.objects.filter(pk=workshop.pk).update(private_writing=True)
    workshop.refresh_from_db()
    participant, _ = join()
    go_to(workshop, Phase.EFFECTS, alice)
    actions.add_effect(participant, workshop, text="Geheim", polarity="negative")
    added = events(workshop)[-1]
    assert added.public is None and "Geheim" in added.staff
    assert queries.state(workshop, staff=False)["effects"] == []
    assert len(queries.state(workshop, staff=True)["effects"]) == 1
    actions.reveal_effects(alice, workshop)
    assert "Geheim" in events(workshop)[-1].public
    assert len(queries.state(workshop, staff=False)["effects"]) == 1


def test_hidden_items_leave_the_public_state_and_the_event_says_so(workshop, join, alice):
    participant, _ = join()
    go_to(workshop, Phase.EFFECTS, alice)
    effect = actions.add_effect(participant, workshop, text="Ongepast", polarity="negative")
    actions.set_hidden(alice, workshop, kind="effect", item_id=effect.pk, hidden=True)
    hidden = events(workshop)[-1]
    assert hidden.kind == "item.hidden" and "Ongepast" not in hidden.public
    assert queries.state(workshop, staff=False)["effects"] == []
    assert queries.state(workshop, staff=True)["effects"][0]["hidden"] is True
    assert Effect.objects.filter(pk=effect.pk).exists()


def test_voting_limits_and_choosing_values(workshop, join, alice, mona):
    first, _ = join()
    second, _ = join("technician")
    privacy = comoderator_actions.add_value(mona, workshop, catalogue_key="privacy")
    safety = comoderator_actions.add_value(mona, workshop, catalogue_key="safety")
    trust = comoderator_actions.add_value(mona, workshop, name="Vertrouwen in de politie")
    Workshop.objects.filter(pk=workshop.pk).update(values_forward=2)
    go_to(workshop, Phase.TRANSITION, alice)
    with pytest.raises(ValidationError) as error:
        actions.cast_votes(first, workshop, {privacy.pk: 4})
    assert error.value.message_dict["votes"]
    for bad in ({privacy.pk: -1}, {privacy.pk: 1.5}, {"x": 1}, {99999: 1}, [1, 2]):
        with pytest.raises(ValidationError):
            actions.cast_votes(first, workshop, bad)
    actions.cast_votes(first, workshop, {str(privacy.pk): 2, str(trust.pk): 1})
    actions.cast_votes(first, workshop, {str(privacy.pk): 3})  # changed their mind
    actions.cast_votes(second, workshop, {safety.pk: 1, trust.pk: 2})
    assert queries.vote_totals(workshop) == {
        str(privacy.pk): 3,
        str(safety.pk): 1,
        str(trust.pk): 2,
    }
    go_to(workshop, Phase.OPTIONS, alice)  # closes the vote
    chosen = set(WorkshopValue.objects.filter(chosen=True).values_list("pk", flat=True))
    assert chosen == {privacy.pk, trust.pk}
    with pytest.raises(ValidationError):
        actions.cast_votes(first, workshop, {safety.pk: 1})


def test_options_only_for_chosen_values_in_three_directions(workshop, join, alice, mona):
    participant, _ = join()
    privacy = comoderator_actions.add_value(mona, workshop, catalogue_key="privacy")
    other = comoderator_actions.add_value(mona, workshop, catalogue_key="safety")
    go_to(workshop, Phase.TRANSITION, alice)
    actions.cast_votes(participant, workshop, {privacy.pk: 1})
    go_to(workshop, Phase.OPTIONS, alice)
    for direction in ("technology", "environment", "human"):
        actions.add_option(
            participant, workshop, value=privacy.pk, direction=direction, text=f"Optie {direction}"
        )
    with pytest.raises(ValidationError):
        actions.add_option(participant, workshop, value=other.pk, direction="human", text="x")
    with pytest.raises(ValidationError):
        actions.add_option(participant, workshop, value=privacy.pk, direction="magic", text="x")


def test_link_merge_and_rename(workshop, join, alice, mona):
    participant, _ = join()
    go_to(workshop, Phase.EFFECTS, alice)
    one = actions.add_effect(participant, workshop, text="Camera kijkt mee", polarity="negative")
    two = actions.add_effect(participant, workshop, text="Camera's kijken mee", polarity="negative")
    privacy = comoderator_actions.add_value(mona, workshop, catalogue_key="privacy")
    own = comoderator_actions.add_value(mona, workshop, name="Niet bekeken worden")
    comoderator_actions.link_effect_to_value(mona, workshop, effect=one.pk, value=privacy.pk)
    comoderator_actions.link_effect_to_value(mona, workshop, effect=two.pk, value=own.pk)
    comoderator_actions.merge_effects(mona, workshop, source=two.pk, target=one.pk)
    comoderator_actions.merge_values(mona, workshop, source=own.pk, target=privacy.pk)
    comoderator_actions.rename_value(mona, workshop, privacy.pk, name="Privacy op het terrein")
    state = queries.state(workshop, staff=False)
    by_id = {e["id"]: e for e in state["effects"]}
    assert by_id[two.pk]["merged_into"] == one.pk
    assert by_id[one.pk]["values"] == [privacy.pk]
    names = {v["id"]: v for v in state["values"]}
    assert names[privacy.pk]["name"] == "Privacy op het terrein"
    assert names[own.pk]["merged_into"] == privacy.pk


def test_timer_set_start_pause_add(workshop, alice):
    actions.set_timer(alice, workshop, action="set", seconds=600)
    started = actions.set_timer(alice, workshop, action="start")
    assert started.timer_started_at is not None
    Workshop.objects.filter(pk=workshop.pk).update(
        timer_started_at=timezone.now() - timedelta(seconds=100)
    )
    paused = actions.set_timer(alice, workshop, action="pause")
    assert 499 <= paused.timer_seconds <= 500 and paused.timer_started_at is None
    assert actions.set_timer(alice, workshop, action="add", seconds=60).timer_seconds >= 559
    for bad in (
        {"action": "explode"},
        {"action": "set", "seconds": -5},
        {"action": "add", "seconds": "ten"},
    ):
        with pytest.raises(ValidationError):
            actions.set_timer(alice, workshop, **bad)


def test_closing_makes_the_session_read_only(workshop, join, alice):
    participant, _ = join()
    actions.close_workshop(alice, workshop)
    actions.submit_evaluation(
        participant, workshop, changed_view="yes", message="Leerzaam", quote_consent=True
    )
    with pytest.raises(ValidationError):
        actions.submit_evaluation(participant, workshop, changed_view="no")
    with pytest.raises(ValidationError):
        actions.add_question(participant, workshop, text="Nog een vraag")
    with pytest.raises(ValidationError):
        join()


def test_a_new_value_joins_the_organisations_own_catalogue(workshop, mona, org_a, case, alice):
    from guidance_ethics.values.models import Value

    first = comoderator_actions.add_value(mona, workshop, name="Vertrouwen in de wijkagent")
    own = Value.objects.get(organisation=org_a)
    assert first.value == own and own.name_nl == "Vertrouwen in de wijkagent"
    # The next session finds it by its key, and the same name twice is one value.
    assert comoderator_actions.add_value(mona, workshop, name="Vertrouwen in de wijkagent") == first
    later = actions.plan_workshop(
        alice, case, starts_at=timezone.now(), format="online", moderator=alice, co_moderator=mona
    )
    again = comoderator_actions.add_value(mona, later, catalogue_key=own.key)
    assert again.value == own
    # A name that is a catalogue value uses the catalogue's.
    assert comoderator_actions.add_value(mona, workshop, name="Privacy").value.organisation is None


@pytest.mark.parametrize("consent", ["false", "no", 1, None])
def test_a_quote_consent_that_is_not_true_or_false_is_refused(workshop, join, alice, consent):
    participant, _ = join()
    actions.close_workshop(alice, workshop)
    with pytest.raises(ValidationError):
        actions.submit_evaluation(
            participant, workshop, changed_view="yes", message="Niet citeren", quote_consent=consent
        )
    assert not Evaluation.objects.exists()
