"""Requests for a session: submitted by anyone, planned or declined by a coordinator.

The requester gets an e-mail at each step (received, planned, declined); the coordinators of
the chosen organisation (or the platform's administrators, when the requester chose none)
get one when a request arrives. Mail is built inside the transaction and leaves after it
commits (``lib/mail.py``): a mail that cannot be sent never leaves a request half-done.

Every submission of the public form counts against its address before anything else
(``count_submission``), and the requester's address gets at most ``MAIL_PER_RECIPIENT_LIMIT``
confirmations a day, whoever sends the requests.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from guidance_ethics.accounts.access import require_partner
from guidance_ethics.accounts.queries import emails_with_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.audit.actions import record
from guidance_ethics.cases import actions as cases
from guidance_ethics.followup.models import SessionRequest
from guidance_ethics.followup.queries import may_handle
from guidance_ethics.lib.mail import count_mail_to, mail_after_commit
from guidance_ethics.lib.ratelimit import FailureLimit
from guidance_ethics.lib.text import clean as clean_text
from guidance_ethics.lib.text import clean_fields
from guidance_ethics.workshops import actions as workshops

REQUEST_FIELDS = (
    "name",
    "email",
    "requester_organisation",
    "organisation",
    "technology",
    "technology_kind",
    "context",
    "phase",
    "question",
    "preferred_dates",
    "expected_participants",
)


class TooManyRequests(Exception):
    def __init__(self):
        super().__init__(
            _("You have sent several requests in a short time. Please try again in an hour.")
        )


def _limit():
    return FailureLimit(
        "session-request", settings.SESSION_REQUEST_LIMIT, settings.SESSION_REQUEST_WINDOW_SECONDS
    )


def count_submission(address: str) -> None:
    """Count a submission of the public form from this address, before it is even read
    (invalid ones and robots' too); TooManyRequests beyond ``SESSION_REQUEST_LIMIT``."""
    if not _limit().spend(address):
        raise TooManyRequests


def recipients_of(request: SessionRequest) -> list[str]:
    """Who handles the request: the organisation's coordinators, else the platform admins."""
    if request.organisation_id is None:
        return list(
            get_user_model()
            .objects.filter(is_staff=True, is_active=True)
            .values_list("email", flat=True)
        )
    return emails_with_role(request.organisation, Role.COORDINATOR)


def _notify_handlers(request: SessionRequest) -> None:
    """Tell whoever handles the request that it is there (after the commit)."""
    mail_after_commit(
        _("New request for a session: %(technology)s") % {"technology": request.technology},
        _("%(name)s (%(email)s) asks for a session about “%(technology)s”.")
        % {"name": request.name, "email": request.email, "technology": request.technology},
        recipients_of(request),
    )


def submit_request(requester, **values) -> SessionRequest:
    """Anyone asks for a session (the caller has counted it: ``count_submission``); the
    requester's address gets at most ``MAIL_PER_RECIPIENT_LIMIT`` confirmations a day."""
    unknown = set(values) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    count_mail_to("session-request", values.get("email"))
    request = SessionRequest(
        requested_by=requester if getattr(requester, "is_authenticated", False) else None,
        **clean_fields(SessionRequest, values),
    )
    request.full_clean()
    if request.organisation_id:
        require_partner(request.organisation)
    with transaction.atomic():
        request.save()
        if request.organisation_id:
            record(requester, "submit_session_request", request, request.organisation)
        with translation.override("nl"):
            mail_after_commit(
                _("Your request for a session has been received"),
                _(
                    "Dear %(name)s,\n\nThank you for your request for a session about "
                    "“%(technology)s”. It has been passed on; you will hear from us when the "
                    "session is planned."
                )
                % {"name": request.name, "technology": request.technology},
                [request.email],
            )
            _notify_handlers(request)
    return request


def _require_open(actor, request: SessionRequest) -> None:
    if not may_handle(actor, request):
        raise PermissionDenied
    if request.status != SessionRequest.Status.NEW:
        raise ValidationError(_("This request has been handled already."))


def assign_request(actor, request: SessionRequest, organisation) -> SessionRequest:
    """A platform administrator passes a request without an organisation on to one."""
    _require_open(actor, request)
    if request.organisation_id is not None:
        raise ValidationError(_("This request has an organisation already."))
    require_partner(organisation)
    with transaction.atomic():
        request.organisation = organisation
        request.save(update_fields=["organisation"])
        record(actor, "assign_session_request", request, organisation)
        with translation.override("nl"):
            mail_after_commit(
                _("Your request for a session has been passed on"),
                _(
                    "Dear %(name)s,\n\nYour request for a session about “%(technology)s” has "
                    "been passed on to %(organisation)s, which will contact you."
                )
                % {
                    "name": request.name,
                    "technology": request.technology,
                    "organisation": organisation.name,
                },
                [request.email],
            )
            _notify_handlers(request)
    return request


def plan_from_request(
    actor,
    request: SessionRequest,
    *,
    technology=None,
    technology_values=None,
    case_values,
    workshop_values,
):
    """Turn a request into a technology (or use an existing one), a case and a planned
    session, in one go; the requester hears the date."""
    _require_open(actor, request)
    if technology is not None and technology.organisation_id != request.organisation_id:
        raise ValidationError({"technology": _("Choose a technology of your organisation.")})
    with transaction.atomic():
        if technology is None:
            technology = cases.register_technology(actor, request.organisation, **technology_values)
        case = cases.describe_case(actor, technology, **case_values)
        workshop = workshops.plan_workshop(actor, case, **workshop_values)
        request.status = SessionRequest.Status.PLANNED
        request.handled_by = actor
        request.workshop = workshop
        request.save(update_fields=["status", "handled_by", "workshop"])
        record(actor, "plan_session_request", request, request.organisation)
        with translation.override("nl"):
            when = formats.date_format(timezone.localtime(workshop.starts_at), "DATETIME_FORMAT")
            mail_after_commit(
                _("Your session has been planned"),
                _(
                    "Dear %(name)s,\n\nThe session about “%(technology)s” you asked for has "
                    "been planned by %(organisation)s for %(when)s."
                )
                % {
                    "name": request.name,
                    "technology": request.technology,
                    "organisation": request.organisation.name,
                    "when": when,
                },
                [request.email],
            )
    return workshop


def decline_request(actor, request: SessionRequest, reason: str) -> SessionRequest:
    _require_open(actor, request)
    reason = clean_text(reason or "", "reason")
    if not reason:
        raise ValidationError({"reason": _("Say why, for the requester.")})
    with transaction.atomic():
        request.status = SessionRequest.Status.DECLINED
        request.reason = reason
        request.handled_by = actor
        request.save(update_fields=["status", "reason", "handled_by"])
        if request.organisation_id:
            record(actor, "decline_session_request", request, request.organisation)
        with translation.override("nl"):
            mail_after_commit(
                _("Your request for a session"),
                _(
                    "Dear %(name)s,\n\nYour request for a session about “%(technology)s” "
                    "cannot be granted:\n\n%(reason)s"
                )
                % {"name": request.name, "technology": request.technology, "reason": reason},
                [request.email],
            )
    return request
