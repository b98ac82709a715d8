"""Practice sessions: scenarios, starting one, the simulated participants and the debrief."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.training import actions, practice
from guidance_ethics.workshops import actions as workshops
from guidance_ethics.workshops import comoderator_actions
from guidance_ethics.workshops.models import Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee(mona, org_a, bob):
    actions.appoint_trainer(SYSTEM, mona)
    cohort = actions.create_cohort(mona, name="Voorjaar", organisations=[org_a])
    actions.enrol(mona, cohort, bob)
    return bob


def test_every_shipped_scenario_is_complete():
    found = practice.scenarios()
    assert {"drones-business-park", "cameras-nightlife", "risk-scoring-inspections"} <= set(found)
    for key, scenario in found.items():
        phases = scenario["phases"]
        assert scenario["participants"], key
        assert phases["effects"]["effects"] and phases["options"]["options"], key
        notes = {e.get("note") for e in phases["effects"]["effects"]}
        assert {"duplicate", "off_topic"} <= notes, key
        assert set(scenario["planned_minutes"]) <= set(Phase.values), key


def test_a_trainer_adds_a_scenario_as_a_file(settings, tmp_path):
    (tmp_path / "eigen.json").write_text(
        '{"title": {"nl": "Eigen", "en": "Own"}, "technology": {}, "case": {}, '
        '"participants": ["citizen"], "planned_minutes": {}, "phases": {}}',
        encoding="utf-8",
    )
    (tmp_path / "kapot.json").write_text('{"title": {}}', encoding="utf-8")
    settings.TRAINING_SCENARIO_DIR = str(tmp_path)
    found = practice.scenarios()
    assert "eigen" in found and "kapot" not in found  # a broken file is skipped


def test_only_trainees_and_trainers_practise_in_the_practice_organisation(trainee, alice, org_a):
    with pytest.raises(PermissionDenied):
        practice.start(alice, "cameras-nightlife")
    with pytest.raises(ValidationError):
        practice.start(trainee, "no-such-scenario")
    session = practice.start(trainee, "cameras-nightlife")
    workshop = session.workshop
    assert workshop.organisation.slug == practice.PRACTICE_SLUG != org_a.slug
    assert workshop.moderator == trainee and workshop.co_moderator == trainee
    workshops.close_workshop(trainee, workshop)
    again = practice.start(trainee, "cameras-nightlife")
    assert again.workshop.case.technology != workshop.case.technology  # a fresh one each time


def test_a_trainee_deletes_only_their_own_practice(trainee, mona, org_a, db):
    """Every trainee is a coordinator of the practice organisation; another's practice case
    or session is not theirs to delete."""
    from guidance_ethics.accounts import actions as accounts
    from guidance_ethics.cases import actions as cases
    from guidance_ethics.cases.models import Case
    from guidance_ethics.workshops.models import Workshop
    from tests.conftest import make_user

    other = make_user("tess@a.test", "Tess Tweede")
    accounts.add_member(SYSTEM, org_a, other, "member")
    cohort = actions.create_cohort(mona, name="Najaar", organisations=[org_a])
    actions.enrol(mona, cohort, other)
    mine = practice.start(trainee, "cameras-nightlife").workshop
    theirs = practice.start(other, "drones-business-park").workshop
    with pytest.raises(PermissionDenied):
        workshops.delete_workshop(other, mine)
    with pytest.raises(PermissionDenied):
        cases.delete_case(other, mine.case)
    assert Workshop.objects.filter(pk=mine.pk).exists()
    workshops.delete_workshop(other, theirs)
    cases.delete_case(trainee, mine.case)
    assert not Case.objects.filter(pk=mine.case_id).exists()
    assert not Workshop.objects.filter(pk=theirs.pk).exists()


def test_the_debrief_names_what_was_left_undone(trainee):
    session = practice.start(trainee, "cameras-nightlife")
    workshop = session.workshop
    join = [
        workshops.join_workshop(workshop.join_code, stakeholder_group=g, consent_publication=True)[
            0
        ]
        for g in ("citizen", "technician")
    ]
    workshops.set_phase(trainee, workshop, Phase.EFFECTS)
    texts = {
        "Bezoekers voelen zich afgeluisterd": "negative",
        "Bezoekers voelen zich afgeluisterd op het plein": "negative",
        "Het bier is te duur in de kroegen": "negative",
        "Horeca heeft minder vernielingen": "positive",
    }
    made = {
        t: workshops.add_effect(join[0], workshop, text=t, polarity=p) for t, p in texts.items()
    }
    value = comoderator_actions.add_value(trainee, workshop, catalogue_key="privacy")
    comoderator_actions.link_effect_to_value(
        trainee, workshop, effect=made["Bezoekers voelen zich afgeluisterd"].pk, value=value.pk
    )
    workshops.close_workshop(trainee, workshop)
    session.refresh_from_db()
    result = practice.debrief(session)
    assert "Horeca heeft minder vernielingen" in result["unlinked"]
    assert "Bezoekers voelen zich afgeluisterd" not in result["unlinked"]
    assert result["duplicates"] == [
        ("Bezoekers voelen zich afgeluisterd", "Bezoekers voelen zich afgeluisterd op het plein")
    ]
    assert result["left_on_board"] == [("Het bier is te duur in de kroegen", "off_topic")]
    assert [str(label) for label in result["not_heard"]] == ["techniek"]
    phases = {str(label): (taken, planned) for label, taken, planned in result["times"]}
    assert phases["dialoog: effecten"][1] == 20 and phases["dialoog: effecten"][0] >= 0


@pytest.fixture
def live_platform(tmp_path):
    import os

    from tests.servers import Platform

    platform = Platform(tmp_path, database_url=os.environ.get("DATABASE_URL", ""))
    server = platform.start()
    yield server, platform.join_code, platform.workshop_id
    platform.close()


def test_simulated_participants_take_part_over_http_only(live_platform):
    """The simulator against a running platform: it joins, and contributes in the phases
    the moderator opens; it never reads the database."""
    from tests.servers import request_json, staff_opener

    server, code, workshop = live_platform
    from guidance_ethics.training.simulator import Api, Simulation

    scenario = practice.scenarios()["cameras-nightlife"]
    simulation = Simulation(Api(server.url, workshop), code, scenario, pace=0)
    thread = threading.Thread(target=simulation.run, kwargs={"poll": 0.2, "limit_seconds": 60})
    thread.start()
    opener = staff_opener(server, "moderator@politie-noordveld.test")
    api = f"{server.url}/api/v1/workshops/{workshop}"

    def phase(name, until):
        status, _ = request_json(f"{api}/phase", {"phase": name}, opener=opener)
        assert status == 201
        for _attempt in range(100):
            state = request_json(api, opener=opener)[1]
            if until(state):
                return state
            threading.Event().wait(0.1)
        raise AssertionError(f"nothing arrived in {name}")

    phase("case", lambda s: s["questions"])
    phase("actors", lambda s: len(s["actors"]) == 4)
    state = phase("effects", lambda s: len(s["effects"]) == 6)
    assert {e["actor"] for e in state["effects"]} - {None}, "effects name their actors"
    for group, n in {"citizen": 2, "professional": 1, "policy": 1, "technician": 1}.items():
        assert state["groups"].get(group, 0) >= n
    _status, value = request_json(f"{api}/values", {"catalogue_key": "privacy"}, opener=opener)
    request_json(
        f"{api}/effects/{state['effects'][1]['id']}/values",
        {"value": value["item"]["id"]},
        opener=opener,
    )
    phase("transition", lambda s: s["votes"])
    phase("options", lambda s: len(s["options"]) == 3)
    phase("closing", lambda s: s["evaluations"] == 5)
    request_json(f"{api}/moderation", {"action": "close"}, opener=opener)
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_starting_a_practice_is_in_the_audit_log(trainee):
    from guidance_ethics.audit.models import AuditEntry

    session = practice.start(trainee, "cameras-nightlife")
    entry = AuditEntry.objects.get(verb="start_practice")
    assert entry.actor == trainee and entry.object_id == str(session.pk)


# --- bounded practice: one per trainee, a platform-wide limit, simulators reaped and stopped


@pytest.fixture
def second_trainee(mona, org_a):
    from guidance_ethics.accounts import actions as accounts
    from tests.conftest import make_user

    other = make_user("tess@a.test", "Tess Tweede")
    accounts.add_member(SYSTEM, org_a, other, "member")
    actions.enrol(mona, actions.create_cohort(mona, name="Najaar", organisations=[org_a]), other)
    return other


def test_a_trainee_runs_one_practice_at_a_time(trainee):
    from guidance_ethics.training.models import PracticeSession

    first = practice.start(trainee, "cameras-nightlife")
    with pytest.raises(ValidationError, match="al een oefensessie"):
        practice.start(trainee, "drones-business-park")
    assert PracticeSession.objects.count() == 1
    workshops.close_workshop(trainee, first.workshop)
    practice.start(trainee, "drones-business-park")
    assert PracticeSession.objects.count() == 2


def test_the_platform_runs_at_most_its_limit_of_practices(settings, trainee, second_trainee):
    from guidance_ethics.training.models import PracticeSession

    settings.TRAINING_SIMULATOR_LIMIT = 1
    practice.start(trainee, "cameras-nightlife")
    with pytest.raises(ValidationError, match="te veel oefensessies"):
        practice.start(second_trainee, "cameras-nightlife")
    assert list(PracticeSession.objects.values_list("trainee", flat=True)) == [trainee.pk]


def test_a_second_practice_request_gets_a_clear_message_and_starts_nothing(client, trainee):
    from django.urls import reverse

    from guidance_ethics.training.models import PracticeSession

    client.force_login(trainee)
    url = reverse("training:practice")
    assert client.post(url, {"scenario": "cameras-nightlife"}).status_code == 302
    response = client.post(url, {"scenario": "cameras-nightlife"})
    assert response.status_code == 400
    assert "U hebt al een oefensessie lopen" in response.content.decode()
    assert PracticeSession.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_practice_requests_start_one(trainee):
    """Four requests at once, as in the attack: one practice, three refusals."""
    from django.db import connection

    from guidance_ethics.training.models import PracticeSession

    barrier = threading.Barrier(4)
    outcomes = []

    def ask():
        barrier.wait(60)
        try:
            practice.start(trainee, "cameras-nightlife")
            outcomes.append("started")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(outcomes) == ["refused", "refused", "refused", "started"]
    assert PracticeSession.objects.count() == 1


def _simulator(monkeypatch, settings, seconds: float):
    """A real, short-lived process in the place of the simulator."""
    import sys

    settings.TRAINING_SIMULATOR = True
    code = f"import time; time.sleep({seconds})"
    monkeypatch.setattr(practice, "simulator_command", lambda *args: [sys.executable, "-c", code])


def _reaped(process, timeout: float = 30) -> bool:
    """Waited for by the platform: gone from its table, and no zombie left behind."""
    import os
    import time

    deadline = time.monotonic() + timeout
    while process in practice._simulators.values() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        os.waitpid(process.pid, os.WNOHANG)
    except ChildProcessError:
        return process.returncode is not None
    return False  # still our child: running, or a zombie nobody waited for


def test_a_simulator_that_ends_is_reaped(monkeypatch, settings, trainee):
    _simulator(monkeypatch, settings, 0)
    process = practice.launch_simulation(practice.start(trainee, "cameras-nightlife"), "http://x")
    assert _reaped(process) and process.returncode == 0


def test_closing_the_session_stops_its_simulator(
    monkeypatch, settings, trainee, django_capture_on_commit_callbacks
):
    import signal

    _simulator(monkeypatch, settings, 60)
    session = practice.start(trainee, "cameras-nightlife")
    process = practice.launch_simulation(session, "http://x")
    assert process.poll() is None
    with django_capture_on_commit_callbacks(execute=True):
        workshops.close_workshop(trainee, session.workshop)
    assert _reaped(process) and process.returncode == -signal.SIGTERM


def test_deleting_the_practice_stops_its_simulator(
    monkeypatch, settings, trainee, django_capture_on_commit_callbacks
):
    import signal

    from guidance_ethics.cases import actions as cases

    _simulator(monkeypatch, settings, 60)
    session = practice.start(trainee, "cameras-nightlife")
    process = practice.launch_simulation(session, "http://x")
    with django_capture_on_commit_callbacks(execute=True):
        cases.delete_case(trainee, session.workshop.case)
    assert _reaped(process) and process.returncode == -signal.SIGTERM


def test_a_value_named_in_practice_stays_out_of_other_trainees_catalogue(
    client, trainee, second_trainee
):
    from django.urls import reverse

    mine = practice.start(trainee, "cameras-nightlife").workshop
    theirs = practice.start(second_trainee, "drones-business-park").workshop
    named = comoderator_actions.add_value(trainee, mine, name="Nachtrust van Bob")
    assert named.name == "Nachtrust van Bob" and named.value is None
    client.force_login(second_trainee)
    page = client.get(reverse("workshops:workspace", args=[theirs.pk])).content.decode()
    assert "Nachtrust van Bob" not in page
    with pytest.raises(ValidationError):
        comoderator_actions.add_value(second_trainee, theirs, catalogue_key="nachtrust-van-bob")


def test_the_simulator_reaches_the_server_itself_whatever_host_the_request_names(
    client, monkeypatch, settings, trainee
):
    """The Host header is the caller's: a trainee who sends ``127.0.0.1:9999`` must not have
    the server post the join code to a port of their choosing."""
    settings.TRAINING_SIMULATOR_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    launched = []
    monkeypatch.setattr(practice, "launch_simulation", lambda s, base: launched.append(base))
    client.force_login(trainee)
    response = client.post(
        reverse("training:practice"),
        {"scenario": "cameras-nightlife"},
        HTTP_HOST="127.0.0.1:9999",
        SERVER_NAME="127.0.0.1",
        SERVER_PORT="8000",
    )
    assert response.status_code == 302
    assert launched == ["http://127.0.0.1:8000/"]


def test_the_servers_own_address_is_reachable_from_the_server():
    from django.test import RequestFactory

    def address(name, port):
        return practice.own_address(RequestFactory().get("/", SERVER_NAME=name, SERVER_PORT=port))

    assert address("0.0.0.0", "8000") == "http://127.0.0.1:8000/"  # noqa: S104
    assert address("::", "8000") == "http://[::1]:8000/"
    assert address("10.1.2.3", "80") == "http://10.1.2.3:80/"
