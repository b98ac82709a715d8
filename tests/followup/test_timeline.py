"""One technology over time: two sessions compared."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance_ethics.followup import actions
from guidance_ethics.followup.timeline import timeline
from guidance_ethics.workshops import actions as workshops
from guidance_ethics.workshops import comoderator_actions
from guidance_ethics.workshops.models import Phase

pytestmark = pytest.mark.django_db


def hold(alice, mona, case, when, votes, effects, options=()):
    """A session held through the platform's actions: effects, values with these dots from
    one participant, options for the first value, closed."""
    workshop = workshops.plan_workshop(
        alice, case, starts_at=when, format="online", moderator=alice, co_moderator=mona
    )
    participant, _token = workshops.join_workshop(
        workshop.join_code, stakeholder_group="citizen", consent_publication=True
    )
    workshops.set_phase(alice, workshop, Phase.EFFECTS)
    for text in effects:
        workshops.add_effect(participant, workshop, text=text, polarity="negative")
    board = {key: comoderator_actions.add_value(mona, workshop, catalogue_key=key) for key in votes}
    workshops.set_phase(alice, workshop, Phase.TRANSITION)
    workshops.cast_votes(
        participant, workshop, {board[key].pk: dots for key, dots in votes.items() if dots}
    )
    workshops.set_phase(alice, workshop, Phase.OPTIONS)
    first = next(iter(votes))
    made = [
        workshops.add_option(mona, workshop, value=board[first].pk, direction="human", text=text)
        for text in options
    ]
    workshops.close_workshop(alice, workshop)
    return workshop, made


@pytest.fixture
def two_sessions(alice, mona, case):
    now = timezone.now()
    first, options = hold(
        alice,
        mona,
        case,
        now - timedelta(days=60),
        {"privacy": 2, "safety": 1, "trust": 0},
        ["Ik voel me gevolgd door camera's op straat", "Minder inbraken"],
        ["Training voor de piloten", "Een bord bij de ingang"],
    )
    done, carried = actions.create_actions(alice, case, options)
    actions.record_progress(alice, done, status="done", text="Training gegeven.")
    second, _ = hold(
        alice,
        mona,
        case,
        now + timedelta(hours=1),
        {"safety": 2, "transparency": 1, "privacy": 0},
        ["Ik voel me gevolgd door de camera's op straat", "Geluidsoverlast van de drone"],
    )
    return first, second, done, carried


def test_the_timeline_compares_a_session_with_the_one_before(two_sessions, technology):
    first, second, done, carried = two_sessions
    sessions = timeline(technology)
    assert [s.workshop for s in sessions] == [first, second]
    assert sessions[0].comparison is None
    comparison = sessions[1].comparison
    assert comparison.earlier == first
    assert comparison.appeared == ["transparantie"]
    assert comparison.disappeared == ["vertrouwen"]
    assert comparison.rose == [("veiligheid", 1, 2)]
    assert comparison.returned == [
        (
            "Ik voel me gevolgd door camera's op straat",
            "Ik voel me gevolgd door de camera's op straat",
        )
    ]
    assert comparison.done == [done]
    assert comparison.open == [carried]


def test_an_action_done_after_the_next_session_was_not_done_by_then(
    two_sessions, technology, alice
):
    _first, second, done, carried = two_sessions
    second.starts_at = timezone.now() - timedelta(days=1)  # the next session was earlier
    second.save(update_fields=["starts_at"])
    comparison = timeline(technology)[1].comparison
    assert comparison.done == [] and set(comparison.open) == {done, carried}


def test_the_timeline_page_shows_it_to_members_only(client, two_sessions, technology, bob, charlie):
    url = reverse("followup:timeline", args=[technology.pk])
    client.force_login(bob)
    page = client.get(url).content.decode()
    for text in (
        "transparantie",
        "vertrouwen",
        "Training voor de piloten",
        "Een bord bij de ingang",
    ):
        assert text in page
    client.force_login(charlie)
    assert client.get(url).status_code == 404


def test_a_comparison_asks_the_same_number_of_queries_however_many_actions(alice, mona, case):
    """Each action's state at the next session used to be a query of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guidance_ethics.followup.timeline import compare

    now = timezone.now()

    def held(options: int, days_ago: int):
        earlier, made = hold(
            alice,
            mona,
            case,
            now - timedelta(days=days_ago),
            {"privacy": 1},
            ["Camera's op straat"],
            [f"Optie {n}" for n in range(options)],
        )
        for action in actions.create_actions(alice, case, made)[: options // 2]:
            actions.record_progress(alice, action, status="done", text="Gedaan.")
        return earlier

    small, big = held(2, 90), held(8, 80)
    later, _ = hold(alice, mona, case, now + timedelta(hours=1), {"privacy": 1}, ["Camera's"])
    counts = []
    for earlier in (small, big):
        with CaptureQueriesContext(connection) as queries:
            comparison = compare(earlier, later)
        counts.append(len(queries))
    assert (len(comparison.done), len(comparison.open)) == (4, 4)
    assert counts[0] == counts[1], counts
