"""Practice sessions: a trainee runs a real session, with simulated participants, in the
platform's practice organisation ("Oefenomgeving"), so that practice never shows up among
an organisation's own cases.

Scenarios are JSON files: the ones shipped in ``training/scenarios/`` and any a trainer
puts in ``TRAINING_SCENARIO_DIR``. The simulated participants run in a process of their own
(``guidance-ethics simulate-participants``) that talks to the platform over HTTP only.

Practice is bounded: a trainee runs one practice session at a time, and the platform at most
``TRAINING_SIMULATOR_LIMIT`` (``start`` checks both under a lock on the practice
organisation's row, so that simultaneous requests cannot both pass). A session counts as
running until it is closed, or for ``SIMULATION_HOURS`` (when its simulator gives up). Each
simulator process is waited for by a thread of its own, so that none is left a zombie, and
is stopped when its session closes or is deleted (``stop_simulation``, from the signals
connected in ``apps.py``); a simulator started by another server process stops itself then.
"""

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidance_ethics.accounts import actions as accounts
from guidance_ethics.accounts.models import PRACTICE_SLUG, Membership, Organisation
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.cases import actions as cases
from guidance_ethics.cases.models import Technology
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.suggestions.engine import similarity, stem_set
from guidance_ethics.training.models import Enrolment, PracticeSession, Trainer
from guidance_ethics.workshops import actions as workshops
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    Participant,
    Phase,
    Question,
)

SCENARIOS = Path(__file__).parent / "scenarios"
log = logging.getLogger(__name__)
REQUIRED = ("title", "technology", "case", "participants", "planned_minutes", "phases")
SIMULATION_HOURS = 4  # how long simulated participants wait for a session to close

# The simulators this server process started, by workshop: each is waited for by a thread.
_simulators: dict[int, subprocess.Popen] = {}
_simulators_lock = threading.Lock()


def _load(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise ValueError(f"{path.name}: missing {', '.join(missing)}")
    return data


@cache
def _shipped() -> dict:
    return {path.stem: _load(path) for path in sorted(SCENARIOS.glob("*.json"))}


def scenarios() -> dict:
    """{key: scenario}: the shipped ones and those in ``TRAINING_SCENARIO_DIR``."""
    found = dict(_shipped())
    extra = getattr(settings, "TRAINING_SCENARIO_DIR", "")
    if extra and Path(extra).is_dir():
        for path in sorted(Path(extra).glob("*.json")):
            try:
                found[path.stem] = _load(path)
            except (ValueError, OSError) as problem:  # a broken file is skipped, not fatal
                log.warning("scenario skipped: %s", problem)
    return found


def title_of(scenario: dict) -> str:
    lang = "en" if (get_language() or "nl").startswith("en") else "nl"
    return scenario["title"].get(lang) or scenario["title"].get("nl", "")


def may_practise(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        Enrolment.objects.filter(trainee=user).exists()
        or Trainer.objects.filter(user=user).exists()
    )


def practice_organisation() -> Organisation:
    found = Organisation.objects.filter(slug=PRACTICE_SLUG).first()
    if found:
        return found
    try:
        return accounts.create_organisation(
            SYSTEM, name="Oefenomgeving", kind=Organisation.Kind.OTHER, slug=PRACTICE_SLUG
        )
    except IntegrityError:  # created by a simultaneous first start
        return Organisation.objects.get(slug=PRACTICE_SLUG)


def sessions_of(trainee):
    """The trainee's practice sessions (accounts/access.py asks, for ``member_scope``)."""
    return PracticeSession.objects.filter(trainee=trainee)


def running():
    """Practice sessions that are not closed, and whose simulator may still be at work."""
    since = timezone.now() - timedelta(hours=SIMULATION_HOURS)
    return PracticeSession.objects.filter(workshop__closed_at__isnull=True, created_at__gt=since)


def start(actor, key: str) -> PracticeSession:
    """Plan a practice session from a scenario, with the trainee as moderator and
    co-moderator, in the practice organisation (the trainee becomes its coordinator); one
    running practice per trainee, at most ``TRAINING_SIMULATOR_LIMIT`` on the platform."""

    if not may_practise(actor):
        raise PermissionDenied
    scenario = scenarios().get(key)
    if scenario is None:
        raise ValidationError({"scenario": _("Choose a scenario from the list.")})
    organisation = practice_organisation()
    with transaction.atomic():
        # One start at a time on the whole platform: the limits are checked and taken
        # under this lock (SQLite's immediate transactions serialise as well).
        Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        if running().filter(trainee=actor).exists():
            raise ValidationError(
                _(
                    "You have a practice session running already. Close it, or wait until it "
                    "ends, before you start another."
                )
            )
        if running().count() >= settings.TRAINING_SIMULATOR_LIMIT:
            raise ValidationError(
                _(
                    "Too many practice sessions are running on the platform at the moment. "
                    "Please try again later."
                )
            )
        if not Membership.objects.filter(user=actor, organisation=organisation).exists():
            accounts.add_member(SYSTEM, organisation, actor, Role.COORDINATOR)
        spec = dict(scenario["technology"])
        base, n = spec["name"], 1
        while Technology.objects.filter(organisation=organisation, name=spec["name"]).exists():
            n += 1
            spec["name"] = f"{base} ({n})"
        technology = cases.register_technology(SYSTEM, organisation, **spec)
        case = cases.describe_case(SYSTEM, technology, **scenario["case"])
        workshop = workshops.plan_workshop(
            SYSTEM,
            case,
            starts_at=timezone.now(),
            format="online",
            moderator=actor,
            co_moderator=actor,
        )
        session = PracticeSession.objects.create(trainee=actor, workshop=workshop, scenario=key)
        record(actor, "start_practice", session, organisation, scenario=key)
    return session


def own_address(request) -> str:
    """Where the simulator reaches this server: the socket the request came in on (the ASGI
    server's own address), never the Host header, which the caller writes; a Host of
    ``127.0.0.1:9999`` would otherwise have the server send the join code to any local port."""
    host, port = request.META.get("SERVER_NAME", ""), request.META.get("SERVER_PORT", "")
    if host in ("", "0.0.0.0"):  # noqa: S104 (listening on every address: use loopback)
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def simulator_command(session: PracticeSession, base_url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "guidance_ethics.cli",
        "simulate-participants",
        "--workshop",
        str(session.workshop_id),
        "--code",
        session.workshop.join_code,
        "--scenario",
        session.scenario,
        "--base-url",
        base_url,
        "--pace",
        str(settings.TRAINING_SIMULATOR_PACE),
    ]


def launch_simulation(session: PracticeSession, base_url: str) -> subprocess.Popen | None:
    """Start the simulated participants in a process of their own (not in tests, where
    ``TRAINING_SIMULATOR`` is off and the test starts them itself), and a thread that waits
    for it to end."""
    if not getattr(settings, "TRAINING_SIMULATOR", True):
        return None
    process = subprocess.Popen(  # noqa: S603 - our own command, no shell
        simulator_command(session, base_url),
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    with _simulators_lock:
        _simulators[session.workshop_id] = process
    threading.Thread(
        target=_reap,
        args=(session.workshop_id, process),
        name=f"simulator-{session.workshop_id}",
        daemon=True,
    ).start()
    return process


def _reap(workshop_id: int, process: subprocess.Popen) -> None:
    process.wait()
    with _simulators_lock:
        if _simulators.get(workshop_id) is process:
            del _simulators[workshop_id]


def simulator_of(workshop_id: int) -> subprocess.Popen | None:
    with _simulators_lock:
        return _simulators.get(workshop_id)


def stop_simulation(workshop_id: int) -> None:
    """Stop the simulator of a session, if this server process runs it; its thread reaps it."""
    process = simulator_of(workshop_id)
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
        os.killpg(process.pid, signal.SIGTERM)  # its own process group (start_new_session)


def on_workshop_saved(sender, instance, **kwargs) -> None:
    if instance.closed_at is not None and simulator_of(instance.pk) is not None:
        transaction.on_commit(lambda: stop_simulation(instance.pk))


def on_practice_deleted(sender, instance, **kwargs) -> None:
    if simulator_of(instance.workshop_id) is not None:
        transaction.on_commit(lambda: stop_simulation(instance.workshop_id))


def debrief(session: PracticeSession) -> dict:
    """What the trainee left undone, and how long each phase took against the plan."""

    workshop = session.workshop
    scenario = scenarios().get(session.scenario, {})
    visible = list(
        Effect.objects.filter(workshop=workshop, merged_into=None, hidden=False)
        .prefetch_related("links")
        .order_by("pk")
    )
    unlinked = [e.text for e in visible if not e.links.all()]
    duplicates = []
    for n, one in enumerate(visible):
        for other in visible[n + 1 :]:
            if one.polarity == other.polarity and (
                similarity(stem_set(one.text), stem_set(other.text)) >= 0.6
            ):
                duplicates.append((one.text, other.text))
    flagged = {
        e["text"]: e["note"]
        for e in scenario.get("phases", {}).get("effects", {}).get("effects", [])
        if e.get("note") in ("off_topic", "moderate")
    }
    left_on_board = [(e.text, flagged[e.text]) for e in visible if e.text in flagged]
    heard = set()
    for model in (Question, Actor, Effect, ActionOption):
        heard |= set(
            model.objects.filter(
                workshop=workshop, hidden=False, participant__isnull=False
            ).values_list("participant__stakeholder_group", flat=True)
        )
    joined = set(
        Participant.objects.filter(workshop=workshop).values_list("stakeholder_group", flat=True)
    )
    labels = dict(Participant.Group.choices)
    not_heard = sorted(labels[g] for g in joined - heard)
    changes = list(
        AuditEntry.objects.filter(
            verb="set_phase", object_type="workshops.workshop", object_id=str(workshop.pk)
        )
        .order_by("created_at", "pk")
        .values_list("data", "created_at")
    )
    end = workshop.closed_at or timezone.now()
    spent: dict[str, timedelta] = {}
    for (data, at), following in zip(changes, [*changes[1:], (None, end)], strict=True):
        phase = data.get("new")
        spent[phase] = spent.get(phase, timedelta()) + (following[1] - at)
    planned = scenario.get("planned_minutes", {})

    times = [
        (Phase(phase).label, round(spent.get(phase, timedelta()).total_seconds() / 60, 1), minutes)
        for phase, minutes in planned.items()
        if phase in Phase.values
    ]
    return {
        "unlinked": unlinked,
        "duplicates": duplicates,
        "left_on_board": left_on_board,
        "not_heard": not_heard,
        "times": times,
    }
