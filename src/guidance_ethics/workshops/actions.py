"""Every write of a live session goes through these functions and those of the co-moderator
(``comoderator_actions.py``).

Each takes who acts (a staff ``User``, a ``Participant``, or ``SYSTEM``), locks the workshop
row, validates, writes, appends one event to the workshop's log and, for staff actions, an
audit entry; all in one transaction. Events are published after commit (``live.events``).
A refused call raises ValidationError or PermissionDenied and changes nothing. Other apps act
on a session's close and deletion through ``signals.py``.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance_ethics.accounts.access import colleagues, require_own_practice
from guidance_ethics.accounts.queries import require_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.cases.signals import changed
from guidance_ethics.lib.text import clean_fields
from guidance_ethics.live.events import append_event
from guidance_ethics.workshops import participants, payloads, signals
from guidance_ethics.workshops.action_helpers import (
    _author,
    _check_open,
    _clean_text,
    _close_vote,
    _effect_event,
    _item,
    _locked,
    _moderated,
    _refuse,
    _save,
    _status_event,
    _value,
    _votes_event,
)
from guidance_ethics.workshops.models import (
    PHASE_ORDER,
    ActionOption,
    Actor,
    Effect,
    Evaluation,
    Participant,
    Phase,
    Question,
    Vote,
    Workshop,
    WorkshopValue,
    could_be_join_code,
    hash_token,
    new_join_code,
    normalise_join_code,
)
from guidance_ethics.workshops.pace import check_pace

PLAN_FIELDS = (
    "starts_at",
    "format",
    "moderator",
    "co_moderator",
    "sponsor_name",
    "sponsor_on_board",
    "case_owner_name",
    "case_owner_on_board",
    "values_forward",
    "votes_per_participant",
    "private_writing",
    "dots_hidden",
    "allow_display_names",
)


# --- planning and joining -------------------------------------------------------------------


def plan_workshop(actor, case, previous=None, **values) -> Workshop:
    """A coordinator plans a session for a case; it gets an unguessable join code.
    ``previous``: for a follow-up, a closed session about the same technology."""
    require_role(actor, case.organisation, Role.COORDINATOR)
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    errors = {}
    if previous is not None and (
        previous.case.technology_id != case.technology_id or not previous.is_closed
    ):
        errors["previous"] = _("Choose a closed session about the same technology.")
    try:
        values = clean_fields(Workshop, values)  # the names of the sponsor and case owner
    except ValidationError as error:
        errors.update(error.error_dict)
    for field in ("moderator", "co_moderator"):
        person = values.get(field)
        if person is not None and not colleagues(actor, case.organisation).filter(pk=person.pk):
            errors[field] = _("Choose a member of the organisation.")
    if errors:
        raise ValidationError(errors)
    for _attempt in range(10):
        try:
            with transaction.atomic():
                workshop = Workshop(
                    case=case,
                    organisation=case.organisation,
                    join_code=new_join_code(),
                    previous=previous,
                    **values,
                )
                _save(workshop)
                record(actor, "plan_workshop", workshop, case.organisation)
                return workshop
        except IntegrityError:  # a join code that exists already: draw again
            continue
    raise RuntimeError("could not draw a free join code")


def join_workshop(
    code: str, *, display_name: str = "", stakeholder_group: str, consent_publication: bool
):
    """Someone joins with the code; returns the participant and the token for their cookie."""
    code = normalise_join_code(code if isinstance(code, str) else "")
    if not isinstance(consent_publication, bool):
        _refuse(_("Say whether you agree to publication."), "required", "consent_publication")
    if not isinstance(display_name, str):
        _refuse(_("Enter a name, or leave it empty."), "invalid", "display_name")
    with transaction.atomic():
        workshop = None
        if could_be_join_code(code):
            workshop = Workshop.objects.select_for_update().filter(join_code=code).first()
        if workshop is None:
            _refuse(_("There is no session with this code."), "unknown", "code")
        if workshop.is_closed:
            _refuse(_("The session is closed."), "closed", "code")
        token = secrets.token_urlsafe(32)
        participant = Participant(
            workshop=workshop,
            token_hash=hash_token(token),
            display_name=_clean_text(display_name, "display_name", 60, single_line=True),
            stakeholder_group=stakeholder_group,
            consent_publication=consent_publication,
        )
        _save(participant)
        # No event in the log: the staff and the board get the counts (workshops/participants).
        transaction.on_commit(lambda: participants.publish(workshop, participant.pk))
    return participant, token


# --- contributions --------------------------------------------------------------------------


def add_question(by, workshop: Workshop, *, text) -> Question:
    check_pace(by)
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, by, {Phase.CASE})
        question = Question(workshop=workshop, text=_clean_text(text), **_author(by, workshop))
        _save(question)
        append_event(
            workshop,
            "question.added",
            payloads.question(question),
            payloads.question(question, staff=True),
        )
    return question


def add_actor(by, workshop: Workshop, *, name) -> Actor:
    check_pace(by)
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, by, {Phase.ACTORS, Phase.EFFECTS})
        actor = Actor(
            workshop=workshop,
            name=_clean_text(name, "name", 120, single_line=True),
            **_author(by, workshop),
        )
        _save(actor)
        append_event(
            workshop, "actor.added", payloads.actor(actor), payloads.actor(actor, staff=True)
        )
    return actor


def add_effect(by, workshop: Workshop, *, text, polarity, actor=None) -> Effect:
    """A positive or negative effect, for an actor; hidden from the board until revealed when
    the workshop uses private writing."""
    check_pace(by)
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, by, {Phase.EFFECTS})
        actor_obj = None if actor in (None, "") else _item(Actor, workshop, actor, "actor")
        if actor_obj is not None and actor_obj.merged_into_id:
            actor_obj = actor_obj.merged_into  # a phone that still offered the duplicate
        effect = Effect(
            workshop=workshop,
            text=_clean_text(text),
            polarity=polarity,
            actor=actor_obj,
            revealed=not workshop.private_writing,
            **_author(by, workshop),
        )
        _save(effect)
        _effect_event(workshop, "effect.added", effect, new=True)
    return effect


def add_option(by, workshop: Workshop, *, value, direction, text) -> ActionOption:
    check_pace(by)
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, by, {Phase.OPTIONS})
        chosen = _value(workshop, value)
        if not chosen.chosen:
            _refuse(_("Options are made for the chosen values."), "not_chosen", "value")
        option = ActionOption(
            workshop=workshop,
            value=chosen,
            direction=direction,
            text=_clean_text(text),
            **_author(by, workshop),
        )
        _save(option)
        append_event(
            workshop, "option.added", payloads.option(option), payloads.option(option, staff=True)
        )
    return option


def cast_votes(participant: Participant, workshop: Workshop, allocation) -> dict:
    """Replace the participant's dots: ``{value_id: dots}``, at most the workshop's limit."""
    check_pace(participant, "votes")
    if not isinstance(allocation, dict):
        _refuse(_("Give the votes per value."), "invalid", "votes")
    with transaction.atomic():
        workshop = _locked(workshop)
        _check_open(workshop, participant, {Phase.TRANSITION})
        if workshop.voting_closed:
            _refuse(_("Voting has been closed."), "voting_closed")
        dots = {}
        for value_id, count in allocation.items():
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                _refuse(_("Votes are whole numbers of zero or more."), "invalid", "votes")
            if count:
                dots[_value(workshop, value_id, "votes").pk] = count
        if sum(dots.values()) > workshop.votes_per_participant:
            _refuse(
                ngettext(
                    "You have %(n)s vote.", "You have %(n)s votes.", workshop.votes_per_participant
                )
                % {"n": workshop.votes_per_participant},
                "over_limit",
                "votes",
            )
        Vote.objects.filter(participant=participant).delete()
        Vote.objects.bulk_create(
            Vote(participant=participant, value_id=v, dots=d) for v, d in dots.items()
        )
        _votes_event(workshop)
    return dots


def submit_evaluation(
    participant: Participant, workshop: Workshop, *, changed_view, message="", quote_consent=False
) -> Evaluation:
    if not isinstance(quote_consent, bool):  # consent is a plain yes, never coerced
        _refuse(_("Use true or false."), "invalid", "quote_consent")
    with transaction.atomic():
        workshop = _locked(workshop)
        if workshop.phase != Phase.CLOSING or participant.workshop_id != workshop.pk:
            _refuse(_("The evaluation comes at the close of the session."), "wrong_phase")
        if Evaluation.objects.filter(participant=participant).exists():
            _refuse(_("You have already filled in the evaluation."), "duplicate")
        evaluation = Evaluation(
            participant=participant,
            changed_view=changed_view,
            message=_clean_text(message or "", "message"),
            quote_consent=quote_consent,
        )
        _save(evaluation)
        count = Evaluation.objects.filter(participant__workshop=workshop).count()
        append_event(workshop, "evaluation.added", {"count": count})
    return evaluation


def set_phase(actor, workshop: Workshop, phase: str) -> Workshop:
    """Move to any phase, forward or back. Leaving the transition for the options closes the
    vote and chooses the values; coming back to the transition opens the vote again."""
    if phase not in Phase.values:
        _refuse(_("Unknown phase."), "invalid", "phase")
    with transaction.atomic():
        workshop = _moderated(actor, workshop)
        old = workshop.phase
        if old == Phase.TRANSITION and phase == Phase.OPTIONS and not workshop.voting_closed:
            _close_vote(workshop)
        if phase == Phase.TRANSITION and old != Phase.TRANSITION:
            workshop.voting_closed = False
        workshop.phase = phase
        workshop.spotlight = ""
        workshop.save(update_fields=["phase", "spotlight", "voting_closed"])
        record(actor, "set_phase", workshop, workshop.organisation, old=old, new=phase)
        _status_event(workshop)
    return workshop


def step_phase(actor, workshop: Workshop, step: int) -> Workshop:
    phase, closed_at = Workshop.objects.values_list("phase", "closed_at").get(pk=workshop.pk)
    if closed_at is not None:  # set_phase refuses it too, under the lock
        _refuse(_("The session is closed."), "closed")
    index = PHASE_ORDER.index(phase)
    target = index + step
    if not 0 <= target < len(PHASE_ORDER):
        _refuse(_("There is no phase in that direction."), "invalid", "phase")
    return set_phase(actor, workshop, PHASE_ORDER[target])


def set_input_lock(actor, workshop: Workshop, locked: bool) -> Workshop:
    return _moderate_status(actor, workshop, "set_input_lock", input_locked=bool(locked))


def set_spotlight(actor, workshop: Workshop, item: str) -> Workshop:
    """Show one item large on the board (``effect:12``), or nothing (``""``)."""

    def check(workshop):
        if item:
            kind, _sep, item_id = item.partition(":")
            if kind not in HIDEABLE:
                _refuse(_("Unknown item."), "unknown", "item")
            _item(HIDEABLE[kind], workshop, item_id, "item")

    return _moderate_status(actor, workshop, "set_spotlight", check, spotlight=item)


def show_previous(actor, workshop: Workshop, shown: bool) -> Workshop:
    """Show (or hide) the earlier session's outcome on the board of a follow-up session."""

    def check(workshop):
        if not workshop.previous_id:
            _refuse(_("This session has no earlier session to show."), "invalid", "action")

    return _moderate_status(actor, workshop, "show_previous", check, show_previous=bool(shown))


_NOT_GIVEN = object()


def set_timer(actor, workshop: Workshop, *, action: str, seconds=_NOT_GIVEN) -> Workshop:
    """``set`` (seconds, stopped), ``start``, ``pause``, or ``add`` (seconds more).
    ``seconds`` given with another action must still be a number (``null`` is refused)."""
    if not isinstance(action, str) or action not in {"set", "start", "pause", "add"}:
        _refuse(_("Unknown timer action."), "invalid", "action")
    if (action in {"set", "add"} or seconds is not _NOT_GIVEN) and (
        not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 <= seconds <= 4 * 3600
    ):
        _refuse(_("Give a number of seconds up to four hours."), "invalid", "seconds")
    with transaction.atomic():
        workshop = _moderated(actor, workshop)
        now = timezone.now()
        remaining = workshop.timer_seconds
        if workshop.timer_started_at is not None:
            elapsed = int((now - workshop.timer_started_at).total_seconds())
            remaining = max(0, workshop.timer_seconds - elapsed)
        if action == "set":
            workshop.timer_seconds, workshop.timer_started_at = seconds, None
        elif action == "start":
            workshop.timer_seconds, workshop.timer_started_at = remaining, now
        elif action == "pause":
            workshop.timer_seconds, workshop.timer_started_at = remaining, None
        else:
            running = workshop.timer_started_at is not None
            workshop.timer_seconds = remaining + seconds
            workshop.timer_started_at = now if running else None
        workshop.save(update_fields=["timer_seconds", "timer_started_at"])
        _status_event(workshop)
    return workshop


def _moderate_status(actor, workshop, verb, check=None, **changes) -> Workshop:
    """Set fields of the workshop's status; ``check(workshop)`` refuses, after the gate."""
    with transaction.atomic():
        workshop = _moderated(actor, workshop)
        if check is not None:
            check(workshop)
        for field, value in changes.items():
            setattr(workshop, field, value)
        workshop.save(update_fields=list(changes))
        record(actor, verb, workshop, workshop.organisation, **changes)
        _status_event(workshop)
    return workshop


def reveal_effects(actor, workshop: Workshop) -> int:
    """Put every effect written in private on the board at once."""
    with transaction.atomic():
        workshop = _moderated(actor, workshop)
        effects = list(Effect.objects.filter(workshop=workshop, revealed=False))
        Effect.objects.filter(pk__in=[e.pk for e in effects]).update(revealed=True)
        shown = list(
            Effect.objects.filter(pk__in=[e.pk for e in effects], hidden=False).prefetch_related(
                "links"
            )
        )
        append_event(
            workshop,
            "effects.revealed",
            {"effects": [payloads.effect(e) for e in shown]},
            {"effects": [payloads.effect(e, staff=True) for e in shown]},
        )
        record(actor, "reveal_effects", workshop, workshop.organisation, count=len(effects))
    return len(effects)


HIDEABLE = {"question": Question, "actor": Actor, "effect": Effect, "option": ActionOption}


def set_hidden(actor, workshop: Workshop, *, kind: str, item_id, hidden: bool):
    """Moderation: hide an item from the board and the phones (never deleted, and logged)."""
    if not isinstance(kind, str) or kind not in HIDEABLE:
        _refuse(_("Unknown item."), "unknown", "type")
    with transaction.atomic():
        workshop = _moderated(actor, workshop)
        item = _item(HIDEABLE[kind], workshop, item_id, "id", visible_only=False)
        if item.withdrawn:
            _refuse(_("The author withdrew this item."), "withdrawn", "id")
        item.hidden = bool(hidden)
        item.save(update_fields=["hidden"])
        record(actor, "hide" if hidden else "unhide", item, workshop.organisation, type=kind)
        render = getattr(payloads, kind)
        public = {"type": kind, "id": item.pk}
        if not hidden and getattr(item, "revealed", True):
            public["item"] = render(item)
        staff_view = render(item, staff=True)
        append_event(
            workshop,
            "item.hidden" if hidden else "item.shown",
            public,
            {"type": kind, "id": item.pk, "item": staff_view},
        )
    return item


def close_workshop(actor, workshop: Workshop) -> Workshop:
    """The end: the board shows the summary and the session becomes read-only."""
    with transaction.atomic():
        workshop = _moderated(actor, workshop)
        workshop.phase = Phase.CLOSING
        workshop.closed_at = timezone.now()
        workshop.save(update_fields=["phase", "closed_at"])
        record(actor, "close_workshop", workshop, workshop.organisation)
        _status_event(workshop)
        # The report's first draft, in the same transaction (a receiver in the reports app).
        signals.session_closed.send(sender=Workshop, actor=actor, workshop=workshop)
        changed(workshop.case)
    return workshop


def close_vote(actor, workshop: Workshop) -> list[WorkshopValue]:
    with transaction.atomic():
        workshop = _moderated(actor, workshop)
        chosen = _close_vote(workshop)
    return chosen


def delete_workshop(actor, workshop: Workshop) -> None:
    """A coordinator deletes a session with everything of it: participants, contributions,
    votes, evaluations, the event log, reports. The case stays; its library entry follows."""
    require_role(actor, workshop.organisation, Role.COORDINATOR)
    case = workshop.case
    require_own_practice(actor, case)  # a practice session is its trainee's alone
    with transaction.atomic():
        record(
            actor,
            "delete_workshop",
            workshop,
            workshop.organisation,
            case=case.pk,
            starts_at=workshop.starts_at.isoformat(),
        )
        workshop.delete()
        changed(case)
