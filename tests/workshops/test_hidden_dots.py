"""Voting without a bandwagon (issue 24, point 8): while the vote is open, others' dots stay
off the phones and the board (a session setting, on by default); the moderators see them."""

import json

import pytest

from guidance_ethics.live.models import Event
from guidance_ethics.workshops import actions, comoderator_actions, queries
from guidance_ethics.workshops.models import Phase, Workshop


@pytest.fixture
def voting(workshop, join, alice, mona):
    value = comoderator_actions.add_value(mona, workshop, catalogue_key="privacy")
    actions.set_phase(alice, workshop, Phase.TRANSITION)
    voter, _ = join()
    other, _ = join()
    return value, voter, other


def votes_events(workshop):
    return list(Event.objects.filter(workshop=workshop, kind="votes").order_by("seq"))


def test_a_new_session_hides_the_dots_until_the_vote_closes(workshop):
    assert workshop.dots_hidden is True


def test_others_dots_are_not_sent_to_the_phones_or_the_board_while_the_vote_is_open(
    workshop, voting, alice
):
    value, voter, other = voting
    actions.cast_votes(voter, workshop, {value.pk: 2})
    event = votes_events(workshop)[-1]
    assert event.public is None
    assert json.loads(event.staff) == {"totals": {str(value.pk): 2}}
    assert queries.state(workshop, staff=False, participant=other)["votes"] == {}
    assert queries.state(workshop, staff=False)["votes"] == {}  # the board
    assert queries.state(workshop, staff=True)["votes"] == {str(value.pk): 2}
    # The voter still sees their own dots.
    mine = queries.state(workshop, staff=False, participant=voter)["me"]["votes"]
    assert mine == {str(value.pk): 2}
    actions.close_vote(alice, workshop)
    workshop.refresh_from_db()
    assert json.loads(votes_events(workshop)[-1].public) == {"totals": {str(value.pk): 2}}
    assert queries.state(workshop, staff=False, participant=other)["votes"] == {str(value.pk): 2}


def test_with_the_setting_off_everyone_sees_the_dots_at_once(workshop, voting):
    Workshop.objects.filter(pk=workshop.pk).update(dots_hidden=False)
    workshop.refresh_from_db()
    value, voter, other = voting
    actions.cast_votes(voter, workshop, {value.pk: 1})
    assert json.loads(votes_events(workshop)[-1].public) == {"totals": {str(value.pk): 1}}
    assert queries.state(workshop, staff=False, participant=other)["votes"] == {str(value.pk): 1}
