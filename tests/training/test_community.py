"""The moderators' community: who reads which space, linked cases, the digest."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.training import actions, community
from guidance_ethics.training.models import Post, Reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(mona, org_a, bob):
    actions.appoint_trainer(SYSTEM, mona)
    made = actions.create_cohort(mona, name="Voorjaar 2027", organisations=[org_a])
    actions.enrol(mona, made, bob)
    return made


def test_who_reads_which_space(client, cohort, mona, bob, alice, charlie):
    cohort_space = reverse("training:cohort_community", args=[cohort.pk])
    everyone = reverse("training:community")
    expected = {
        # trainer and trainee of the cohort; A's admin is not in it; B's admin neither
        cohort_space: {mona: 200, bob: 200, alice: 404, charlie: 404},
        # everyone who moderates somewhere (an admin does), not a member in training
        everyone: {mona: 200, bob: 404, alice: 200, charlie: 200},
    }
    for url, by_person in expected.items():
        for person, status in by_person.items():
            client.force_login(person)
            assert client.get(url).status_code == status, (url, person)
    client.logout()
    assert client.get(everyone).status_code == 302


def test_posts_replies_and_linked_cases(client, cohort, mona, bob, charlie, case, org_b):
    from guidance_ethics.cases import actions as cases

    post = actions.add_post(
        bob, cohort, title="Stille groepen", text="Hoe krijgt u ze aan het woord?", case=case
    )
    actions.add_reply(mona, post, text="Laat ze eerst op de telefoon schrijven.")
    technology_b = cases.register_technology(
        charlie, org_b, name="Sensoren", kind="sensor", description="x"
    )
    case_b = cases.describe_case(
        charlie,
        technology_b,
        title="B's casus",
        context="c",
        decisions="d",
        domain="safety",
        phase="before",
        question="q",
    )
    with pytest.raises(ValidationError):  # not published, not bob's organisation
        actions.add_post(bob, cohort, title="x", text="y", case=case_b)
    with pytest.raises(ValidationError):
        actions.add_post(bob, cohort, title="", text="y")
    with pytest.raises(PermissionDenied):
        actions.add_post(charlie, cohort, title="x", text="y")
    with pytest.raises(PermissionDenied):
        actions.add_reply(charlie, post, text="Mag ik meepraten?")
    assert Post.objects.count() == 1 and Reply.objects.count() == 1
    client.force_login(bob)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Laat ze eerst op de telefoon schrijven." in page and case.title in page
    client.force_login(charlie)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_the_digest_tells_readers_what_others_wrote_once(cohort, mona, bob, alice):
    post = actions.add_post(mona, cohort, title="Welkom", text="Stel hier uw vragen.")
    actions.add_post(alice, None, title="Voor alle moderatoren", text="Hallo")
    assert community.send_digests() >= 1
    to_bob = [m for m in mail.outbox if m.to == ["bob@a.test"]]
    assert len(to_bob) == 1 and "Welkom" in to_bob[0].body
    assert "Voor alle moderatoren" not in to_bob[0].body  # bob does not moderate yet
    to_mona = [m for m in mail.outbox if m.to == ["mona@a.test"]]
    assert len(to_mona) == 1 and "Voor alle moderatoren" in to_mona[0].body
    assert "Welkom" not in to_mona[0].body  # her own post
    mail.outbox.clear()
    assert community.send_digests() == 0  # nothing new since
    actions.add_reply(bob, post, text="Dank u")
    assert community.send_digests() >= 1
    assert any(m.to == ["mona@a.test"] and "Welkom" in m.body for m in mail.outbox)


def test_a_linked_case_shows_its_title_only_to_those_who_may_open_it(client, alice, charlie, case):
    """alice links her organisation's unpublished case in the space of all moderators:
    charlie, who moderates elsewhere, reads the post and sees that a case is linked, not
    its title, on the space, on the post and in his digest."""
    post = actions.add_post(alice, None, title="Onze drones", text="Wie heeft ervaring?", case=case)
    client.force_login(charlie)
    for url in (reverse("training:community"), post.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Onze drones" in page and case.title not in page, url
        assert "een gekoppelde casus die u niet kunt openen" in page, url
    community.send_digests()
    to_charlie = [m for m in mail.outbox if m.to == ["charlie@b.test"]]
    assert to_charlie and case.title not in to_charlie[0].body
    client.force_login(alice)
    assert case.title in client.get(post.get_absolute_url()).content.decode()


def test_posts_and_replies_are_in_the_audit_log(cohort, mona, bob):
    from guidance_ethics.audit.models import AuditEntry

    post = actions.add_post(bob, cohort, title="Vraag", text="Hoe begint u?")
    reply = actions.add_reply(mona, post, text="Met de casus.")
    entries = AuditEntry.objects.filter(verb__in=["add_post", "add_reply"]).order_by("pk")
    assert [(e.verb, e.actor, e.object_id) for e in entries] == [
        ("add_post", bob, str(post.pk)),
        ("add_reply", mona, str(reply.pk)),
    ]


def test_appointing_a_trainer_and_answering_a_self_check_are_in_the_audit_log(cohort, bob):
    from guidance_ethics.audit.models import AuditEntry
    from guidance_ethics.training.modules import MODULES

    module = MODULES[0]
    actions.answer_self_check(bob, cohort.enrolments.get(), module.key, [0] * len(module.questions))
    assert AuditEntry.objects.filter(verb="appoint_trainer").count() == 1
    entry = AuditEntry.objects.get(verb="answer_self_check")
    assert entry.actor == bob and entry.data["module"] == module.key
