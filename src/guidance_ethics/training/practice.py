"""Practice sessions: a trainee runs a real session, with simulated participants, in the
platform's practice organisation ("Oefenomgeving"), so that practice never shows up among
an organisation's own cases.

Scenarios are JSON files: the ones shipped in ``training/scenarios/`` and any a trainer
puts in ``TRAINING_SCENARIO_DIR``. The simulated participants run in a process of their own
(``guidance-ethics simulate-participants``) that talks to the platform over HTTP only.
"""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidance_ethics.accounts.models import PRACTICE_SLUG, Membership, Organisation
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.lib.actors import SYSTEM
from guidance_ethics.training.models import Enrolment, PracticeSession, Trainer

SCENARIOS = Path(__file__).parent / "scenarios"
log = logging.getLogger(__name__)
REQUIRED = ("title", "technology", "case", "participants", "planned_minutes", "phases")


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
    from guidance_ethics.accounts import actions as accounts

    found = Organisation.objects.filter(slug=PRACTICE_SLUG).first()
    return found or accounts.create_organisation(
        SYSTEM, name="Oefenomgeving", kind=Organisation.Kind.OTHER, slug=PRACTICE_SLUG
    )


def require_own_practice(actor, case) -> None:
    """Every trainee is a coordinator of the practice organisation, so that they can run
    their practice sessions; deleting a practice case or session is its trainee's alone (and
    a platform administrator's), not every trainee's."""
    from guidance_ethics.lib.actors import is_system

    if case.organisation.slug != PRACTICE_SLUG or is_system(actor):
        return
    if getattr(actor, "is_superuser", False):
        return
    if not PracticeSession.objects.filter(workshop__case=case, trainee=actor).exists():
        raise PermissionDenied


def start(actor, key: str) -> PracticeSession:
    """Plan a practice session from a scenario, with the trainee as moderator and
    co-moderator, in the practice organisation (the trainee becomes its coordinator)."""
    from guidance_ethics.accounts import actions as accounts
    from guidance_ethics.cases import actions as cases
    from guidance_ethics.cases.models import Technology
    from guidance_ethics.workshops import actions as workshops

    if not may_practise(actor):
        raise PermissionDenied
    scenario = scenarios().get(key)
    if scenario is None:
        raise ValidationError({"scenario": _("Choose a scenario from the list.")})
    with transaction.atomic():
        organisation = practice_organisation()
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


def launch_simulation(session: PracticeSession, base_url: str) -> subprocess.Popen | None:
    """Start the simulated participants in a process of their own (not in tests, where
    ``TRAINING_SIMULATOR`` is off and the test starts them itself)."""
    if not getattr(settings, "TRAINING_SIMULATOR", True):
        return None
    command = [
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
    return subprocess.Popen(  # noqa: S603 - our own command, no shell
        command,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def debrief(session: PracticeSession) -> dict:
    """What the trainee left undone, and how long each phase took against the plan."""
    from guidance_ethics.audit.models import AuditEntry
    from guidance_ethics.suggestions.engine import similarity, stem_set
    from guidance_ethics.workshops.models import (
        ActionOption,
        Actor,
        Effect,
        Participant,
        Question,
    )

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
    from guidance_ethics.workshops.models import Phase

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
