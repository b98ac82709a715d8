"""The training path: cohorts, self-checks, supervised practice, the register."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from guidance_ethics.accounts.models import Membership
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.training import actions
from guidance_ethics.training.models import RUBRIC, Enrolment, ModuleResult, PracticeStep
from guidance_ethics.training.modules import MODULES
from guidance_ethics.workshops import actions as workshops

pytestmark = pytest.mark.django_db

GOOD = {key: 3 for key, _label in RUBRIC}


@pytest.fixture
def cohort(mona, org_a):
    actions.appoint_trainer(SYSTEM, mona)
    return actions.create_cohort(mona, name="Voorjaar 2027", organisations=[org_a])


@pytest.fixture
def enrolment(cohort, mona, bob):
    return actions.enrol(mona, cohort, bob)


def right_answers(module):
    return [q.correct for q in module.questions]


def session(alice, case, moderator, co_moderator, closed=True):
    workshop = workshops.plan_workshop(
        alice,
        case,
        starts_at=timezone.now(),
        format="online",
        moderator=moderator,
        co_moderator=co_moderator,
    )
    return workshops.close_workshop(alice, workshop) if closed else workshop


def test_only_trainers_create_cohorts_and_enrol_members_of_its_organisations(
    cohort, mona, bob, charlie, alice
):
    with pytest.raises(PermissionDenied):
        actions.create_cohort(bob, name="X", organisations=list(cohort.organisations.all()))
    with pytest.raises(ValidationError):
        actions.create_cohort(mona, name="", organisations=[])
    with pytest.raises(PermissionDenied):
        actions.enrol(alice, cohort, bob)  # not a trainer of this cohort
    with pytest.raises(ValidationError):
        actions.enrol(mona, cohort, charlie)  # not a member of its organisations
    actions.enrol(mona, cohort, bob)
    with pytest.raises(ValidationError):
        actions.enrol(mona, cohort, bob)
    assert Enrolment.objects.count() == 1
    assert PracticeStep.objects.filter(enrolment__trainee=bob).count() == 2


def test_a_self_check_passes_only_with_every_answer_right(enrolment, bob, mona):
    module = MODULES[0]
    wrong = [
        (a + 1) % len(q.options)
        for a, q in zip(right_answers(module), module.questions, strict=True)
    ]
    passed, mistakes = actions.answer_self_check(bob, enrolment, module.key, wrong)
    assert not passed and mistakes == list(range(1, len(module.questions) + 1))
    passed, mistakes = actions.answer_self_check(bob, enrolment, module.key, right_answers(module))
    assert passed and mistakes == []
    result = ModuleResult.objects.get(enrolment=enrolment, module=module.key)
    assert result.attempts == 2 and result.passed_at is not None
    with pytest.raises(PermissionDenied):
        actions.answer_self_check(mona, enrolment, module.key, right_answers(module))
    for bad in ([], [0] * 9, ["a"] * len(module.questions), None, [-1] * len(module.questions)):
        with pytest.raises(ValidationError):
            actions.answer_self_check(bob, enrolment, module.key, bad)
    with pytest.raises(ValidationError):
        actions.answer_self_check(bob, enrolment, "no-such-module", [0])


def test_the_whole_path_makes_a_moderator_who_appears_in_the_register(
    client, enrolment, bob, mona, alice, case, charlie, org_a
):
    co_step = enrolment.steps.get(kind="co_moderate")
    mod_step = enrolment.steps.get(kind="moderate")
    as_co = session(alice, case, moderator=alice, co_moderator=bob)
    as_moderator = session(alice, case, moderator=bob, co_moderator=alice, closed=False)
    # The session must match the step, and the supervisor must be experienced.
    with pytest.raises(ValidationError) as refusal:
        actions.link_practice(bob, co_step, workshop=as_moderator, supervisor=charlie)
    assert set(refusal.value.message_dict) == {"workshop", "supervisor"}
    actions.link_practice(bob, co_step, workshop=as_co, supervisor=mona)
    actions.link_practice(bob, mod_step, workshop=as_moderator, supervisor=mona)
    with pytest.raises(PermissionDenied):
        actions.sign_off(alice, co_step, scores=GOOD, feedback="Goed")  # not the supervisor
    with pytest.raises(ValidationError):
        actions.sign_off(mona, co_step, scores={"phases": 5}, feedback="")
    with pytest.raises(ValidationError):
        actions.sign_off(mona, mod_step, scores=GOOD, feedback="Goed")  # not closed, not first
    actions.sign_off(mona, co_step, scores=GOOD, feedback="Sterk in het koppelen.")
    workshops.close_workshop(alice, as_moderator)
    mod_step.refresh_from_db()
    actions.sign_off(mona, mod_step, scores=GOOD, feedback="Houdt de tijd goed in de gaten.")
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # the modules are not passed yet
    for module in MODULES:
        actions.answer_self_check(bob, enrolment, module.key, right_answers(module))
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert Membership.objects.get(user=bob, organisation=org_a).role == "moderator"
    client.force_login(alice)
    register = client.get(reverse("training:register", args=[org_a.slug])).content.decode()
    assert "Bob Lid" in register
    client.force_login(charlie)
    assert client.get(reverse("training:register", args=[org_a.slug])).status_code == 404


def test_who_sees_what(client, enrolment, cohort, bob, mona, alice, charlie):
    pages = [
        reverse("training:enrolment", args=[enrolment.pk]),
        reverse("training:module", args=[enrolment.pk, MODULES[0].key]),
        reverse("training:step", args=[enrolment.steps.first().pk]),
    ]
    for person, status in ((bob, 200), (mona, 200), (alice, 404), (charlie, 404)):
        client.force_login(person)
        for page in pages:
            assert client.get(page).status_code == status, (person, page)
    cohort_page = reverse("training:cohort", args=[cohort.pk])
    for person, status in ((mona, 200), (bob, 404), (alice, 404), (charlie, 404)):
        client.force_login(person)
        assert client.get(cohort_page).status_code == status
    client.force_login(bob)
    assert client.get(reverse("training:cohort_create")).status_code == 403
    # Only the trainee answers the self-check.
    client.force_login(mona)
    assert client.post(pages[1], {"q0": "1", "q1": "1"}).status_code == 403
    assert not ModuleResult.objects.exists()


def test_the_self_check_page_grades_answers(client, enrolment, bob):
    module = MODULES[0]
    client.force_login(bob)
    url = reverse("training:module", args=[enrolment.pk, module.key])
    page = client.get(url).content.decode()
    assert module.paragraphs[0][:40] in page
    response = client.post(url, {"q0": "0", "q1": "0"})
    assert response.status_code == 200 and response.context["result"] is False
    response = client.post(url, {f"q{n}": str(a) for n, a in enumerate(right_answers(module))})
    assert response.context["result"] is True
    assert client.post(url, {"q0": "x"}).status_code == 400


def test_a_supervisor_who_is_not_a_trainer_sees_and_signs_off_only_their_step(
    client, enrolment, bob, alice, case, mona
):
    step = enrolment.steps.get(kind="co_moderate")
    page = reverse("training:step", args=[step.pk])
    client.force_login(alice)
    assert client.get(page).status_code == 404  # not yet their step
    workshop = session(alice, case, moderator=alice, co_moderator=bob)
    actions.link_practice(bob, step, workshop=workshop, supervisor=alice)
    assert client.get(page).status_code == 200
    assert client.get(reverse("training:enrolment", args=[enrolment.pk])).status_code == 200
    other = enrolment.steps.get(kind="moderate")
    with pytest.raises(PermissionDenied):  # the other step has no supervisor yet
        actions.sign_off(alice, other, scores=GOOD, feedback="Goed")
    response = client.post(
        page,
        {"step": "sign", "feedback": "Goed gedaan.", **{f"score_{k}": "4" for k in GOOD}},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.signed_off_at is not None and step.scores == {k: 4 for k in GOOD}
    # A trainee may not sign off their own step, nor link a supervisor from outside.
    client.force_login(bob)
    assert client.post(page, {"step": "sign", "feedback": "x"}).status_code == 403
