"""Every write about actions (the follow-up of options for action) goes through here."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidance_ethics.accounts.access import colleagues, require_partner
from guidance_ethics.accounts.models import Organisation
from guidance_ethics.accounts.queries import emails_with_role, require_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.cases import actions as cases
from guidance_ethics.followup import queries
from guidance_ethics.followup.models import TEXT_LIMIT, Action, ActionNote, ActionShare
from guidance_ethics.lib import dates
from guidance_ethics.lib.text import clean as clean_text
from guidance_ethics.workshops import actions as workshops
from guidance_ethics.workshops.models import ActionOption


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def final_value(option: ActionOption):
    """The value an option is for, after any merges on the board."""
    value = option.value
    while value.merged_into_id:
        value = value.merged_into
    return value


def create_actions(actor, case, options) -> list[Action]:
    """A coordinator turns options for action of the case's closed sessions into actions."""
    require_role(actor, case.organisation, Role.COORDINATOR)
    ids = [option.pk if isinstance(option, ActionOption) else option for option in options]
    if not ids:
        raise ValidationError({"options": _("Choose at least one option.")})
    found = {
        option.pk: option
        for option in ActionOption.objects.filter(
            pk__in=ids, workshop__case=case, workshop__closed_at__isnull=False, hidden=False
        ).select_related("value__value", "value__merged_into", "workshop")
    }
    if set(ids) - set(found):
        raise ValidationError(
            {"options": _("Choose options from the closed sessions of this case.")}
        )
    taken = set(Action.objects.filter(option_id__in=ids).values_list("option_id", flat=True))
    if taken:
        raise ValidationError({"options": _("An option you chose is already an action.")})
    made = []
    with transaction.atomic():
        for pk in ids:
            option = found[pk]
            value = final_value(option)
            action = Action.objects.create(
                organisation=case.organisation,
                case=case,
                workshop=option.workshop,
                option=option,
                value_name=value.name,
                value_key=value.value.key if value.value_id else "",
                direction=option.direction,
                title=option.text,
                created_by=_person(actor),
            )
            record(actor, "create_action", action, case.organisation, option=option.pk)
            made.append(action)
    return made


def update_action(actor, action: Action, *, title, owner=None, owner_organisation=None, due=None):
    """A coordinator of the action's organisation sets what, who and when."""
    require_role(actor, action.organisation, Role.COORDINATOR)
    errors = {}
    title = clean_text(title or "", "title")
    if not title:
        errors["title"] = _("Describe the action.")
    elif len(title) > TEXT_LIMIT:
        errors["title"] = ngettext(
            "At most %(n)d character.", "At most %(n)d characters.", TEXT_LIMIT
        ) % {"n": TEXT_LIMIT}
    if owner is not None and not colleagues(actor, action.organisation).filter(pk=owner.pk):
        errors["owner"] = _("The owner must be a member of your organisation.")
    if due is not None and not dates.in_range(due):
        errors["due"] = dates.out_of_range_message()
    if owner_organisation is not None and (
        owner_organisation.pk == action.organisation_id or owner_organisation.is_practice
    ):
        errors["owner_organisation"] = _(
            "Choose a partner organisation, or a person of your own organisation."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action.title = title
        action.owner = owner
        action.owner_organisation = owner_organisation
        action.due = due
        action.save(update_fields=["title", "owner", "owner_organisation", "due", "updated_at"])
        if owner_organisation is not None:
            # The organisation that carries it out works on it: it sees and updates it.
            ActionShare.objects.get_or_create(
                action=action,
                organisation=owner_organisation,
                defaults={"shared_by": _person(actor)},
            )
        record(actor, "update_action", action, action.organisation)
    return action


def record_progress(actor, action: Action, *, status="", text="", drop_reason="") -> ActionNote:
    """A member of the organisation or of a partner changes the status or adds a note."""
    organisation = queries.acting_organisation(actor, action)
    if organisation is None:
        raise PermissionDenied
    errors = {}
    text = clean_text(text or "", "text")
    drop_reason = clean_text(drop_reason or "", "drop_reason")
    if status and status not in Action.Status.values:
        errors["status"] = _("Choose a status from the list.")
    changes_status = bool(status) and status != action.status
    if not changes_status and not text:
        errors["text"] = _("Write a note or choose another status.")
    if status == Action.Status.DROPPED and changes_status and not drop_reason:
        errors["drop_reason"] = _("Say why the action is dropped.")
    for name, value in (("text", text), ("drop_reason", drop_reason)):
        if len(value) > TEXT_LIMIT:
            errors[name] = ngettext(
                "At most %(n)d character.", "At most %(n)d characters.", TEXT_LIMIT
            ) % {"n": TEXT_LIMIT}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        note = ActionNote(
            action=action, author=_person(actor), organisation=organisation, text=text
        )
        if changes_status:
            note.status_from, note.status_to = action.status, status
            action.status = status
            action.drop_reason = drop_reason if status == Action.Status.DROPPED else ""
            action.save(update_fields=["status", "drop_reason", "updated_at"])
        note.save()
        record(actor, "record_progress", action, action.organisation, status=status or None)
    return note


def share_action(actor, action: Action, organisation: Organisation) -> ActionShare:
    require_role(actor, action.organisation, Role.COORDINATOR)
    if organisation.pk == action.organisation_id:
        raise ValidationError({"organisation": _("This is the action's own organisation.")})
    require_partner(organisation)
    with transaction.atomic():
        share, created = ActionShare.objects.get_or_create(
            action=action, organisation=organisation, defaults={"shared_by": _person(actor)}
        )
        if not created:
            raise ValidationError(
                {"organisation": _("The action is already shared with this organisation.")}
            )
        record(actor, "share_action", action, action.organisation, partner=organisation.name)
    return share


def stop_sharing_action(actor, share: ActionShare) -> None:
    action = share.action
    require_role(actor, action.organisation, Role.COORDINATOR)
    if action.owner_organisation_id == share.organisation_id:
        raise ValidationError(
            _("This organisation carries out the action; choose another owner first.")
        )
    with transaction.atomic():
        record(
            actor,
            "stop_sharing_action",
            action,
            action.organisation,
            partner=share.organisation.name,
        )
        share.delete()


def send_reminders(days: int, today=None) -> int:
    """E-mail who carries out each open action due within ``days`` days (or overdue), once
    per due date: the owner, else the coordinators of the partner organisation that owns it,
    else the coordinators of the action's organisation. Returns how many actions."""
    today = today or timezone.localdate()
    due = Action.objects.filter(
        status__in=Action.OPEN,
        due__isnull=False,
        due__lte=today + timedelta(days=days),
    ).select_related("owner", "owner_organisation", "organisation", "case")
    sent = 0
    for action in due:
        if action.reminded_for == action.due:
            continue
        recipients = _recipients(action)
        if recipients:
            with translation.override("nl"):
                subject = _("Reminder: action due on %(date)s") % {
                    "date": formats.date_format(action.due)
                }
                body = _(
                    "The action “%(title)s” (case: %(case)s) is due on %(date)s. Its status "
                    "is: %(status)s."
                ) % {
                    "title": action.title,
                    "case": action.case.title,
                    "date": formats.date_format(action.due),
                    "status": action.get_status_display(),
                }
            send_mail(subject, body, None, recipients)
            sent += 1
        Action.objects.filter(pk=action.pk).update(reminded_for=action.due)
    return sent


def _recipients(action: Action) -> list[str]:
    if action.owner_id and action.owner.email:
        return [action.owner.email]
    return emails_with_role(action.owner_organisation or action.organisation, Role.COORDINATOR)


def plan_followup(actor, case, *, case_values, workshop_values):
    """A follow-up session for the same technology: a copy of the case (edited, usually
    with a later phase) and a session planned on it, which can show the outcome of the
    case's last closed session on the board."""

    require_role(actor, case.organisation, Role.COORDINATOR)
    previous = case.workshops.filter(closed_at__isnull=False).order_by("-starts_at").first()
    with transaction.atomic():
        copy = cases.describe_case(actor, case.technology, **case_values)
        return workshops.plan_workshop(actor, copy, previous=previous, **workshop_values)
